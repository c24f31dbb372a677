import type { LocalizedText } from '../../../shared/i18n-text.js';
import type { Settings } from './schema.js';

/** What happened when the settings file could not be used at start-up. */
export interface SettingsRecovery {
  /** Where the unreadable file was moved to; it is kept, never deleted. */
  readonly backupPath: string;
  readonly reason: 'invalid-json' | 'invalid-settings' | 'newer-version';
  /** For the UI banner and the CLI. */
  readonly message: LocalizedText;
  readonly at: string;
}

/**
 * The validated settings document. Reads are frozen snapshots; update() validates the result with
 * the schema and persists it atomically, or throws AppError (BAD_INPUT, DISK_FULL,
 * SETTINGS_UNWRITABLE) and leaves both the file and the in-memory document as they were.
 */
export interface SettingsStore {
  read(): Settings;
  update(mutate: (current: Settings) => Settings): Settings;
  onChange(listener: (next: Settings) => void): () => void;
  readonly recovery: SettingsRecovery | null;
  readonly filePath: string;
}

/**
 * The persistence seam: `conf` headless, electron-store inside Electron (same file format). Anything
 * with a `store` property that writes the whole document atomically when assigned fits.
 */
export interface SettingsBackend {
  readonly path: string;
  store: Record<string, unknown>;
}

export interface SettingsBackendOptions {
  readonly cwd: string;
  readonly configName: string;
  readonly configFileMode: number;
  /** Keys contain dots and slashes (vault keys); they are never paths. */
  readonly accessPropertiesByDotNotation: false;
}

/** Electron main passes `(o) => new ElectronStore(o)`; everything else uses conf. */
export type SettingsBackendFactory = (opts: SettingsBackendOptions) => SettingsBackend;
