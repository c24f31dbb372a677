import type { LocalizedText } from '../../../../shared/i18n-text.js';

// What the alerts service offers the tray, the OS notifications and the UI banner (electron/tray-model.ts
// turns it into a menu); defined here so that the service does not import the Electron edge.

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
