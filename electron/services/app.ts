import type { SettingsStore } from './settings/settings-store.js';
import type { SecretStore } from './vault/secret-store.js';

export type RunMode = 'electron' | 'headless' | 'cli';

/**
 * Every service, built from one data folder. Electron main, headless mode, the CLI and the tests all
 * build it the same way; nothing here imports 'electron'.
 */
export interface AppServices {
  readonly mode: RunMode;
  readonly dataDir: string;
  readonly version: string;
  readonly settings: SettingsStore;
  readonly vault: SecretStore;
  /** Stops loops and closes files; safe to call twice. */
  close(): Promise<void>;
}
