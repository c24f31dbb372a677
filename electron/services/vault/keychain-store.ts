import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors.js';
import { createKeychainQueue, KeychainBusyError, KeychainTimeoutError } from './keychain-queue.js';
import { secretServiceLockCheck, type KeyringLockCheck, type KeyringLockState } from './keyring-lock-state.js';
import type { SecretStore, VaultProblem, VaultStatus } from './secret-store.js';
import { classifyKeychainError, vaultProblem, vaultUnavailable, VaultUnavailableError } from './vault-errors.js';

export const KEYCHAIN_SERVICE = 'Channel Desk';

const NULL_READ_TRUST_MS = 5_000;
const RETRY_AFTER_MS = 200;
/** A call outstanding this long is reported by status() without queueing a probe behind it. */
export const STUCK_CALL_MS = 30_000;

type Keytar = Pick<typeof import('keytar'), 'getPassword' | 'setPassword' | 'deletePassword'>;

export interface KeychainStoreOptions {
  /** Namespaces every entry (`<installId>/<key>`) so two data folders never share a secret. */
  readonly installId: string;
  /** A hung D-Bus must never hang the app: every caller gives up after this long (the call itself stays in flight). */
  readonly timeoutMs?: number;
  readonly probeTimeoutMs?: number;
  /** Loads the binding; tests may pass a loader that fails to exercise that path. */
  readonly load?: () => Promise<Keytar>;
  /** Whether the keyring is locked, asked before every use (default: the Secret Service over D-Bus on Linux). */
  readonly lockCheck?: KeyringLockCheck;
  readonly now?: () => number;
  /**
   * Changes whenever any process writes the key (settings' secretsMeta `changedAt`): a cached value is
   * read again when a CLI command beside the running app stored a new one.
   */
  readonly writtenAt?: (key: string) => string | null;
}

const loadKeytar = async (): Promise<Keytar> => {
  const mod = (await import('keytar')) as Keytar & { default?: Keytar };
  return mod.default ?? mod;
};

const isQueueError = (err: unknown): boolean => err instanceof KeychainTimeoutError || err instanceof KeychainBusyError;
const toProblem = (err: unknown): VaultProblem => vaultProblem(isQueueError(err) ? 'keychain-timeout' : classifyKeychainError(err));

/**
 * The OS keychain through keytar (libsecret on Linux, Keychain on macOS, Credential Vault on Windows).
 * Calls go one at a time (keychain-queue.ts), secrets are kept in memory while the keyring stays
 * unlocked (the sender and the inbox read them per message), and a locked keyring is reported from
 * its D-Bus `Locked` property without a keytar call.
 */
export function createKeychainStore(opts: KeychainStoreOptions): SecretStore {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const probeTimeoutMs = opts.probeTimeoutMs ?? 3_000;
  const now = opts.now ?? Date.now;
  const lockCheck = opts.lockCheck ?? secretServiceLockCheck();
  const queue = createKeychainQueue(now);
  const account = (key: string): string => `${opts.installId}/${key}`;
  let binding: Promise<Keytar> | undefined;
  /** A passed probe is remembered; a failed one is retried so a fix takes effect without a restart. */
  let healthy = false;

  /** Values (null: not set) read while unlocked; `generation` moves on every write and lock so a read begun before is not kept. */
  const cache = new Map<string, { value: string | null; writtenAt: string | null }>();
  const writtenAt = opts.writtenAt ?? (() => null);
  const reading = new Map<string, Promise<string | null>>();
  let generation = 0;
  const forget = (key?: string): void => {
    generation += 1;
    if (key === undefined) {
      cache.clear();
      reading.clear();
    } else {
      cache.delete(key);
      reading.delete(key);
    }
  };

  const keytar = async (): Promise<Keytar> => {
    binding ??= (opts.load ?? loadKeytar)();
    try {
      return await binding;
    } catch {
      binding = undefined;
      throw vaultUnavailable(vaultProblem('keychain-module-missing'));
    }
  };

  const unavailable = (problem: VaultProblem): VaultUnavailableError => {
    healthy = false;
    return vaultUnavailable(problem);
  };

  /** Asked before keytar is: a locked keyring hides every item, refuses writes and ignores deletes. */
  const unlocked = async (ms: number): Promise<KeyringLockState> => {
    const state = await lockCheck(ms);
    if (state === 'locked') {
      forget();
      throw unavailable(vaultProblem('keychain-locked'));
    }
    if (state === 'no-answer') throw unavailable(vaultProblem('keychain-timeout'));
    return state;
  };

  const call = async <T>(fn: (k: Keytar) => Promise<T>, ms = timeoutMs): Promise<T> => {
    const k = await keytar();
    try {
      return await queue
        .run(() => fn(k), ms)
        .catch(async (err: unknown) => {
          // An item deleted under us, or a refusal with no named cause (seen when several writers share the
          // keyring): tried once more before it is reported. Locked, no bus, no service and timeouts are not.
          if (isQueueError(err) || classifyKeychainError(err) !== 'keychain-error') throw err;
          await new Promise((r) => setTimeout(r, RETRY_AFTER_MS));
          return queue.run(() => fn(k), ms);
        });
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw unavailable(toProblem(err));
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
    if (back !== 'probe') throw unavailable(vaultProblem('keychain-error'));
    healthy = true;
  };

  /**
   * Without an answer from D-Bus (not Linux, or a Secret Service without the default alias) a null read
   * is only "not set" when the keychain is usable: a locked one hides every item. So a null for a key this
   * process has seen set is always checked with a probe; for other keys a probe that passed in the last
   * few seconds vouches for it.
   */
  let vouchedAt = Number.NEGATIVE_INFINITY;
  const seenSet = new Set<string>();
  const fetchValue = async (key: string, state: KeyringLockState): Promise<string | null> => {
    const started = generation;
    const stamp = writtenAt(key);
    const value = await call((k) => k.getPassword(KEYCHAIN_SERVICE, account(key)));
    if (value !== null) seenSet.add(key);
    else if (state !== 'unlocked' && (seenSet.has(key) || now() - vouchedAt > NULL_READ_TRUST_MS)) {
      await probe();
      vouchedAt = now();
      seenSet.delete(key);
    }
    if (generation === started) cache.set(key, { value, writtenAt: stamp });
    return value;
  };

  const read = async (key: string): Promise<string | null> => {
    const state = await unlocked(timeoutMs);
    const hit = cache.get(key);
    if (hit && hit.writtenAt === writtenAt(key)) return hit.value;
    // Readers of one key arriving together share one keytar call.
    const joined = reading.get(key);
    if (joined) return joined;
    const pending: Promise<string | null> = fetchValue(key, state).finally(() => {
      if (reading.get(key) === pending) reading.delete(key);
    });
    reading.set(key, pending);
    return pending;
  };

  const status = async (): Promise<VaultStatus> => {
    const base = { backend: 'keychain' as const, location: KEYCHAIN_SERVICE };
    try {
      if (queue.outstandingMs() > STUCK_CALL_MS) throw unavailable(vaultProblem('keychain-timeout'));
      await unlocked(probeTimeoutMs);
      if (!healthy) await probe();
      return { ...base, available: true };
    } catch (err) {
      const problem = err instanceof VaultUnavailableError ? err.problem : vaultProblem('keychain-error');
      return { ...base, available: false, problem };
    }
  };

  /** A write drops the key before and after: a read that started earlier must not put the old value back. */
  const write = async (key: string, fn: (k: Keytar) => Promise<unknown>): Promise<void> => {
    await unlocked(timeoutMs);
    forget(key);
    try {
      await call(fn);
    } finally {
      forget(key);
    }
  };

  return {
    backend: 'keychain',
    status,
    async set(key, value) {
      await write(key, (k) => k.setPassword(KEYCHAIN_SERVICE, account(key), value));
      seenSet.add(key);
    },
    get: read,
    async has(key) {
      return (await read(key)) !== null;
    },
    async delete(key) {
      await write(key, (k) => k.deletePassword(KEYCHAIN_SERVICE, account(key)));
      seenSet.delete(key);
    },
    stalled: () => (queue.outstandingMs() > STUCK_CALL_MS ? vaultProblem('keychain-timeout') : null),
  };
}
