import { CHANNEL_IDS, type ChannelId } from '../../../shared/catalog/channels.js';
import { deliveryErrorSchema, type DeliveryError } from '../../../shared/contract/sender.js';
import type { Outbox } from '../outbox/outbox.js';
import { isThrottle } from '../sender/backoff.js';

/** What the outbox says about one channel, for the health summary and the metrics. */
export interface ChannelOutboxFacts {
  /** When the newest successful attempt finished (ms), or null. */
  readonly lastSuccessAt: number | null;
  /** The newest attempt, successful or not. */
  readonly newestAttempt: { readonly at: number; readonly ok: boolean } | null;
  /** The newest failure: a failed attempt or a dead letter (which may have had no attempt at all). */
  readonly lastError: { readonly at: number; readonly error: DeliveryError } | null;
  /** When the newest dead letter (state 'dead', not discarded) became one, or null. */
  readonly newestDeadAt: number | null;
  readonly queued: number;
  readonly deadLetters: number;
  readonly rateLimitWaits: number;
}

export interface OutboxFacts {
  readonly channels: Record<ChannelId, ChannelOutboxFacts>;
  readonly lastEvent: { readonly at: number; readonly source: string } | null;
}

const parseError = (json: string | null): DeliveryError | null => {
  if (json === null) return null;
  try {
    const r = deliveryErrorSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
};

/**
 * Reads the facts with indexed queries only (newest-first scans that stop at the first hit, counts of
 * the few active/dead rows), so asking for health every few seconds stays cheap on a big log.
 * `since` bounds the rate-limit count (the last 24 hours for the summary).
 */
export function readOutboxFacts(outbox: Outbox, since: number): OutboxFacts {
  const newestAttempt = outbox.prepared<[string], { at: number; end: number; ok: number; error: string | null }>(
    `SELECT a.at AS at, a.at + a.duration_ms AS end, a.ok AS ok, a.error AS error FROM attempts a INDEXED BY attempts_at
     JOIN deliveries d ON d.id = a.delivery_id WHERE d.channel = ? ORDER BY a.at DESC, a.id DESC LIMIT 1`,
  );
  const newestOk = outbox.prepared<[string], { end: number }>(
    `SELECT a.at + a.duration_ms AS end FROM attempts a INDEXED BY attempts_at
     JOIN deliveries d ON d.id = a.delivery_id WHERE d.channel = ? AND a.ok = 1 ORDER BY a.at DESC, a.id DESC LIMIT 1`,
  );
  const newestFailed = outbox.prepared<[string], { end: number; error: string | null }>(
    `SELECT a.at + a.duration_ms AS end, a.error AS error FROM attempts a INDEXED BY attempts_at
     JOIN deliveries d ON d.id = a.delivery_id WHERE d.channel = ? AND a.ok = 0 ORDER BY a.at DESC, a.id DESC LIMIT 1`,
  );
  const newestDead = outbox.prepared<[string], { finished_at: number; last_error: string | null }>(
    `SELECT finished_at, last_error FROM deliveries WHERE channel = ? AND state = 'dead' ORDER BY finished_at DESC, id DESC LIMIT 1`,
  );
  const active = outbox
    .prepared<[], { channel: string; state: string; n: number }>(
      `SELECT channel, state, COUNT(*) AS n FROM deliveries WHERE state IN ('queued', 'sending', 'retrying', 'dead') GROUP BY channel, state`,
    )
    .all();
  const throttled = new Map<string, number>();
  for (const r of outbox
    .prepared<[number], { channel: string; error: string | null }>(
      `SELECT d.channel AS channel, a.error AS error FROM attempts a INDEXED BY attempts_at
       JOIN deliveries d ON d.id = a.delivery_id WHERE a.at >= ? AND a.ok = 0`,
    )
    .iterate(since)) {
    const e = parseError(r.error);
    if (e && isThrottle(e)) throttled.set(r.channel, (throttled.get(r.channel) ?? 0) + 1);
  }

  const channels = {} as Record<ChannelId, ChannelOutboxFacts>;
  for (const channel of CHANNEL_IDS) {
    const attempt = newestAttempt.get(channel);
    const failed = newestFailed.get(channel);
    const dead = newestDead.get(channel);
    const failedError = failed ? parseError(failed.error) : null;
    const deadError = dead ? parseError(dead.last_error) : null;
    let lastError: ChannelOutboxFacts['lastError'] = failed && failedError ? { at: failed.end, error: failedError } : null;
    if (dead && deadError && (lastError === null || dead.finished_at > lastError.at)) lastError = { at: dead.finished_at, error: deadError };
    const count = (state: string): number => active.find((r) => r.channel === channel && r.state === state)?.n ?? 0;
    channels[channel] = {
      lastSuccessAt: newestOk.get(channel)?.end ?? null,
      newestAttempt: attempt ? { at: attempt.at, ok: attempt.ok === 1 } : null,
      lastError,
      newestDeadAt: dead?.finished_at ?? null,
      queued: count('queued') + count('sending') + count('retrying'),
      deadLetters: count('dead'),
      rateLimitWaits: throttled.get(channel) ?? 0,
    };
  }
  const last = outbox.prepared<[], { received_at: number; source: string }>('SELECT received_at, source FROM events ORDER BY seq DESC LIMIT 1').get();
  return { channels, lastEvent: last ? { at: last.received_at, source: last.source } : null };
}
