import type { WatcherStatus } from '../shared/contract/dms.js';
import { pick, text, type Language, type LocalizedText } from '../shared/i18n-text.js';
import type { DeadLetterNotice, TrayState } from './services/delivery/index.js';

/**
 * The tray as data: the alerts service (plain Node) implements AlertsSource, trayModel() turns its
 * state into icon, tooltip and menu, and tray.ts only renders that. No Electron here.
 */

export type { AlertsSource, DeadLetterNotice, TrayLevel, TrayState } from './services/delivery/index.js';

export type TrayAction = 'open' | 'open-deliveries' | 'pause' | 'resume' | 'retry-all' | 'watcher-start' | 'watcher-stop' | 'open-dms' | 'quit';

/**
 * The DMS watcher as the tray shows it. `unconfigured`: the connection lacks a field or the secret, so
 * Start would only fail; the tray offers to open the DMS page instead.
 */
export type WatcherTrayStatus = 'unconfigured' | 'stopped' | 'running' | 'error';

export interface WatcherTrayState {
  readonly status: WatcherTrayStatus;
  /** Why the last poll failed (status 'error' only). */
  readonly lastError: LocalizedText | null;
}

export const UNCONFIGURED_WATCHER: WatcherTrayState = { status: 'unconfigured', lastError: null };

/**
 * The watcher's status → tray state. A running watcher whose last poll failed is 'error' (it keeps
 * retrying with backoff); a successful poll with a warning is still 'running'.
 */
export function watcherTrayState(status: Pick<WatcherStatus, 'running' | 'failures' | 'lastError'>, configured: boolean): WatcherTrayState {
  if (status.running && status.failures > 0) return { status: 'error', lastError: status.lastError?.message ?? null };
  if (status.running) return { status: 'running', lastError: null };
  return { status: configured ? 'stopped' : 'unconfigured', lastError: null };
}

export type TrayMenuItem =
  | { readonly kind: 'action'; readonly action: TrayAction; readonly label: string; readonly enabled: boolean }
  | { readonly kind: 'status'; readonly label: string }
  | { readonly kind: 'separator' };

export type TrayIcon = 'ok' | 'sending' | 'failures' | 'paused';

export interface TrayView {
  readonly icon: TrayIcon;
  readonly tooltip: string;
  readonly items: readonly TrayMenuItem[];
}

/** Before the alerts service exists (or while it starts): nothing to report. */
export const IDLE_TRAY_STATE: TrayState = { level: 'ok', failureCount: 0, paused: false };

function statusText(state: TrayState): LocalizedText {
  if (state.failureCount > 0) {
    return state.failureCount === 1
      ? text('1 failed delivery', '1 条发送失败')
      : text(`${state.failureCount} failed deliveries`, `${state.failureCount} 条发送失败`);
  }
  if (state.paused) return text('Sending paused', '发送已暂停');
  if (state.level === 'sending') return text('Sending…', '正在发送…');
  return text('All deliveries sent', '全部已送达');
}

function iconFor(state: TrayState): TrayIcon {
  if (state.failureCount > 0 || state.level === 'failures') return 'failures';
  if (state.paused) return 'paused';
  return state.level;
}

/** Menu labels stay short: a long platform message is cut (the DMS page shows it whole). */
const MAX_ERROR_LABEL = 80;

const clip = (s: string): string => (s.length > MAX_ERROR_LABEL ? `${s.slice(0, MAX_ERROR_LABEL - 1)}…` : s);

function watcherText(w: WatcherTrayState, lang: Language): string {
  switch (w.status) {
    case 'running':
      return pick(text('DMS watcher: running', 'DMS 监听：运行中'), lang);
    case 'stopped':
      return pick(text('DMS watcher: stopped', 'DMS 监听：已停止'), lang);
    case 'unconfigured':
      return pick(text('DMS watcher: not set up', 'DMS 监听：未配置'), lang);
    case 'error': {
      const head = pick(text('DMS watcher: error', 'DMS 监听：出错'), lang);
      return w.lastError ? `${head} — ${clip(pick(w.lastError, lang))}` : head;
    }
  }
}

function watcherAction(w: WatcherTrayState): { action: TrayAction; label: LocalizedText } {
  if (w.status === 'running' || w.status === 'error') return { action: 'watcher-stop', label: text('Stop DMS watcher', '停止 DMS 监听') };
  if (w.status === 'stopped') return { action: 'watcher-start', label: text('Start DMS watcher', '启动 DMS 监听') };
  return { action: 'open-dms', label: text('Set up DMS connection…', '配置 DMS 连接…') };
}

export function trayModel(state: TrayState, lang: Language, watcher: WatcherTrayState = UNCONFIGURED_WATCHER): TrayView {
  const t = (l: LocalizedText): string => pick(l, lang);
  const status = t(statusText(state));
  const action = (a: TrayAction, label: LocalizedText, enabled = true): TrayMenuItem => ({ kind: 'action', action: a, label: t(label), enabled });
  const watcherStatus = watcherText(watcher, lang);
  const watcherItem = watcherAction(watcher);
  const tooltipLines = [
    `Channel Desk — ${status}${state.paused && state.failureCount > 0 ? ` (${t(text('paused', '已暂停'))})` : ''}`,
    // A failing watcher means no new events: worth seeing without opening the menu.
    ...(watcher.status === 'error' ? [watcherStatus] : []),
  ];
  return {
    icon: iconFor(state),
    tooltip: tooltipLines.join('\n'),
    items: [
      action('open', text('Open Channel Desk', '打开 Channel Desk')),
      { kind: 'status', label: status },
      action('open-deliveries', text('Open delivery log', '打开发送记录')),
      state.paused ? action('resume', text('Resume sending', '恢复发送')) : action('pause', text('Pause sending', '暂停发送')),
      action('retry-all', text('Retry all failed', '全部重试'), state.failureCount > 0),
      { kind: 'separator' },
      { kind: 'status', label: watcherStatus },
      action(watcherItem.action, watcherItem.label),
      { kind: 'separator' },
      action('quit', text('Quit', '退出')),
    ],
  };
}

/** The OS notification for a burst of new dead letters, in the admin's language. */
export const deadLetterNotification = (notice: DeadLetterNotice, lang: Language): { title: string; body: string } => ({
  title: pick(notice.title, lang),
  body: pick(notice.body, lang),
});
