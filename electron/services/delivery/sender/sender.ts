import type { ChannelId } from '../../../../shared/catalog/channels.js';
import type { DmsRegionId } from '../../../../shared/catalog/regions.js';
import type { DeliveryError } from '../../../../shared/contract/sender.js';
import { AppError } from '../../../../shared/errors.js';
import { text, type Language } from '../../../../shared/i18n-text.js';
import type { SendTarget } from '../../directory/recipient-errors.js';
import type { DeliveryLogReader, DeliveryResult, DueDelivery, EventKindIds, KeyValueStore, QueueStore, StoredEvent } from '../outbox/types.js';
import { isPlatformError } from '../../platforms/errors.js';
import type { PlatformFailure, SendOutcome, SendRequest } from '../../platforms/types.js';
import { backoffMs, DEFAULT_RETRY_POLICY, isThrottle, type RetryPolicy } from './backoff.js';
import { systemClock, type Clock } from '../../clock.js';
import { ChannelBudget, documentedLimits, type ChannelLimits } from './rate-budget.js';
import { approvalCardDeliveries, sendWithApprovalCards, type ApprovalCardRegistry } from './approval-card-send.js';
import { renderStored } from './render-stored.js';
import type { ChannelLinkOptions } from './render.js';

export interface SendingClient {
  send(req: SendRequest): Promise<SendOutcome>;
}

export interface SenderDeps {
  readonly outbox: {
    readonly queue: QueueStore;
    readonly meta: KeyValueStore;
    readonly log: Pick<DeliveryLogReader, 'getEvent'>;
    /** The approval card registry; without it no card carries Approve / Reject. */
    readonly cards?: ApprovalCardRegistry;
  };
  /** The client for a channel; throws AppError when it cannot send (no credentials, vault locked). */
  clientFor(channel: ChannelId): Promise<SendingClient>;
  /** While true (vault locked) nothing is claimed; wake() resumes. A VAULT_UNAVAILABLE failure never dead-letters. */
  held?(): boolean;
  /** Channels that may send now (enabled ones); deliveries of others wait in the queue. */
  activeChannels(): readonly ChannelId[];
  /** Region and link settings (for "Open DMS") and message language of a channel; the matching rule's template for it, if any. */
  renderContext(
    channel: ChannelId,
    kind: EventKindIds,
  ): {
    region: DmsRegionId | null;
    links?: ChannelLinkOptions;
    lang: Language;
    template?: string;
    /** The channel sends approvals as cards with Approve / Reject (settings `approveFromChat`, and a card it can send). */
    approveFromChat?: boolean;
  };
  readonly clock?: Clock;
  /** Rate limits per channel; null = none (benchmarks). Default: the documented limits. */
  readonly limits?: (channel: ChannelId) => ChannelLimits | null;
  readonly retry?: RetryPolicy;
  /** Concurrent calls per channel. */
  readonly maxInFlight?: number;
  readonly random?: () => number;
  /**
   * Looks at the outbox at least this often even when nothing is due, so events queued by another
   * process (`channel-desk notify`, a second instance) are picked up without a poke.
   */
  readonly idlePollMs?: number;
  /**
   * Platform ids of recipients queued without one (not looked up yet, or their mobile/e-mail changed):
   * the users directory looks them up. Throws when the channel cannot be asked at all.
   */
  sendTargets?(channel: ChannelId, uids: readonly string[], signal: AbortSignal): Promise<Map<string, SendTarget>>;
  /** A recipient the platform refused (non-retryable), for the users directory. */
  onRecipientFailure?(channel: ChannelId, platformUserId: string, failure: PlatformFailure): void;
}

const PAUSED_KEY = 'sender.paused';
/** Transport failures: the network (or the platform's host) was unreachable, not the request wrong. */
const NETWORK_CODES = new Set(['timeout', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'network', 'tls']);
/** Without a Retry-After, a throttling answer holds the app for this long. */
const THROTTLE_HOLD_MS = 1_000;
/** A delivery that met an unavailable vault is looked at again after this long (or on recovery). */
const VAULT_HOLD_MS = 30_000;

interface Lane {
  inFlight: number;
  budget: ChannelBudget | null;
  batchSize: number;
}

/** A PlatformFailure (or any error) as the outbox stores it. */
export function toDeliveryError(failure: PlatformFailure): DeliveryError {
  return {
    code: failure.code,
    httpStatus: failure.httpStatus,
    retryable: failure.retryable,
    retryAfterMs: failure.retryAfterMs,
    missingScopes: [...failure.missingScopes],
    message: failure.explanation.message,
    fix: failure.explanation.fix,
    consoleUrl: failure.explanation.consoleUrl,
  };
}

const RETRYABLE_APP_CODES = new Set(['VAULT_UNAVAILABLE', 'UNAVAILABLE', 'DISK_FULL', 'INTERNAL']);

export function errorOf(err: unknown): DeliveryError {
  if (isPlatformError(err)) return toDeliveryError(err.failure);
  if (err instanceof AppError) {
    return {
      code: err.code,
      httpStatus: null,
      retryable: RETRYABLE_APP_CODES.has(err.code),
      retryAfterMs: null,
      missingScopes: [],
      message: err.text,
      fix: err.fix ?? text('Check the channel settings, then retry.', '请检查渠道设置后重试。'),
      consoleUrl: null,
    };
  }
  return {
    code: 'INTERNAL',
    httpStatus: null,
    retryable: true,
    retryAfterMs: null,
    missingScopes: [],
    message: text('Unexpected error while sending.', '发送时出现意外错误。'),
    fix: text('It will be retried; if it persists, report it with the log.', '系统会自动重试；若持续出现，请附日志反馈。'),
    consoleUrl: null,
  };
}

const NO_ANSWER: DeliveryError = {
  code: 'no-answer',
  httpStatus: null,
  retryable: true,
  retryAfterMs: null,
  missingScopes: [],
  message: text('The platform did not report this recipient as delivered or failed.', '平台未报告该接收人的发送结果。'),
  fix: text('It will be retried.', '系统会自动重试。'),
  consoleUrl: null,
};

/**
 * The background sender: takes due deliveries from the outbox, batches recipients per event, keeps
 * every app inside its rate budget (waits, never drops), sends, and records each outcome. Failed
 * recipients alone are retried with backoff; non-retryable errors and exhausted budgets become dead
 * letters. Outcomes are committed in groups; a crash between send and commit leaves the delivery in
 * 'sending', which start() puts back in the queue, and the stable dedup key (Feishu uuid) keeps the
 * repeat from posting twice.
 */
export class Sender {
  private readonly clock: Clock;
  private readonly policy: RetryPolicy;
  private readonly maxInFlight: number;
  private readonly random: () => number;
  private readonly lanes = new Map<ChannelId, Lane>();
  private readonly events = new Map<string, StoredEvent>();
  private readonly pending: DeliveryResult[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private abort = new AbortController();
  private timer: { cancel: () => void; at: number } | null = null;
  private flushTimer: (() => void) | null = null;
  private flushQueued = false;
  private pumping = false;
  private pumpAgain = false;
  private running = false;
  private pausedFlag: boolean;
  /** A send failed for network reasons; the next success means the network is back. */
  private networkDown = false;

  constructor(private readonly deps: SenderDeps) {
    this.clock = deps.clock ?? systemClock;
    this.policy = deps.retry ?? DEFAULT_RETRY_POLICY;
    this.maxInFlight = deps.maxInFlight ?? 8;
    this.random = deps.random ?? Math.random;
    this.pausedFlag = deps.outbox.meta.getMeta(PAUSED_KEY) === 'true';
  }

  get paused(): boolean {
    return this.pausedFlag;
  }

  /** Re-queues what a previous run left in 'sending', then starts the loop. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.deps.outbox.queue.requeueInFlight(this.clock.now());
    this.poke();
  }

  /** Stops the loop: cancels in-flight calls (their deliveries stay 'sending' → re-queued next start). */
  async stop(): Promise<void> {
    this.running = false;
    this.timer?.cancel();
    this.timer = null;
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
    this.flushTimer?.();
    this.flushTimer = null;
    this.flush();
  }

  /** Persisted: a paused sender stays paused across restarts. */
  pause(): void {
    this.deps.outbox.meta.setMeta(PAUSED_KEY, 'true');
    this.pausedFlag = true;
    this.timer?.cancel();
    this.timer = null;
  }

  resume(): void {
    this.deps.outbox.meta.setMeta(PAUSED_KEY, 'false');
    this.pausedFlag = false;
    this.poke();
  }

  /** After sleep or a network change: retries waiting on a backoff timer are due now. */
  wake(): void {
    this.deps.outbox.queue.makeRetriesDue(this.clock.now());
    this.poke();
  }

  /** Something new may be due (a new event, a retry by the admin). */
  poke(): void {
    this.schedule(0);
  }

  private lane(channel: ChannelId): Lane {
    let lane = this.lanes.get(channel);
    if (!lane) {
      const limits = this.deps.limits ? this.deps.limits(channel) : documentedLimits(channel);
      lane = { inFlight: 0, budget: limits ? new ChannelBudget(limits) : null, batchSize: (limits ?? documentedLimits(channel)).batchSize };
      this.lanes.set(channel, lane);
    }
    return lane;
  }

  private schedule(ms: number): void {
    if (!this.running || this.pausedFlag) return;
    const at = this.clock.now() + ms;
    if (this.timer && this.timer.at <= at) return;
    this.timer?.cancel();
    const cancel = this.clock.setTimer(() => {
      this.timer = null;
      this.pump();
    }, ms);
    this.timer = { cancel, at };
  }

  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        this.pumpOnce();
      } while (this.pumpAgain);
    } catch {
      // The outbox could not be read or written (disk full, locked): try again shortly.
      this.schedule(1_000);
    } finally {
      this.pumping = false;
    }
  }

  private pumpOnce(): void {
    if (!this.running || this.pausedFlag) return;
    if (this.deps.held?.()) {
      this.schedule(this.deps.idlePollMs ?? 5_000);
      return;
    }
    const now = this.clock.now();
    const channels = this.deps.activeChannels();
    let wakeIn = Number.POSITIVE_INFINITY;
    const chosen: { channel: ChannelId; batch: DueDelivery[] }[] = [];

    for (const channel of channels) {
      const lane = this.lane(channel);
      let capacity = this.maxInFlight - lane.inFlight;
      if (capacity <= 0) continue;
      const appWait = lane.budget?.appWaitMs(now) ?? 0;
      if (appWait > 0) {
        wakeIn = Math.min(wakeIn, appWait);
        continue;
      }
      const rows = this.deps.outbox.queue.due(channel, now, capacity * lane.batchSize + 20);
      for (const batch of batchesOf(rows, lane.batchSize)) {
        if (capacity <= 0) break;
        const wait = lane.budget ? Math.max(lane.budget.appWaitMs(now), ...batch.map((d) => lane.budget!.userWaitMs(budgetKey(d), now))) : 0;
        if (wait > 0) {
          wakeIn = Math.min(wakeIn, wait);
          if (lane.budget!.appWaitMs(now) > 0) break;
          continue;
        }
        lane.budget?.take(batch.map(budgetKey), now);
        chosen.push({ channel, batch });
        capacity--;
      }
    }

    if (chosen.length > 0) {
      const claimed = this.deps.outbox.queue.claim(
        chosen.flatMap((c) => c.batch.map((d) => d.id)),
        now,
      );
      for (const { channel, batch } of chosen) {
        const mine = batch.filter((d) => claimed.has(d.id));
        if (mine.length > 0) this.dispatch(channel, mine);
      }
    }

    const nextDue = this.deps.outbox.queue.nextDueAt(channels);
    if (nextDue !== null && nextDue > now) wakeIn = Math.min(wakeIn, nextDue - now);
    this.schedule(Math.max(1, Math.min(wakeIn, this.deps.idlePollMs ?? 5_000)));
  }

  private dispatch(channel: ChannelId, batch: DueDelivery[]): void {
    const lane = this.lane(channel);
    lane.inFlight++;
    const signal = this.abort.signal;
    const job = this.send(channel, batch, signal)
      .then((results) => {
        if (signal.aborted) return;
        this.pending.push(...results);
        this.queueFlush();
        // Network back after an outage: whatever waits on a backoff timer goes now, not in minutes.
        if (this.networkDown && results.some((r) => r.ok)) {
          this.networkDown = false;
          this.wake();
        }
      })
      .finally(() => {
        lane.inFlight--;
        this.inFlight.delete(job);
        this.poke();
      });
    this.inFlight.add(job);
  }

  /**
   * Looks up recipients queued without a platform id. Who has none afterwards fails here: "no such
   * person" / "outside availability" / "not in Users" as dead letters, a failed lookup as a retry that
   * never becomes a dead letter by itself.
   */
  private async withPlatformIds(
    channel: ChannelId,
    batch: DueDelivery[],
    signal: AbortSignal,
    at: number,
  ): Promise<{ ready: DueDelivery[]; failed: DeliveryResult[] }> {
    const missing = batch.filter((d) => d.platformUserId === '');
    if (missing.length === 0 || !this.deps.sendTargets) return { ready: batch, failed: [] };
    const ready = batch.filter((d) => d.platformUserId !== '');
    const failed: DeliveryResult[] = [];
    let targets: Map<string, SendTarget>;
    try {
      targets = await this.deps.sendTargets(channel, [...new Set(missing.map((d) => d.recipientUid))], signal);
    } catch (err) {
      const error = errorOf(err);
      return { ready, failed: missing.map((d) => this.failed(channel, d, error, at, error.retryable)) };
    }
    const assigned: { id: number; platformUserId: string }[] = [];
    for (const d of missing) {
      const t = targets.get(d.recipientUid);
      if (t && 'platformUserId' in t) {
        ready.push({ ...d, platformUserId: t.platformUserId });
        assigned.push({ id: d.id, platformUserId: t.platformUserId });
      } else if (t) failed.push(this.failed(channel, d, t.error, at, t.error.retryable));
    }
    this.deps.outbox.queue.assignPlatformIds(assigned);
    return { ready, failed };
  }

  private async send(channel: ChannelId, all: DueDelivery[], signal: AbortSignal): Promise<DeliveryResult[]> {
    const at = this.clock.now();
    const { ready: batch, failed: lookupFailures } = await this.withPlatformIds(channel, all, signal, at);
    if (batch.length === 0) return lookupFailures;
    // Two DMS users may map to one platform user: send once, record the outcome for both.
    const byRecipient = new Map<string, DueDelivery[]>();
    for (const d of batch) byRecipient.set(d.platformUserId, [...(byRecipient.get(d.platformUserId) ?? []), d]);
    let outcome: SendOutcome;
    try {
      const stored = this.eventOf(batch[0]!.eventId);
      const { approveFromChat, ...context } = this.deps.renderContext(channel, stored.kind);
      const message = renderStored(stored, { channel, ...context });
      const client = await this.deps.clientFor(channel);
      const request: SendRequest = {
        recipients: [...byRecipient.keys()],
        message,
        dedupKey: (r) => byRecipient.get(r)?.[0]?.dedupKey ?? r,
        signal,
      };
      const registry = this.deps.outbox.cards;
      const withCards = approveFromChat && registry ? approvalCardDeliveries(stored, batch) : [];
      outcome =
        withCards.length > 0 && registry
          ? await sendWithApprovalCards(client, request, {
              channel,
              cardRecipients: new Set(withCards.map((d) => d.platformUserId)),
              orderId: stored.taskId,
              lang: context.lang,
              registry,
              now: () => this.clock.now(),
            })
          : await client.send(request);
    } catch (err) {
      const error = errorOf(err);
      return [...lookupFailures, ...batch.map((d) => this.failed(channel, d, error, at))];
    }
    const done = this.clock.now();
    const results: DeliveryResult[] = [...lookupFailures];
    const answered = new Set<string>();
    for (const r of outcome.delivered) {
      answered.add(r);
      for (const d of byRecipient.get(r) ?? []) results.push({ id: d.id, at, durationMs: done - at, ok: true });
    }
    for (const f of outcome.failed) {
      answered.add(f.recipient);
      if (!f.failure.retryable) {
        try {
          this.deps.onRecipientFailure?.(channel, f.recipient, f.failure);
        } catch {
          // Advisory only: the delivery's own record below is what counts.
        }
      }
      for (const d of byRecipient.get(f.recipient) ?? []) results.push(this.failed(channel, d, toDeliveryError(f.failure), at));
    }
    for (const [r, ds] of byRecipient) if (!answered.has(r)) for (const d of ds) results.push(this.failed(channel, d, NO_ANSWER, at));
    return results;
  }

  /** Decides retry or dead letter for one failed delivery; `keepTrying`: a failed lookup, never dead. */
  private failed(channel: ChannelId, d: DueDelivery, error: DeliveryError, at: number, keepTrying = false): DeliveryResult {
    const now = this.clock.now();
    const durationMs = now - at;
    // Waits (with the reason on the delivery) until the vault works again; not a failure of the delivery.
    if (error.code === 'VAULT_UNAVAILABLE') return { id: d.id, at, durationMs, ok: false, error, nextAttemptAt: now + VAULT_HOLD_MS, countsAsFailure: false };
    const throttled = error.retryable && isThrottle(error);
    if (NETWORK_CODES.has(error.code)) this.networkDown = true;
    const failures = d.failures + (throttled ? 0 : 1);
    if (throttled) this.lane(channel).budget?.block(now + (error.retryAfterMs ?? THROTTLE_HOLD_MS));
    const dead = !error.retryable || (!keepTrying && (failures >= this.policy.maxFailures || d.attempts + 1 >= this.policy.maxAttempts));
    if (dead) return { id: d.id, at, durationMs, ok: false, error, nextAttemptAt: null, countsAsFailure: !throttled };
    const delay = throttled ? (error.retryAfterMs ?? THROTTLE_HOLD_MS) + Math.round(this.random() * 250) : backoffMs(failures, this.policy, this.random);
    return { id: d.id, at, durationMs, ok: false, error, nextAttemptAt: now + delay, countsAsFailure: !throttled };
  }

  private eventOf(id: string): StoredEvent {
    const cached = this.events.get(id);
    if (cached) return cached;
    const stored = this.deps.outbox.log.getEvent(id);
    if (!stored) throw new AppError('NOT_FOUND', text(`Event ${id} is missing from the outbox.`, `发件箱中缺少事件 ${id}。`));
    if (this.events.size >= 1_000) this.events.clear();
    this.events.set(id, stored);
    return stored;
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      this.flush();
    });
  }

  /** Commits collected outcomes in one transaction; on a storage error keeps them and tries again. */
  private flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.pending.length);
    try {
      this.deps.outbox.queue.record(batch);
    } catch {
      this.pending.unshift(...batch);
      if (this.running && !this.flushTimer) {
        this.flushTimer = this.clock.setTimer(() => {
          this.flushTimer = null;
          this.flush();
        }, 1_000);
      }
    }
  }
}

/** Rate-budget key of a recipient; one not looked up yet is counted by DMS uid. */
const budgetKey = (d: DueDelivery): string => d.platformUserId || `uid:${d.recipientUid}`;

/** Due deliveries grouped per event (one message), in chunks the API accepts. */
export function batchesOf(rows: readonly DueDelivery[], size: number): DueDelivery[][] {
  const byEvent = new Map<string, DueDelivery[]>();
  for (const r of rows) byEvent.set(r.eventId, [...(byEvent.get(r.eventId) ?? []), r]);
  const out: DueDelivery[][] = [];
  for (const group of byEvent.values()) {
    for (let i = 0; i < group.length; i += size) out.push(group.slice(i, i + size));
  }
  return out;
}
