import { CHANNEL_IDS, type ChannelId } from '../../../shared/catalog/channels.js';
import { deliveryErrorSchema, type DeliveryError } from '../../../shared/contract/sender.js';
import type { Outbox } from '../delivery/index.js';
import { isThrottle } from '../delivery/index.js';
import { errorScope } from './channel-health.js';

/** What the outbox says about one channel, for the health summary. */
export interface ChannelOutboxFacts {
  /** When the newest successful attempt finished (ms), or null. */
  readonly lastSuccessAt: number | null;
  /**
   * The newest failure that is the channel's fault (credentials, scope, quota, outage): a failed attempt
   * or a dead letter (which may have had no attempt at all). Recipients' problems are not in it.
   */
  readonly lastError: { readonly at: number; readonly error: DeliveryError } | null;
  readonly queued: number;
  readonly deadLetters: number;
  /** Recipients (DMS uid or chat) whose dead letter says they cannot be reached (no such person, outside availability, bot not in the chat). */
  readonly unreachable: ReadonlySet<string>;
  /** Throttled attempts at or after `since`. */
  readonly rateLimitWaits: number;
}

export interface OutboxFacts {
  readonly channels: Record<ChannelId, ChannelOutboxFacts>;
  /** The newest event DMS posted to the webhook inbox. */
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

interface AttemptRow {
  id: number;
  channel: string;
  at: number;
  end: number;
  ok: number;
  error: string | null;
  code: string | null;
  http_status: number | null;
  retry_after_ms: number | null;
}

interface Newest {
  okEnd: { at: number; id: number; end: number } | null;
  failed: { at: number; id: number; end: number; error: string | null } | null;
  throttledAt: number[];
}

const isChannel = (c: string): c is ChannelId => (CHANNEL_IDS as readonly string[]).includes(c);

const newer = (a: { at: number; id: number } | null, at: number, id: number): boolean => a === null || at > a.at || (at === a.at && id > a.id);

/**
 * Reads the health facts of the outbox. Attempts are read incrementally by id (the newest success
 * and channel-fault failure per channel are kept from earlier reads), because finding "the newest attempt of
 * a channel that has none" would otherwise scan the whole attempts table on every call; the rest are
 * small indexed queries (active and dead deliveries, the newest event).
 */
export class OutboxFactsReader {
  private lastId = 0;
  private readonly newest = new Map<string, Newest>();

  constructor(private readonly outbox: Outbox) {}

  private entry(channel: string): Newest {
    let e = this.newest.get(channel);
    if (!e) {
      e = { okEnd: null, failed: null, throttledAt: [] };
      this.newest.set(channel, e);
    }
    return e;
  }

  private readNewAttempts(): void {
    const rows = this.outbox
      .prepared<[number], AttemptRow>(
        `SELECT a.id AS id, d.channel AS channel, a.at AS at, a.at + a.duration_ms AS end, a.ok AS ok, a.error AS error,
           json_extract(a.error, '$.code') AS code, json_extract(a.error, '$.httpStatus') AS http_status,
           json_extract(a.error, '$.retryAfterMs') AS retry_after_ms
         FROM attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE a.id > ? ORDER BY a.id`,
      )
      .iterate(this.lastId);
    for (const r of rows) {
      this.lastId = r.id;
      const e = this.entry(r.channel);
      if (r.ok === 1) {
        if (newer(e.okEnd, r.at, r.id)) e.okEnd = { at: r.at, id: r.id, end: r.end };
        continue;
      }
      const channelFault = r.code !== null && isChannel(r.channel) && errorScope(r.channel, String(r.code), r.http_status) === 'channel';
      if (channelFault && newer(e.failed, r.at, r.id)) e.failed = { at: r.at, id: r.id, end: r.end, error: r.error };
      if (r.code !== null && isThrottle({ code: String(r.code), httpStatus: r.http_status, retryAfterMs: r.retry_after_ms })) e.throttledAt.push(r.at);
    }
  }

  read(since: number): OutboxFacts {
    this.readNewAttempts();
    // Dead letters are few (the admin retries or discards them); each is sorted into channel or recipient fault here.
    const dead = this.outbox
      .prepared<[], { channel: string; uid: string; finished: number | null; code: string | null; http_status: number | null; last_error: string | null }>(
        `SELECT channel, recipient_uid AS uid, finished_at AS finished, json_extract(last_error, '$.code') AS code,
           json_extract(last_error, '$.httpStatus') AS http_status, last_error FROM deliveries WHERE state = 'dead'`,
      )
      .all();
    const queued = this.outbox
      .prepared<[], { channel: string; n: number }>(
        `SELECT channel, COUNT(*) AS n FROM deliveries WHERE state IN ('queued', 'sending', 'retrying') GROUP BY channel`,
      )
      .all();

    const channels = {} as Record<ChannelId, ChannelOutboxFacts>;
    for (const channel of CHANNEL_IDS) {
      const e = this.entry(channel);
      e.throttledAt = e.throttledAt.filter((t) => t >= since);
      const failedError = e.failed ? parseError(e.failed.error) : null;
      let lastError: ChannelOutboxFacts['lastError'] = e.failed && failedError ? { at: e.failed.end, error: failedError } : null;
      const mine = dead.filter((r) => r.channel === channel);
      const unreachable = new Set<string>();
      for (const r of mine) {
        const scope = r.code === null ? 'neither' : errorScope(channel, String(r.code), r.http_status);
        if (scope === 'recipient') unreachable.add(r.uid);
        if (scope !== 'channel' || r.finished === null || (lastError !== null && r.finished <= lastError.at)) continue;
        const error = parseError(r.last_error);
        if (error) lastError = { at: r.finished, error };
      }
      channels[channel] = {
        lastSuccessAt: e.okEnd?.end ?? null,
        lastError,
        queued: queued.find((r) => r.channel === channel)?.n ?? 0,
        deadLetters: mine.length,
        unreachable,
        rateLimitWaits: e.throttledAt.length,
      };
    }
    // The inbox card tells whether DMS reaches the webhook: reminders, tests and CLI calls say nothing about that.
    const last = this.outbox
      .prepared<[], { received_at: number; source: string }>("SELECT received_at, source FROM events WHERE source = 'webhook' ORDER BY seq DESC LIMIT 1")
      .get();
    return { channels, lastEvent: last ? { at: last.received_at, source: last.source } : null };
  }
}
