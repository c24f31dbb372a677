import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import { createFileStore } from './file-store.js';
import { createKeychainStore } from './keychain-store.js';
import type { SecretStore } from './secret-store.js';
import { vaultPassphrase } from './passphrase.js';
import { VAULT_ENV } from './vault-errors.js';

export interface VaultOptions {
  readonly dataDir: string;
  readonly installId: string;
  readonly env: NodeJS.ProcessEnv;
  /** When a key was last written by any process (see KeychainStoreOptions.writtenAt). */
  readonly writtenAt?: (key: string) => string | null;
}

/**
 * The keychain unless the admin explicitly opts in to the encrypted file with CHANNEL_DESK_VAULT=file.
 * There is no automatic fallback in either direction: an unusable backend reports why instead.
 */
export function createVault(opts: VaultOptions): SecretStore {
  const choice = (opts.env[VAULT_ENV] ?? '').trim().toLowerCase();
  if (choice === 'file') return createFileStore({ dataDir: opts.dataDir, passphrase: vaultPassphrase(opts.env) });
  if (choice === '' || choice === 'keychain')
    return createKeychainStore({ installId: opts.installId, ...(opts.writtenAt ? { writtenAt: opts.writtenAt } : {}) });
  throw new AppError(
    'BAD_INPUT',
    text(`${VAULT_ENV} must be "keychain" or "file", not "${choice}".`, `${VAULT_ENV} 只能是 "keychain" 或 "file"，而不是 "${choice}"。`),
    { fix: text(`Unset ${VAULT_ENV} to use the OS keychain.`, `取消设置 ${VAULT_ENV} 即可使用系统钥匙串。`) },
  );
}

export type { SecretStore, VaultStatus, VaultBackend, VaultProblem } from './secret-store.js';
export { vaultKeys } from './secret-store.js';
export { secretMeta } from './tracked-store.js';
