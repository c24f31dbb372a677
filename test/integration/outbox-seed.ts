import type { ChannelId } from '../../shared/catalog/channels.js';
import type { DeliveryError } from '../../shared/contract/sender.js';
import { dmsEventSchema } from '../../shared/events/dms-event.js';
import { text } from '../../shared/i18n-text.js';
import type { Outbox } from '../../electron/services/delivery/outbox/outbox.js';
import { dmsBody } from './delivery-harness.js';

/** One attempt as the sender would record it: ok, failed and retried later, or failed into a dead letter. */
export type SeedAttempt = { at: number; ok: true } | { at: number; ok: false; error: DeliveryError; dead?: boolean };

export interface SeedDelivery {
  readonly channel: ChannelId;
  readonly uid: string;
  /** Null: no platform id, stored dead at once with `error` (NO_PLATFORM_ID), no attempt. */
  readonly platformUserId?: string | null;
  readonly error?: DeliveryError;
  readonly attempts?: readonly SeedAttempt[];
}

export function deliveryError(code: string, opts: { httpStatus?: number; retryable?: boolean; retryAfterMs?: number } = {}): DeliveryError {
  return {
    code,
    httpStatus: opts.httpStatus ?? null,
    retryable: opts.retryable ?? true,
    retryAfterMs: opts.retryAfterMs ?? null,
    missingScopes: [],
    message: text(`Failure ${code}.`, `失败 ${code}。`),
    fix: text(`Fix ${code}.`, `修复 ${code}。`),
    consoleUrl: null,
  };
}

/**
 * Writes one event received at `at` and its deliveries' attempts through the outbox's own write path
 * (enqueue → claim → record), so the log holds exactly what a real run with these outcomes holds.
 * Returns the delivery ids in the order given.
 */
export function seedEvent(outbox: Outbox, at: number, deliveries: readonly SeedDelivery[], taskName?: string): { eventId: string; ids: number[] } {
  const event = dmsEventSchema.parse(dmsBody(taskName ? { taskName } : {}));
  const { eventId } = outbox.queue.enqueue({
    event,
    kind: { module: 'ticket', businessType: 'data-export', status: 'pending-approval' },
    source: 'webhook',
    idempotencyKey: null,
    notes: [],
    deliveries: deliveries.map((d) => ({
      channel: d.channel,
      recipientUid: d.uid,
      recipientName: d.uid,
      platformUserId: d.platformUserId === undefined ? `p-${d.uid}` : d.platformUserId,
      ...(d.error ? { error: d.error } : {}),
    })),
    now: at,
  });
  const stored = outbox.log.deliveriesOf(eventId);
  const ids = deliveries.map((d) => stored.find((s) => s.channel === d.channel && s.recipientUid === d.uid)!.id);
  deliveries.forEach((d, i) => {
    const id = ids[i]!;
    for (const a of d.attempts ?? []) {
      outbox.queue.claim([id], a.at);
      outbox.queue.record([
        a.ok
          ? { id, at: a.at, durationMs: 10, ok: true }
          : { id, at: a.at, durationMs: 10, ok: false, error: a.error, nextAttemptAt: a.dead ? null : a.at + 60_000, countsAsFailure: true },
      ]);
    }
  });
  return { eventId, ids };
}
