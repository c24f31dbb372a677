import type { Settings } from './schema.js';

/** What happened when the settings file could not be read at start-up. */
export interface SettingsRecovery {
  readonly backupPath: string;
  readonly reason: string;
}

/**
 * The validated settings document. Reads are snapshots; update() validates the result with the
 * schema and persists it atomically, or throws AppError and leaves the file as it was.
 */
export interface SettingsStore {
  read(): Settings;
  update(mutate: (current: Settings) => Settings): Settings;
  onChange(listener: (next: Settings) => void): () => void;
  readonly recovery: SettingsRecovery | null;
  readonly filePath: string;
}
