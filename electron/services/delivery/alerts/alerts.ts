import type { AlertState, StateCounts } from '../../../../shared/contract/sender.js';
import { text, type LocalizedText } from '../../../../shared/i18n-text.js';
import { systemClock, type Clock } from '../../clock.js';
// Types only: the tray renders exactly what this service reports.
import type { AlertsSource, DeadLetterNotice } from './alerts-source.js';

/**
 * The one failure-notification service: the tray (icon, menu), OS notifications and the UI banner
 * all read from here, so they can never disagree.
 */
export interface AlertsService extends AlertsSource {
  state(): AlertState;
  /** State changes (level, counts, paused); returns an unsubscribe function. */
  onChange(listener: (state: AlertState) => void): () => void;
  /** New dead letters, at most one notice per `coalesceMs` (default one a minute), with the count. */
  onNotice(listener: (notice: DeadLetterNotice) => void): () => void;
  /** Recompute now (e.g. after pause/resume). */
  refresh(): void;
  close(): void;
}

export interface AlertsSources {
  counts(): StateCounts;
  paused(): boolean;
  /** Subscribes to outbox commits; `newDead` = deliveries that just became dead letters. */
  onOutboxChange(listener: (change: { newDead: number }) => void): () => void;
}

export function alertStateOf(counts: StateCounts, paused: boolean): AlertState {
  const failureCount = counts.dead;
  const pendingCount = counts.queued + counts.sending + counts.retrying;
  const level = failureCount > 0 ? 'failures' : pendingCount > 0 ? 'sending' : 'ok';
  const parts: LocalizedText[] = [];
  if (failureCount > 0) {
    parts.push(
      text(
        `${failureCount} notification${failureCount === 1 ? '' : 's'} could not be delivered. Open the delivery log to see why, then retry or discard.`,
        `${failureCount} 条通知未能送达。请打开投递日志查看原因，然后重试或丢弃。`,
      ),
    );
  }
  if (paused) {
    parts.push(
      text(`Sending is paused${pendingCount > 0 ? `; ${pendingCount} waiting` : ''}.`, `发送已暂停${pendingCount > 0 ? `，${pendingCount} 条等待中` : ''}。`),
    );
  }
  const banner = parts.length > 0 ? { message: text(parts.map((p) => p.en).join(' '), parts.map((p) => p.zh).join('')) } : null;
  return { level, failureCount, pendingCount, paused, banner };
}

const sameState = (a: AlertState, b: AlertState): boolean =>
  a.level === b.level && a.failureCount === b.failureCount && a.pendingCount === b.pendingCount && a.paused === b.paused;

export function createAlerts(sources: AlertsSources, opts: { clock?: Clock; coalesceMs?: number; refreshMs?: number } = {}): AlertsService {
  const clock = opts.clock ?? systemClock;
  const coalesceMs = opts.coalesceMs ?? 60_000;
  // Outbox commits can come hundreds of times a second while sending; count at most this often.
  const refreshMs = opts.refreshMs ?? 250;
  const changeListeners = new Set<(s: AlertState) => void>();
  const noticeListeners = new Set<(n: DeadLetterNotice) => void>();
  let current = alertStateOf(sources.counts(), sources.paused());
  let refreshTimer: (() => void) | null = null;
  let noticeTimer: (() => void) | null = null;
  let unnoticed = 0;
  let lastNoticeAt = Number.NEGATIVE_INFINITY;

  const refresh = (): void => {
    refreshTimer?.();
    refreshTimer = null;
    const next = alertStateOf(sources.counts(), sources.paused());
    if (sameState(next, current)) return;
    current = next;
    for (const l of changeListeners) l(current);
  };

  const notice = (): void => {
    noticeTimer = null;
    if (unnoticed === 0) return;
    const count = unnoticed;
    unnoticed = 0;
    lastNoticeAt = clock.now();
    const n: DeadLetterNotice = {
      count,
      title: text('Channel Desk: delivery failed', 'Channel Desk：通知发送失败'),
      body: text(
        `${count} notification${count === 1 ? '' : 's'} could not be delivered. Open the delivery log for the reason.`,
        `${count} 条通知未能送达，请打开投递日志查看原因。`,
      ),
    };
    for (const l of noticeListeners) l(n);
  };

  const unsubscribe = sources.onOutboxChange(({ newDead }) => {
    refreshTimer ??= clock.setTimer(refresh, refreshMs);
    if (newDead <= 0) return;
    unnoticed += newDead;
    if (noticeTimer) return;
    const wait = lastNoticeAt + coalesceMs - clock.now();
    if (wait <= 0) {
      // Still give a burst a moment to gather, so one failure wave → one notice.
      noticeTimer = clock.setTimer(notice, Math.min(refreshMs, coalesceMs));
    } else {
      noticeTimer = clock.setTimer(notice, wait);
    }
  });

  return {
    state: () => current,
    onChange(l) {
      changeListeners.add(l);
      return () => changeListeners.delete(l);
    },
    onNotice(l) {
      noticeListeners.add(l);
      return () => noticeListeners.delete(l);
    },
    refresh,
    close() {
      unsubscribe();
      refreshTimer?.();
      noticeTimer?.();
      refreshTimer = null;
      noticeTimer = null;
    },
  };
}
