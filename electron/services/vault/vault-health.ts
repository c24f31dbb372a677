import { AppError } from '../../../shared/errors.js';
import type { SecretStore, VaultStatus } from './secret-store.js';
import { VaultUnavailableError } from './vault-errors.js';

/**
 * The vault's health as the running app knows it. Every call through `store` that fails with
 * VAULT_UNAVAILABLE (a keychain locked while running, a passphrase file gone) marks it unhealthy;
 * from then on the vault is probed again with backoff (1 s doubling to 30 s, then every 30 s) until it
 * works, and `onRecover` listeners (the sender) resume what waited. Never cached forever.
 */
export interface VaultHealth {
  /** The vault to use: the given one, observed. */
  readonly store: SecretStore;
  /** The last known status (available until a call or probe said otherwise). */
  current(): VaultStatus;
  /** Probes now and returns the fresh status. */
  check(): Promise<VaultStatus>;
  onRecover(listener: () => void): () => void;
  /** Called whenever the vault turns unavailable or available again (the UI's banner). */
  onChange(listener: () => void): () => void;
  close(): void;
}

export interface VaultHealthOptions {
  readonly firstRetryMs?: number;
  readonly maxRetryMs?: number;
}

export function monitorVault(inner: SecretStore, opts: VaultHealthOptions = {}): VaultHealth {
  const firstMs = opts.firstRetryMs ?? 1_000;
  const maxMs = opts.maxRetryMs ?? 30_000;
  let last: VaultStatus = { backend: inner.backend, available: true, location: '' };
  let timer: NodeJS.Timeout | null = null;
  let delay = firstMs;
  let closed = false;
  const listeners = new Set<() => void>();
  const changeListeners = new Set<() => void>();

  /** Records a status; on the way back to available, resumes whoever waited. */
  const settle = (status: VaultStatus): void => {
    const recovered = status.available && !last.available;
    const changed = status.available !== last.available;
    last = status;
    if (changed) for (const l of changeListeners) l();
    if (!status.available) {
      schedule();
      return;
    }
    delay = firstMs;
    if (timer) clearTimeout(timer);
    timer = null;
    if (recovered) for (const l of listeners) l();
  };

  const schedule = (): void => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void check();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, maxMs);
  };

  const check = async (): Promise<VaultStatus> => {
    settle(await inner.status());
    return last;
  };

  /** A call stuck in the backend is reported even while others succeed (a keychain answering from its cache). */
  const current = (): VaultStatus => {
    const problem = inner.stalled?.() ?? null;
    if (problem && last.problem?.reason !== problem.reason) settle({ backend: last.backend, location: last.location, available: false, problem });
    return last;
  };

  const observe = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      const result = await work();
      if (!last.available && !inner.stalled?.()) settle({ backend: last.backend, location: last.location, available: true });
      return result;
    } catch (err) {
      if (err instanceof VaultUnavailableError) settle({ backend: last.backend, location: last.location, available: false, problem: err.problem });
      else if (err instanceof AppError && err.code === 'VAULT_UNAVAILABLE') schedule();
      throw err;
    }
  };

  const store: SecretStore = {
    backend: inner.backend,
    status: () => check(),
    get: (key) => observe(() => inner.get(key)),
    has: (key) => observe(() => inner.has(key)),
    set: (key, value) => observe(() => inner.set(key, value)),
    delete: (key) => observe(() => inner.delete(key)),
  };

  return {
    store,
    current,
    check,
    onRecover(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
