import type { EventKind } from '../../../shared/catalog/dms-events.js';
import type { SkipReason } from '../../../shared/contract/rules.js';
import type { EventNote, EventSource, NotifyOutput } from '../../../shared/contract/sender.js';
import { parseOrThrow } from '../../../shared/errors.js';
import { unwrapDmsBody } from '../../../shared/events/dms-body.js';
import { dmsEventSchema, type DmsEvent } from '../../../shared/events/dms-event.js';
import type { ReminderMark } from '../../../shared/reminders.js';
import { chatRecipient } from '../../../shared/chats.js';
import { chatDeliveries } from './chat-deliveries.js';
import { recipientError } from '../directory/recipient-errors.js';
import type { NewDelivery, QueueStore } from './outbox/types.js';
import type { RecipientNames } from '../directory/recipients.js';
import { planEvent, SKIP_TEXT, type Plan } from '../rules/resolve.js';
import type { SettingsStore } from '../settings/settings-store.js';

export interface AcceptOptions {
  readonly source: EventSource;
  /** Same key → accepted once (e.g. HTTP `Idempotency-Key`, or the DMS watcher's `dms:<OrderId>:<StatusCode>`). */
  readonly idempotencyKey?: string;
  /** Only the people the event names (a reminder or escalation), not the rule's additional users. */
  readonly eventPeopleOnly?: boolean;
  /** What the reminder scheduler sends this as (the sender writes its text per channel language). */
  readonly reminder?: ReminderMark;
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

const UNREACHABLE = new Set<SkipReason>(['not-in-users', 'not-found', 'outside-availability']);

/**
 * Turns a plan into outbox rows. Someone not looked up yet is queued without an id: the sender looks
 * them up first. People reached on no channel at all get a dead letter on every channel in use saying
 * why (not in Users / no such person / outside availability), so the admin sees them and can retry;
 * people reached on another channel, or skipped by choice (channel or rule off), are kept as notes.
 */
export function deliveriesFor(plan: Plan, opts: { unreachableAsNotes?: boolean } = {}): { deliveries: NewDelivery[]; notes: EventNote[] } {
  const deliveries: NewDelivery[] = [];
  const notes: EventNote[] = [];
  const unreachable = new Set(opts.unreachableAsNotes ? [] : plan.nobody.filter((n) => UNREACHABLE.has(n.reason)).map((n) => n.uid));
  for (const c of plan.channels) {
    for (const r of c.recipients) {
      deliveries.push({ channel: c.channel, recipientUid: r.uid, recipientName: r.name, platformUserId: r.platformUserId });
    }
    for (const m of c.missing) {
      if (c.used && m.reason === 'lookup-pending') {
        deliveries.push({ channel: c.channel, recipientUid: m.uid, recipientName: m.name, platformUserId: null });
      } else if (c.used && unreachable.has(m.uid) && UNREACHABLE.has(m.reason)) {
        const reason = m.reason as 'not-in-users' | 'not-found' | 'outside-availability';
        deliveries.push({
          channel: c.channel,
          recipientUid: m.uid,
          recipientName: m.name,
          platformUserId: null,
          error: recipientError(reason, m.uid, c.channel),
        });
      } else {
        notes.push({ uid: m.uid, name: m.name, channel: c.channel, reason: m.reason, message: SKIP_TEXT[m.reason] });
      }
    }
  }
  for (const n of plan.nobody) {
    if ((opts.unreachableAsNotes || !UNREACHABLE.has(n.reason)) && !notes.some((x) => x.uid === n.uid && x.reason === n.reason)) {
      notes.push({ uid: n.uid, name: n.name, channel: null, reason: n.reason, message: n.message });
    }
  }
  return { deliveries, notes };
}

export function createIntake(deps: {
  outbox: Pick<QueueStore, 'enqueue'>;
  settings: SettingsStore;
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
      const plan = planEvent(
        event,
        opts.eventPeopleOnly ? { ...settings, rules: settings.rules.map((r) => ({ ...r, additionalUsers: [] })) } : settings,
        deps.directory,
        opts.kind,
      );
      const test = opts.source === 'test';
      const people = deliveriesFor(plan, { unreachableAsNotes: test });
      // Reminders, escalations and digests go to the people they name; the rule's chats had the event itself.
      const allChats = opts.eventPeopleOnly ? { deliveries: [], notes: [] } : chatDeliveries(plan, settings);
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
        reminder: opts.reminder ?? null,
      });
      if (!result.duplicate) {
        deps.onStored?.(event, plan, opts.source);
        deps.onAccepted?.();
      }
      return result;
    },
  };
}
