import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSettingsStore } from '../../electron/services/settings/conf-settings-store.js';
import type { SettingsStore } from '../../electron/services/settings/settings-store.js';
import { createVault } from '../../electron/services/vault/index.js';
import type { SecretStore } from '../../electron/services/vault/secret-store.js';

export interface TestStores {
  readonly dataDir: string;
  readonly settings: SettingsStore;
  readonly vault: SecretStore;
  /** Deletes the data folder. */
  remove(): void;
}

/** The vault these stores use; a CLI command run in the same test needs it in process.env. */
export const TEST_VAULT_ENV = {
  CHANNEL_DESK_VAULT: 'file',
  CHANNEL_DESK_VAULT_PASSPHRASE: 'test-stores-passphrase-1',
  // scrypt at N=2^10: tests open hundreds of vaults (tests only; see VAULT_TEST_KDF_N_ENV in file-store.ts).
  CHANNEL_DESK_VAULT_TEST_KDF_N: '1024',
};

/** For a file whose CLI runs read the test vault and speak English: set for the file's tests, restored after. */
export function useCliTestEnv(): void {
  const saved = { ...process.env };
  beforeAll(() => Object.assign(process.env, TEST_VAULT_ENV, { LANG: 'en_US.UTF-8' }));
  afterAll(() => {
    for (const k of Object.keys(TEST_VAULT_ENV)) delete process.env[k];
    Object.assign(process.env, saved);
  });
}

/** Real settings (conf file) and a real encrypted-file vault in a fresh data folder (or the given one). */
export function openTestStores(prefix: string, dataDir = mkdtempSync(path.join(tmpdir(), prefix))): TestStores {
  const settings = openSettingsStore({ dataDir, now: () => new Date() });
  const vault = createVault({
    dataDir,
    installId: settings.read().installId,
    env: TEST_VAULT_ENV,
  });
  return { dataDir, settings, vault, remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}
