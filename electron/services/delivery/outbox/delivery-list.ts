import { z } from 'zod';
import { DELIVERY_STATES, deliverySchema, type DeliveryState } from '../../../../shared/contract/sender.js';
import { parseError } from './rows.js';
import type { OutboxAdmin, OutboxStats } from './types.js';

/** One delivery with the ticket it belongs to: what `channel-desk deliveries list` prints. */
export const listedDeliverySchema = deliverySchema.extend({ taskId: z.string(), taskName: z.string() });
export type ListedDelivery = z.infer<typeof listedDeliverySchema>;

const rowSchema = z.object({
  id: z.number().int(),
  event_id: z.string(),
  channel: z.string(),
  recipient_uid: z.string(),
  recipient_name: z.string(),
  platform_user_id: z.string().nullable(),
  state: z.enum(DELIVERY_STATES),
  attempts: z.number().int(),
  next_attempt_at: z.number(),
  last_error: z.string().nullable(),
  created_at: z.number(),
  updated_at: z.number(),
  finished_at: z.number().nullable(),
  task_id: z.string(),
  task_name: z.string(),
});

/** Deliveries in the given states (all when empty), most recently changed first. */
export function listDeliveries(stats: OutboxStats, states: readonly DeliveryState[], limit: number): ListedDelivery[] {
  const wanted = states.length > 0 ? states : DELIVERY_STATES;
  const rows = stats.deliveriesWithTask(wanted, limit);
  return rows.map((raw) => {
    const r = rowSchema.parse(raw);
    return listedDeliverySchema.parse({
      id: r.id,
      eventId: r.event_id,
      channel: r.channel,
      recipientUid: r.recipient_uid,
      recipientName: r.recipient_name,
      platformUserId: r.platform_user_id,
      state: r.state,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at,
      lastError: parseError(r.last_error),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      finishedAt: r.finished_at,
      taskId: r.task_id,
      taskName: r.task_name,
    });
  });
}

/** Why a delivery the admin named was not queued again. */
export type NotRetried = { readonly id: number; readonly reason: 'not-found' | 'not-dead' };

/**
 * Dead letters (or discarded ones) back to the queue, as the delivery log's Retry does, and for each
 * id that was not: why. `--all-dead` retries every dead letter.
 */
export function retryDeliveries(
  outbox: { readonly admin: OutboxAdmin; readonly facts: OutboxStats },
  ids: readonly number[] | 'all-dead',
  now: number,
  platformIdFor: (uid: string, channel: ListedDelivery['channel']) => string | null,
): { queued: number; notRetried: NotRetried[] } {
  const before = ids === 'all-dead' ? [] : ids.map((id) => ({ id, state: outbox.facts.deliveryState(id) }));
  const queued = outbox.admin.retry(ids, now, platformIdFor);
  const notRetried: NotRetried[] = [];
  for (const b of before) {
    if (b.state === null) notRetried.push({ id: b.id, reason: 'not-found' });
    else if (b.state !== 'dead' && b.state !== 'discarded') notRetried.push({ id: b.id, reason: 'not-dead' });
  }
  return { queued, notRetried };
}
