import { parseOrThrow } from '../../../../shared/errors.js';
import { dmsEventSchema, type DmsEvent } from '../../../../shared/events/dms-event.js';
import type { ReminderMark } from '../../../../shared/reminders.js';
import type { RecipientNames } from '../../directory/recipients.js';
import { planNamedPeople } from '../../rules/resolve.js';
import type { SettingsStore } from '../../settings/settings-store.js';
import type { EnqueueResult, QueueStore } from '../outbox/types.js';
import { deliveriesFor } from '../people-deliveries.js';

/** Queues one reminder, escalation or digest; the same idempotency key again queues nothing. */
export type QueueReminder = (event: DmsEvent, mark: ReminderMark, idempotencyKey: string) => EnqueueResult;

export interface ReminderQueueDeps {
  readonly outbox: Pick<QueueStore, 'enqueue'>;
  readonly settings: Pick<SettingsStore, 'read'>;
  readonly directory: RecipientNames;
  readonly now: () => number;
  /** Called after a reminder is stored (wakes the sender). */
  readonly onQueued: () => void;
}

/**
 * A reminder, an escalation or a digest is a delivery of the ticket's stored event with its mark: to the
 * people the event names (the approvers, or whom it escalates to) on its rule's channels, not to the rule's
 * additional users or chats, which had the event itself. People who cannot be reached get dead letters, as
 * for any event. It starts and ends no reminders.
 */
export function createReminderQueue(deps: ReminderQueueDeps): QueueReminder {
  return (stored, mark, idempotencyKey) => {
    // The scheduler reads the event back from SQLite: checked again like any event before it is stored.
    const event = parseOrThrow(dmsEventSchema, stored, 'event');
    const plan = planNamedPeople(event, deps.settings.read(), deps.directory);
    const { module, businessType, status } = plan.kind;
    const result = deps.outbox.enqueue({
      event,
      kind: { module: module.id, businessType: businessType.id, status: status.id },
      source: 'reminder',
      idempotencyKey,
      ...deliveriesFor(plan),
      now: deps.now(),
      reminder: mark,
    });
    if (!result.duplicate) deps.onQueued();
    return result;
  };
}
