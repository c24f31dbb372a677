import { pick, text, type Language, type LocalizedText } from '../shared/i18n-text.js';

/**
 * The tray as data: the alerts service (plain Node) implements AlertsSource, trayModel() turns its
 * state into icon, tooltip and menu, and tray.ts only renders that. No Electron here.
 */

export type TrayLevel = 'ok' | 'sending' | 'failures';

export interface TrayState {
  readonly level: TrayLevel;
  /** Dead letters waiting for the admin (retry or discard). */
  readonly failureCount: number;
  readonly paused: boolean;
}

/** A burst of new dead letters, coalesced by the alerts service into one OS notification. */
export interface DeadLetterNotice {
  readonly count: number;
  readonly title: LocalizedText;
  readonly body: LocalizedText;
}

/**
 * What the tray needs from the alerts service (services.delivery.alerts implements it), so the tray,
 * the OS notifications and the UI banner can never disagree. Listeners return an unsubscribe.
 */
export interface AlertsSource {
  state(): TrayState;
  onChange(listener: (state: TrayState) => void): () => void;
  onNotice(listener: (notice: DeadLetterNotice) => void): () => void;
}

export type TrayAction = 'open' | 'open-deliveries' | 'pause' | 'resume' | 'retry-all' | 'quit';

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

export function trayModel(state: TrayState, lang: Language): TrayView {
  const t = (l: LocalizedText): string => pick(l, lang);
  const status = t(statusText(state));
  const action = (a: TrayAction, label: LocalizedText, enabled = true): TrayMenuItem => ({ kind: 'action', action: a, label: t(label), enabled });
  return {
    icon: iconFor(state),
    tooltip: `Channel Desk — ${status}${state.paused && state.failureCount > 0 ? ` (${t(text('paused', '已暂停'))})` : ''}`,
    items: [
      action('open', text('Open Channel Desk', '打开 Channel Desk')),
      { kind: 'status', label: status },
      action('open-deliveries', text('Open delivery log', '打开发送记录')),
      state.paused ? action('resume', text('Resume sending', '恢复发送')) : action('pause', text('Pause sending', '暂停发送')),
      action('retry-all', text('Retry all failed', '全部重试'), state.failureCount > 0),
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
