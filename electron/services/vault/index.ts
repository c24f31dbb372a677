import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import { createFileStore, VAULT_KDF, VAULT_TEST_KDF_N_ENV } from './file-store.js';
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
  if (choice === 'file') {
    const kdfN = testKdfN(opts.env[VAULT_TEST_KDF_N_ENV]);
    return createFileStore({ dataDir: opts.dataDir, passphrase: vaultPassphrase(opts.env), ...(kdfN === undefined ? {} : { kdfN }) });
  }
  if (choice === '' || choice === 'keychain')
    return createKeychainStore({ installId: opts.installId, ...(opts.writtenAt ? { writtenAt: opts.writtenAt } : {}) });
  throw new AppError(
    'BAD_INPUT',
    text(`${VAULT_ENV} must be "keychain" or "file", not "${choice}".`, `${VAULT_ENV} 只能是 "keychain" 或 "file"，而不是 "${choice}"。`),
    { fix: text(`Unset ${VAULT_ENV} to use the OS keychain.`, `取消设置 ${VAULT_ENV} 即可使用系统钥匙串。`) },
  );
}

/** CHANNEL_DESK_VAULT_TEST_KDF_N: only a power of two between 2^10 and today's cost is taken; anything else is ignored. */
function testKdfN(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1024 && n <= VAULT_KDF.N && (n & (n - 1)) === 0 ? n : undefined;
}

export type { SecretStore, VaultStatus, VaultBackend, VaultProblem } from './secret-store.js';
export { vaultKeys } from './secret-store.js';
export { secretMeta } from './tracked-store.js';
