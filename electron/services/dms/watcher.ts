import { createHash } from 'node:crypto';
import { CHANNEL_IDS } from '../../../shared/catalog/channels.js';
import type { WatcherStatus } from '../../../shared/contract/dms.js';
import { AppError } from '../../../shared/errors.js';
import type { DmsEventInput } from '../../../shared/events/dms-event.js';
import { text } from '../../../shared/i18n-text.js';
import type { Directory } from '../directory/directory.js';
import type { Intake } from '../delivery/index.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { SecretStore } from '../vault/secret-store.js';
import type { DmsClient, DmsOrder } from './client.js';
import { openClient } from './connection.js';
import { isDmsTime, maxDmsTime, shiftDmsTime, toDmsTime } from './dms-time.js';
import { PeopleResolver, type Person } from './people.js';
import { isPendingApproval, mapOrderKind } from './mapping.js';
import type { WatchStore } from './watch-store.js';
import type { WatcherRecord } from './watcher-record.js';

export interface DmsWatcherDeps {
  readonly settings: SettingsStore;
  readonly vault: SecretStore;
  readonly intake: Pick<Intake, 'accept'>;
  /** Opened on first use, so commands that never poll leave no state file behind. */
  readonly store: () => WatchStore;
  /**
   * The users directory: people an event names who have no platform id yet on an enabled channel are
   * looked up (by the mobile / e-mail GetUser gave) before the event is handed over, so the intake can
   * address them (the sender looks up anyone still missing). People GetUser returns are added to it.
   */
  readonly directory: Pick<Directory, 'platformId' | 'resolve' | 'get' | 'adoptFromDms'>;
}

export interface DmsWatcherOptions {
  readonly now?: () => Date;
  /** ListOrders page size (the docs' maximum is not stated; 50 is accepted by the console's own calls). */
  readonly pageSize?: number;
  /** Pages per poll before giving up on the rest (bounded work per cycle). */
  readonly maxPages?: number;
  /** How far before the watermark each poll starts, for late-indexed tickets and equal timestamps. */
  readonly overlapMinutes?: number;
  /** The first poll of a tenant looks this far back (local clock, Beijing time) and records silently. */
  readonly initialLookbackMinutes?: number;
  readonly maxBackoffMs?: number;
  readonly timeoutMs?: number;
  /** Timer seam: tests replace it to drive polls by hand. */
  readonly setTimer?: (fn: () => void, ms: number) => () => void;
}

export interface PollSummary {
  readonly baseline: boolean;
  readonly ordersSeen: number;
  readonly emitted: number;
  readonly duplicates: number;
  readonly truncated: boolean;
  readonly warnings: readonly AppError[];
  /** What this poll handed to the intake, oldest first. */
  readonly events: readonly RecentEvent[];
}

export type RecentEvent = WatcherStatus['recentEvents'][number];

const RECENT_EVENTS = 20;

const realTimer = (fn: () => void, ms: number): (() => void) => {
  const t = setTimeout(fn, ms);
  t.unref();
  return () => clearTimeout(t);
};

/**
 * Polls DMS ListOrders (AS_ADMIN, MODIFY_TIME window, every page) and hands each new
 * (OrderId, StatusCode) to the intake once, across restarts. The first poll of a tenant only records
 * what exists (no flood of old tickets); later polls report changes. On errors it backs off
 * (interval × 2^failures, capped) and recovers on the next success.
 */
export class DmsWatcher {
  private readonly now: () => Date;
  private readonly opts: Required<Omit<DmsWatcherOptions, 'now' | 'setTimer' | 'timeoutMs'>> & { timeoutMs: number | undefined };
  private readonly setTimer: (fn: () => void, ms: number) => () => void;
  private running = false;
  private cancelTimer: (() => void) | null = null;
  private inflight: Promise<PollSummary> | null = null;
  private abort: AbortController | null = null;
  private unfollow: (() => void) | null = null;
  private readonly listeners = new Set<() => void>();
  private state: Omit<WatcherStatus, 'enabled' | 'running' | 'polling'> = {
    lastPollAt: null,
    lastSuccessAt: null,
    nextPollAt: null,
    lastError: null,
    failures: 0,
    counts: { polls: 0, ordersSeen: 0, eventsEmitted: 0, errors: 0 },
    watermark: null,
    recentEvents: [],
  };

  constructor(
    private readonly deps: DmsWatcherDeps,
    opts: DmsWatcherOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.setTimer = opts.setTimer ?? realTimer;
    this.opts = {
      pageSize: opts.pageSize ?? 50,
      maxPages: opts.maxPages ?? 40,
      overlapMinutes: opts.overlapMinutes ?? 10,
      initialLookbackMinutes: opts.initialLookbackMinutes ?? 24 * 60,
      maxBackoffMs: opts.maxBackoffMs ?? 15 * 60_000,
      timeoutMs: opts.timeoutMs,
    };
  }

  status(): WatcherStatus {
    return structuredClone({
      enabled: this.deps.settings.read().dms.enabled,
      running: this.running,
      polling: this.inflight !== null,
      ...this.state,
    });
  }

  /** Called whenever status() changed (a poll ended, the loop started or stopped), for the UI. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the loop; the first poll runs right away. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.state.nextPollAt = null;
    // Only a process that polled has the state file open; `status` then sees the loop stopped.
    if (this.state.lastPollAt !== null) this.record();
    this.abort?.abort(new AppError('UNAVAILABLE', text('The watcher was stopped.', '监听器已停止。')));
    await this.inflight?.catch(() => undefined);
  }

  /** Runs and stops with `settings.dms.enabled` (what `serve` and the app use). */
  followSettings(): void {
    if (this.unfollow) return;
    const sync = (enabled: boolean): void => {
      if (enabled && !this.running) this.start();
      else if (!enabled && this.running) void this.stop();
    };
    this.unfollow = this.deps.settings.onChange((s) => sync(s.dms.enabled));
    sync(this.deps.settings.read().dms.enabled);
  }

  async close(): Promise<void> {
    this.unfollow?.();
    this.unfollow = null;
    await this.stop();
  }

  /**
   * One poll cycle now (joins the one in flight, if any), then the loop continues from here.
   * Resolves with the summary, or null when the poll failed (see status().lastError).
   */
  async pollNow(): Promise<PollSummary | null> {
    return this.pollOnce().catch(() => null);
  }

  /** Like pollNow(), but a failed poll rejects with its AppError (the CLI shows it as is). */
  async pollOnce(): Promise<PollSummary> {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.inflight ??= this.runCycle().finally(() => {
      this.inflight = null;
    });
    try {
      return await this.inflight;
    } finally {
      if (this.running && this.cancelTimer === null) this.schedule(this.delayMs());
    }
  }

  private schedule(ms: number): void {
    this.cancelTimer?.();
    this.state.nextPollAt = new Date(this.now().getTime() + ms).toISOString();
    this.record();
    this.cancelTimer = this.setTimer(() => {
      this.cancelTimer = null;
      void this.pollNow();
    }, ms);
  }

  private delayMs(): number {
    const interval = this.deps.settings.read().dms.pollSeconds * 1000;
    if (this.state.failures === 0) return interval;
    return Math.min(interval * 2 ** this.state.failures, Math.max(this.opts.maxBackoffMs, interval));
  }

  private async runCycle(): Promise<PollSummary> {
    const abort = new AbortController();
    this.abort = abort;
    const startedAt = this.now();
    this.state.lastPollAt = startedAt.toISOString();
    this.state.counts.polls++;
    try {
      const summary = await this.cycle(abort.signal);
      this.state.failures = 0;
      this.state.lastSuccessAt = this.now().toISOString();
      const warning = summary.warnings[0];
      this.state.lastError = warning ? errorView(warning, this.now()) : null;
      return summary;
    } catch (err) {
      if (!abort.signal.aborted) {
        this.state.failures++;
        this.state.counts.errors++;
        this.state.lastError = errorView(err, this.now());
      }
      throw err;
    } finally {
      this.abort = null;
      this.record();
    }
  }

  /** Stores what `channel-desk status` shows from another process; advisory, never fails a poll. */
  private record(): void {
    for (const l of this.listeners) l();
    const { lastPollAt, lastSuccessAt, nextPollAt, lastError, failures } = this.state;
    const record: WatcherRecord = { lastPollAt, lastSuccessAt, nextPollAt, lastError, failures };
    try {
      this.deps.store().setStatus(JSON.stringify(record));
    } catch {
      // A busy or read-only state file only makes the other process's view older.
    }
  }

  private async cycle(signal: AbortSignal): Promise<PollSummary> {
    const { settings, vault, intake } = this.deps;
    const store = this.deps.store();
    const conn = settings.read().dms;
    const client = await openClient({ settings, vault }, { now: this.now, ...(this.opts.timeoutMs ? { timeoutMs: this.opts.timeoutMs } : {}) });
    const scope = `${client.endpoint}|${conn.tid ?? ''}`;
    const cursor = store.cursor(scope);
    const baseline = cursor === null;
    const startTime = cursor
      ? shiftDmsTime(cursor.watermark, -this.opts.overlapMinutes)
      : toDmsTime(new Date(this.now().getTime() - this.opts.initialLookbackMinutes * 60_000));

    const { orders, truncated } = await this.fetchAll(client, startTime, signal);
    // Oldest change first, one entry per (OrderId, StatusCode).
    const unique = new Map<string, DmsOrder>();
    for (const o of [...orders].sort((a, b) => (a.LastModifyTime < b.LastModifyTime ? -1 : a.LastModifyTime > b.LastModifyTime ? 1 : 0))) {
      unique.set(`${o.OrderId}\u0000${o.StatusCode.toLowerCase()}`, o);
    }
    const fresh = [...unique.values()].filter((o) => store.isNewStatus(scope, o.OrderId, o.StatusCode.toLowerCase()));
    this.state.counts.ordersSeen += unique.size;

    let emitted = 0;
    let duplicates = 0;
    const events: RecentEvent[] = [];
    const people = new PeopleResolver(client, this.deps.directory, signal);
    if (baseline) {
      store.markSeenMany(
        scope,
        fresh.map((o) => ({ orderId: o.OrderId, statusCode: o.StatusCode.toLowerCase() })),
        this.now(),
      );
    } else {
      const freshSet = new Set(fresh);
      // A pending approval that changed without changing status: a multi-node flow moved to its next node.
      const nextNode = [...unique.values()].filter((o) => {
        if (freshSet.has(o) || !isPendingApproval(o.StatusCode)) return false;
        const known = store.approvers(scope, o.OrderId);
        return known !== null && known.modified !== o.LastModifyTime;
      });
      for (const order of [...fresh, ...nextNode]) {
        const event = await this.buildEvent(client, order, people, signal);
        const kind = mapOrderKind(order.PluginType, order.StatusCode);
        const pending = isPendingApproval(order.StatusCode);
        const approvers = pending ? [...new Set((event.targetUsers ?? []).map((p) => String(p.uid)))].sort().join(',') : '';
        let key: string;
        if (freshSet.has(order)) {
          // Intake first, then "seen": a crash in between is caught by the intake's idempotency key. A status
          // the order re-enters (resubmitted after a rejection) gets its own key, numbered by status change.
          const again = store.hasSeen(scope, order.OrderId, kind.statusCode);
          key = `dms:${order.OrderId}:${kind.statusCode}${again ? `:${(store.latest(scope, order.OrderId)?.entry ?? 0) + 1}` : ''}`;
        } else {
          const known = store.approvers(scope, order.OrderId);
          // Same people as before (a comment, an edit): nothing new to tell.
          if (approvers === '' || known?.uids === approvers) {
            store.setApprovers(scope, order.OrderId, known?.uids ?? approvers, order.LastModifyTime);
            continue;
          }
          const who = createHash('sha256').update(approvers).digest('base64url').slice(0, 22);
          key = `dms:${order.OrderId}:${kind.statusCode}:${store.latest(scope, order.OrderId)?.entry ?? 0}:approvers:${who}`;
        }
        const out = intake.accept(event, { source: 'watcher', idempotencyKey: key, kind: kind.kind });
        if (pending) store.setApprovers(scope, order.OrderId, approvers, order.LastModifyTime);
        store.markSeen(scope, order.OrderId, kind.statusCode, this.now(), true);
        if (out.duplicate) duplicates++;
        else emitted++;
        const recent: RecentEvent = {
          at: this.now().toISOString(),
          orderId: order.OrderId,
          pluginType: order.PluginType,
          statusCode: order.StatusCode,
          module: kind.module,
          businessType: kind.businessType,
          status: kind.status,
          known: kind.known,
          accepted: !out.duplicate,
        };
        events.push(recent);
        this.remember(recent);
      }
    }
    this.state.counts.eventsEmitted += emitted;

    const warnings: AppError[] = [...people.warnings];
    let watermark = cursor?.watermark ?? startTime;
    for (const o of orders) if (isDmsTime(o.LastModifyTime)) watermark = maxDmsTime(watermark, o.LastModifyTime);
    if (truncated && !baseline) {
      // Pages past the cap were not read: keep the window where it was so the next poll sees them.
      watermark = cursor?.watermark ?? startTime;
      warnings.push(
        new AppError(
          'UNAVAILABLE',
          text(
            `More than ${this.opts.maxPages * this.opts.pageSize} tickets changed in one poll; the rest follow in the next polls.`,
            `一次轮询中变更的工单超过 ${this.opts.maxPages * this.opts.pageSize} 个；其余将在后续轮询中处理。`,
          ),
        ),
      );
    }
    store.setCursor(scope, watermark, this.now());
    this.state.watermark = watermark;
    return { baseline, ordersSeen: unique.size, emitted, duplicates, truncated, warnings, events };
  }

  private async fetchAll(client: DmsClient, startTime: string, signal: AbortSignal): Promise<{ orders: DmsOrder[]; truncated: boolean }> {
    const orders: DmsOrder[] = [];
    const { pageSize, maxPages } = this.opts;
    for (let page = 1; page <= maxPages; page++) {
      const res = await client.listOrders(
        { searchDateType: 'MODIFY_TIME', startTime, orderStatus: 'ALL', orderResultType: 'AS_ADMIN', pageNumber: page, pageSize },
        signal,
      );
      orders.push(...res.orders);
      if (res.orders.length < pageSize || page * pageSize >= res.totalCount) return { orders, truncated: false };
    }
    return { orders, truncated: true };
  }

  /** The webhook-shaped event; Pending Approval names the current approvers (GetOrderBaseInfo → GetApprovalDetail). */
  private async buildEvent(client: DmsClient, order: DmsOrder, people: PeopleResolver, signal: AbortSignal): Promise<DmsEventInput> {
    const kind = mapOrderKind(order.PluginType, order.StatusCode);
    const submitter = order.CommitterId ? await people.resolve(order.CommitterId, order.Committer) : null;
    let approvers: Person[] = [];
    let title = order.Comment;
    if (isPendingApproval(order.StatusCode)) {
      const approval = await people.approvalOf(order.OrderId);
      if (approval) {
        approvers = approval.approvers;
        title = approval.title || title;
      }
    }
    await this.resolvePlatformIds([...approvers, ...(submitter ? [submitter] : [])], people, signal);
    const who = submitter?.name ? ` · ${submitter.name}` : '';
    return {
      submitterUid: submitter?.uid ?? '',
      submitterName: submitter?.name ?? order.Committer,
      category: kind.module,
      module: kind.businessType,
      event: kind.status,
      taskId: order.OrderId,
      taskName: (title || `${kind.businessType} #${order.OrderId}`).slice(0, 2000),
      eventTime: order.LastModifyTime || toDmsTime(this.now()),
      message: (
        `${kind.businessType} #${order.OrderId}: ${kind.status}` +
        `${order.StatusDesc ? ` (${order.StatusDesc})` : ''}${who}${order.Comment ? `\n${order.Comment}` : ''}`
      ).slice(0, 100_000),
      targetUsers: approvers,
      receivers: [],
    };
  }

  private async resolvePlatformIds(persons: readonly Person[], people: PeopleResolver, signal: AbortSignal): Promise<void> {
    const directory = this.deps.directory;
    const s = this.deps.settings.read();
    const channels = CHANNEL_IDS.filter((c) => s.channels[c].enabled);
    const uids = [
      ...new Set(
        persons
          .filter((p) => {
            const u = directory.get(p.uid);
            return u !== null && (u.mobile !== '' || u.email !== '');
          })
          .filter((p) => channels.some((c) => directory.platformId(p.uid, c) === null))
          .map((p) => p.uid),
      ),
    ];
    if (uids.length === 0) return;
    try {
      // A channel that cannot look people up is the channel's problem: its health shows it (Home, Channels), not the watcher.
      await directory.resolve({ uids, signal });
    } catch (err) {
      if (signal.aborted) throw err;
      people.warn(err instanceof AppError ? err : new AppError('INTERNAL', text('Looking up platform user ids failed.', '查询平台用户 ID 失败。')));
    }
  }

  private remember(e: RecentEvent): void {
    this.state.recentEvents = [e, ...this.state.recentEvents].slice(0, RECENT_EVENTS);
  }
}

function errorView(err: unknown, at: Date): NonNullable<WatcherStatus['lastError']> {
  const e = err instanceof AppError ? err : new AppError('INTERNAL', text('Unexpected error in the DMS watcher.', 'DMS 监听器出现意外错误。'));
  const dmsCode = typeof e.details?.dmsCode === 'string' ? e.details.dmsCode : null;
  return { at: at.toISOString(), code: dmsCode ?? e.code, message: e.text, fix: e.fix ?? null };
}
