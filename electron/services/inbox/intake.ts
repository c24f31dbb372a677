import { channelDef, type ChannelId } from '../../../shared/catalog/channels.js';
import type { DeliveryError, EventNote, EventSource, NotifyOutput } from '../../../shared/contract/sender.js';
import { parseOrThrow } from '../../../shared/errors.js';
import { dmsEventSchema } from '../../../shared/events/dms-event.js';
import { text } from '../../../shared/i18n-text.js';
import type { NewDelivery, Outbox } from '../outbox/outbox.js';
import { planEvent, SKIP_TEXT, type Plan, type RecipientDirectory } from '../rules/resolve.js';
import type { SettingsStore } from '../settings/settings-store.js';

export interface AcceptOptions {
  readonly source: EventSource;
  /** Same key → accepted once (e.g. HTTP `Idempotency-Key`, or the DMS watcher's `dms:<OrderId>:<StatusCode>`). */
  readonly idempotencyKey?: string;
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

export const noPlatformIdError = (channel: ChannelId): DeliveryError => ({
  // The admin reads the channel's name, never its id.
  code: 'NO_PLATFORM_ID',
  httpStatus: null,
  retryable: false,
  retryAfterMs: null,
  missingScopes: [],
  message: text(
    `This person has no user id on ${channelDef(channel).name.en}, so nothing could be sent.`,
    `此人在${channelDef(channel).name.zh}上没有用户 ID，因此无法发送。`,
  ),
  fix: SKIP_TEXT['no-platform-id'],
  consoleUrl: null,
});

/**
 * Turns a plan into outbox rows. People reached on no channel at all get a dead letter on every
 * channel in use, so the admin sees them and can retry after adding their id; people reached on
 * another channel, or skipped by choice (channel or rule off), are kept as notes on the event.
 */
export function deliveriesFor(plan: Plan): { deliveries: NewDelivery[]; notes: EventNote[] } {
  const deliveries: NewDelivery[] = [];
  const notes: EventNote[] = [];
  const unreachable = new Set(plan.nobody.filter((n) => n.reason === 'no-platform-id').map((n) => n.uid));
  for (const c of plan.channels) {
    for (const r of c.recipients) {
      deliveries.push({ channel: c.channel, recipientUid: r.uid, recipientName: r.name, platformUserId: r.platformUserId });
    }
    for (const m of c.missing) {
      if (c.used && unreachable.has(m.uid)) {
        deliveries.push({ channel: c.channel, recipientUid: m.uid, recipientName: m.name, platformUserId: null, error: noPlatformIdError(c.channel) });
      } else {
        notes.push({ uid: m.uid, name: m.name, channel: c.channel, reason: m.reason, message: SKIP_TEXT[m.reason] });
      }
    }
  }
  for (const n of plan.nobody) {
    if (n.reason !== 'no-platform-id' && !notes.some((x) => x.uid === n.uid && x.reason === n.reason)) {
      notes.push({ uid: n.uid, name: n.name, channel: null, reason: n.reason, message: n.message });
    }
  }
  return { deliveries, notes };
}

export function createIntake(deps: {
  outbox: Outbox;
  settings: SettingsStore;
  directory: RecipientDirectory;
  now: () => number;
  /** Called after a new event is stored (wakes the sender). */
  onAccepted?: () => void;
}): Intake {
  return {
    accept(raw, opts) {
      const event = parseOrThrow(dmsEventSchema, raw, 'event');
      const plan = planEvent(event, deps.settings.read(), deps.directory);
      const { deliveries, notes } = deliveriesFor(plan);
      const result = deps.outbox.enqueue({
        event,
        kind: { module: plan.kind.module.id, businessType: plan.kind.businessType.id, status: plan.kind.status.id },
        source: opts.source,
        idempotencyKey: opts.idempotencyKey ?? null,
        notes,
        deliveries,
        now: deps.now(),
      });
      if (!result.duplicate) deps.onAccepted?.();
      return result;
    },
  };
}
