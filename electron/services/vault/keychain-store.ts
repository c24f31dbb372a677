import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors.js';
import type { SecretStore, VaultProblem, VaultStatus } from './secret-store.js';
import { classifyKeychainError, vaultProblem, vaultUnavailable, VaultUnavailableError } from './vault-errors.js';

export const KEYCHAIN_SERVICE = 'Channel Desk';

const NULL_READ_TRUST_MS = 5_000;
const RETRY_AFTER_MS = 200;

type Keytar = Pick<typeof import('keytar'), 'getPassword' | 'setPassword' | 'deletePassword'>;

export interface KeychainStoreOptions {
  /** Namespaces every entry (`<installId>/<key>`) so two data folders never share a secret. */
  readonly installId: string;
  /** A hung D-Bus must never hang the app: every call gives up after this long. */
  readonly timeoutMs?: number;
  readonly probeTimeoutMs?: number;
  /** Loads the binding; tests may pass a loader that fails to exercise that path. */
  readonly load?: () => Promise<Keytar>;
}

const loadKeytar = async (): Promise<Keytar> => {
  const mod = (await import('keytar')) as Keytar & { default?: Keytar };
  return mod.default ?? mod;
};

class TimeoutError extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`keychain call timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const toProblem = (err: unknown): VaultProblem => vaultProblem(err instanceof TimeoutError ? 'keychain-timeout' : classifyKeychainError(err));

/** The OS keychain through keytar (libsecret on Linux, Keychain on macOS, Credential Vault on Windows). */
export function createKeychainStore(opts: KeychainStoreOptions): SecretStore {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const probeTimeoutMs = opts.probeTimeoutMs ?? 3_000;
  const account = (key: string): string => `${opts.installId}/${key}`;
  let binding: Promise<Keytar> | undefined;
  /** A passed probe is remembered; a failed one is retried so a fix takes effect without a restart. */
  let healthy = false;

  const keytar = async (): Promise<Keytar> => {
    binding ??= (opts.load ?? loadKeytar)();
    try {
      return await binding;
    } catch {
      binding = undefined;
      throw vaultUnavailable(vaultProblem('keychain-module-missing'));
    }
  };

  const call = async <T>(fn: (k: Keytar) => Promise<T>, ms = timeoutMs): Promise<T> => {
    const k = await keytar();
    try {
      return await withTimeout(fn(k), ms).catch(async (err: unknown) => {
        // An item deleted under us, or a refusal with no named cause (seen when several writers share the
        // keyring): tried once more before it is reported. Locked, no bus, no service and timeouts are not.
        if (err instanceof TimeoutError || classifyKeychainError(err) !== 'keychain-error') throw err;
        await new Promise((r) => setTimeout(r, RETRY_AFTER_MS));
        return withTimeout(fn(k), ms);
      });
    } catch (err) {
      if (err instanceof AppError) throw err;
      healthy = false;
      throw vaultUnavailable(toProblem(err));
    }
  };

  /** Write, read back and delete: reading alone "succeeds" (with null) on a locked or collection-less keyring. */
  const probe = async (): Promise<void> => {
    // Its own item each time: two probes at once (a CLI command beside a running server, or two stores on one
    // data folder in one process) never delete each other's item between its write and its read-back.
    const key = account(`__probe__/${randomUUID()}`);
    await call((k) => k.setPassword(KEYCHAIN_SERVICE, key, 'probe'), probeTimeoutMs);
    const back = await call((k) => k.getPassword(KEYCHAIN_SERVICE, key), probeTimeoutMs);
    await call((k) => k.deletePassword(KEYCHAIN_SERVICE, key), probeTimeoutMs);
    if (back !== 'probe') {
      healthy = false;
      throw vaultUnavailable(vaultProblem('keychain-error'));
    }
    healthy = true;
  };

  /**
   * A null read is only "not set" when the keychain is usable: a locked one hides every item. So a
   * null for a key this process has seen set is always checked with a probe; for other keys a probe
   * that passed in the last few seconds vouches for it (the inbox reads its unset signing secret often).
   */
  let vouchedAt = Number.NEGATIVE_INFINITY;
  const seenSet = new Set<string>();
  const read = async (key: string): Promise<string | null> => {
    const value = await call((k) => k.getPassword(KEYCHAIN_SERVICE, account(key)));
    if (value !== null) {
      seenSet.add(key);
      return value;
    }
    if (seenSet.has(key) || Date.now() - vouchedAt > NULL_READ_TRUST_MS) {
      await probe();
      vouchedAt = Date.now();
      seenSet.delete(key);
    }
    return null;
  };

  const status = async (): Promise<VaultStatus> => {
    const base = { backend: 'keychain' as const, location: KEYCHAIN_SERVICE };
    if (healthy) return { ...base, available: true };
    try {
      await probe();
      return { ...base, available: true };
    } catch (err) {
      const problem = err instanceof VaultUnavailableError ? err.problem : vaultProblem('keychain-error');
      return { ...base, available: false, problem };
    }
  };

  return {
    backend: 'keychain',
    status,
    async set(key, value) {
      await call((k) => k.setPassword(KEYCHAIN_SERVICE, account(key), value));
      seenSet.add(key);
    },
    get: read,
    async has(key) {
      return (await read(key)) !== null;
    },
    async delete(key) {
      await call((k) => k.deletePassword(KEYCHAIN_SERVICE, account(key)));
      seenSet.delete(key);
    },
  };
}
