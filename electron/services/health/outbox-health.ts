import { CHANNEL_IDS, type ChannelId } from '../../../shared/catalog/channels.js';
import type { DeliveryError } from '../../../shared/contract/sender.js';
import type { OutboxStats } from '../delivery/index.js';
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

interface Newest {
  okEnd: { at: number; id: number; end: number } | null;
  failed: { at: number; id: number; end: number; error: DeliveryError | null } | null;
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

  constructor(private readonly stats: OutboxStats) {}

  private entry(channel: string): Newest {
    let e = this.newest.get(channel);
    if (!e) {
      e = { okEnd: null, failed: null, throttledAt: [] };
      this.newest.set(channel, e);
    }
    return e;
  }

  private readNewAttempts(): void {
    for (const r of this.stats.attemptsAfter(this.lastId)) {
      this.lastId = r.id;
      const e = this.entry(r.channel);
      if (r.ok) {
        if (newer(e.okEnd, r.at, r.id)) e.okEnd = { at: r.at, id: r.id, end: r.end };
        continue;
      }
      const channelFault = r.code !== null && isChannel(r.channel) && errorScope(r.channel, r.code, r.httpStatus) === 'channel';
      if (channelFault && newer(e.failed, r.at, r.id)) e.failed = { at: r.at, id: r.id, end: r.end, error: r.error };
      if (r.code !== null && isThrottle({ code: r.code, httpStatus: r.httpStatus, retryAfterMs: r.retryAfterMs })) e.throttledAt.push(r.at);
    }
  }

  read(since: number): OutboxFacts {
    this.readNewAttempts();
    // Dead letters are few (the admin retries or discards them); each is sorted into channel or recipient fault here.
    const dead = this.stats.deadLetters();
    const queued = this.stats.activePerChannel();

    const channels = {} as Record<ChannelId, ChannelOutboxFacts>;
    for (const channel of CHANNEL_IDS) {
      const e = this.entry(channel);
      e.throttledAt = e.throttledAt.filter((t) => t >= since);
      let lastError: ChannelOutboxFacts['lastError'] = e.failed?.error ? { at: e.failed.end, error: e.failed.error } : null;
      const mine = dead.filter((r) => r.channel === channel);
      const unreachable = new Set<string>();
      for (const r of mine) {
        const scope = r.code === null ? 'neither' : errorScope(channel, r.code, r.httpStatus);
        if (scope === 'recipient') unreachable.add(r.uid);
        if (scope !== 'channel' || r.finishedAt === null || (lastError !== null && r.finishedAt <= lastError.at)) continue;
        if (r.error) lastError = { at: r.finishedAt, error: r.error };
      }
      channels[channel] = {
        lastSuccessAt: e.okEnd?.end ?? null,
        lastError,
        queued: queued.get(channel) ?? 0,
        deadLetters: mine.length,
        unreachable,
        rateLimitWaits: e.throttledAt.length,
      };
    }
    // The inbox card tells whether DMS reaches the webhook: reminders, tests and CLI calls say nothing about that.
    return { channels, lastEvent: this.stats.lastWebhookEvent() };
  }
}
