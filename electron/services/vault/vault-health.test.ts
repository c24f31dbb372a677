import { describe, expect, it } from 'vitest';
import type { SecretStore, VaultStatus } from './secret-store.js';
import { vaultProblem, vaultUnavailable } from './vault-errors.js';
import { monitorVault } from './vault-health.js';

/** A keychain that can be locked and unlocked; counts status probes. */
function lockable() {
  let locked = false;
  let probes = 0;
  const values = new Map<string, string>();
  const guard = (): void => {
    if (locked) throw vaultUnavailable(vaultProblem('keychain-locked'));
  };
  const store: SecretStore = {
    backend: 'keychain',
    async status(): Promise<VaultStatus> {
      probes++;
      return locked
        ? { backend: 'keychain', location: 'kc', available: false, problem: vaultProblem('keychain-locked') }
        : { backend: 'keychain', location: 'kc', available: true };
    },
    async get(k) {
      guard();
      return values.get(k) ?? null;
    },
    async has(k) {
      guard();
      return values.has(k);
    },
    async set(k, v) {
      guard();
      values.set(k, v);
    },
    async delete(k) {
      guard();
      values.delete(k);
    },
  };
  return { store, lock: () => (locked = true), unlock: () => (locked = false), probes: () => probes };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('monitorVault', () => {
  it('a failing call marks the vault unavailable with its reason, re-probes with backoff, and reports recovery once', async () => {
    const kc = lockable();
    const health = monitorVault(kc.store, { firstRetryMs: 20, maxRetryMs: 80 });
    let recovered = 0;
    health.onRecover(() => recovered++);
    await health.store.set('a', '1');
    expect(health.current().available).toBe(true);

    kc.lock();
    await expect(health.store.get('a')).rejects.toMatchObject({ code: 'VAULT_UNAVAILABLE' });
    expect(health.current()).toMatchObject({ available: false, problem: { reason: 'keychain-locked' } });
    await sleep(300);
    // Probed again and again while unavailable (20, 40, 80, 80… ms), not cached.
    expect(kc.probes()).toBeGreaterThanOrEqual(3);
    expect(recovered).toBe(0);

    kc.unlock();
    await sleep(200);
    expect(health.current().available).toBe(true);
    expect(recovered).toBe(1);
    const settled = kc.probes();
    await sleep(200);
    // Healthy again: no more probing.
    expect(kc.probes()).toBe(settled);
    health.close();
  });

  it('a keychain call outstanding too long is reported by current() even while cached reads succeed; its answer recovers it', async () => {
    const kc = lockable();
    let stuck = false;
    const health = monitorVault({ ...kc.store, stalled: () => (stuck ? vaultProblem('keychain-timeout') : null) }, { firstRetryMs: 20, maxRetryMs: 40 });
    let recovered = 0;
    health.onRecover(() => recovered++);
    await health.store.set('a', '1');
    stuck = true;
    expect(health.current()).toMatchObject({ available: false, problem: { reason: 'keychain-timeout' } });
    // A read answered meanwhile (from the cache) does not hide the stuck call.
    expect(await health.store.get('a')).toBe('1');
    expect(health.current().available).toBe(false);

    stuck = false;
    await expect.poll(() => health.current().available).toBe(true);
    expect(recovered).toBe(1);
    health.close();
  });
});
