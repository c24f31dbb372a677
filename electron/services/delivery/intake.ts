import type { EventKind } from '../../../shared/catalog/dms-events.js';
import type { EventSource, NotifyOutput } from '../../../shared/contract/sender.js';
import { parseOrThrow } from '../../../shared/errors.js';
import { unwrapDmsBody } from '../../../shared/events/dms-body.js';
import { dmsEventSchema, type DmsEvent } from '../../../shared/events/dms-event.js';
import { chatRecipient } from '../../../shared/chats.js';
import { chatDeliveries } from './chat-deliveries.js';
import type { QueueStore } from './outbox/types.js';
import { deliveriesFor } from './people-deliveries.js';
import type { RecipientNames } from '../directory/recipients.js';
import { planEvent, type Plan } from '../rules/resolve.js';
import type { SettingsStore } from '../settings/settings-store.js';

export interface AcceptOptions {
  readonly source: EventSource;
  /** Same key → accepted once (e.g. HTTP `Idempotency-Key`, or the DMS watcher's `dms:<OrderId>:<StatusCode>`). */
  readonly idempotencyKey?: string;
  /**
   * A test send (source `test`): only these of the rule's chats are posted to, and people known to be
   * unreachable are noted instead of dead-lettered (the admin saw them listed before confirming).
   */
  readonly testChats?: readonly string[];
  /** The kind the producer already knows (the DMS watcher, from the OpenAPI codes); absent = classified from the event's names. */
  readonly kind?: EventKind;
}

/** The single way in for events: webhook, CLI, contract and the DMS watcher all call accept(). */
export interface Intake {
  /**
   * Validates `event` (DMS custom-webhook body, plain object), resolves rules and stores the event
   * with its deliveries in one SQLite transaction. Returns once durable. Same content or same
   * idempotency key again → the original eventId with duplicate: true, nothing stored.
   * Throws AppError BAD_INPUT (with field issues) or DISK_FULL; nothing is stored then.
   */
  accept(event: unknown, opts: AcceptOptions): NotifyOutput;
}

export function createIntake(deps: {
  outbox: Pick<QueueStore, 'enqueue'>;
  settings: Pick<SettingsStore, 'read'>;
  directory: RecipientNames;
  now: () => number;
  /** Called after a new event is stored (wakes the sender). */
  onAccepted?: () => void;
  /** Called after a new event is stored, with its plan (approval reminders start and end here). */
  onStored?: (event: DmsEvent, plan: Plan, source: EventSource) => void;
}): Intake {
  return {
    accept(raw, opts) {
      const event = parseOrThrow(dmsEventSchema, unwrapDmsBody(raw), 'event');
      const settings = deps.settings.read();
      const plan = planEvent(event, settings, deps.directory, opts.kind);
      const test = opts.source === 'test';
      const people = deliveriesFor(plan, { unreachableAsNotes: test });
      const allChats = chatDeliveries(plan, settings);
      // A test posts into a team's chat only when the admin ticked it.
      const picked = new Set((opts.testChats ?? []).map(chatRecipient));
      const chats = test ? { deliveries: allChats.deliveries.filter((d) => picked.has(d.recipientUid)), notes: allChats.notes } : allChats;
      const deliveries = [...people.deliveries, ...chats.deliveries];
      // "Names nobody" is no news when the rule's chats are told.
      const notes = [...people.notes.filter((n) => chats.deliveries.length === 0 || n.reason !== 'no-recipients'), ...chats.notes];
      const result = deps.outbox.enqueue({
        event,
        kind: { module: plan.kind.module.id, businessType: plan.kind.businessType.id, status: plan.kind.status.id },
        source: opts.source,
        idempotencyKey: opts.idempotencyKey ?? null,
        notes,
        deliveries,
        now: deps.now(),
      });
      if (!result.duplicate) {
        deps.onStored?.(event, plan, opts.source);
        deps.onAccepted?.();
      }
      return result;
    },
  };
}
