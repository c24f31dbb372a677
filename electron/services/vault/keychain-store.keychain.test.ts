import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import keytar from 'keytar';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { createKeychainStore, KEYCHAIN_SERVICE, STUCK_CALL_MS } from './keychain-store.js';
import type { VaultStatus } from './secret-store.js';

const fixture = path.resolve(import.meta.dirname, '../../../test/fixtures/keychain-probe.ts');

interface ProbeResult {
  status: VaultStatus;
  setError: { code: string; reason: string; message: string; fix: string } | null;
  elapsedMs: number;
}

/**
 * Runs the probe in a fresh process (libsecret binds to one session bus per process) and takes its
 * first output line. The child is then killed: a keychain call stuck in the thread pool keeps a
 * process from exiting, which is exactly the situation one test creates.
 */
function probe(env: NodeJS.ProcessEnv): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let errOut = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`probe gave no answer in 20 s; stderr: ${errOut}`));
    }, 20_000);
    child.stderr.on('data', (d: Buffer) => (errOut += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      child.kill('SIGKILL');
      try {
        resolve(JSON.parse(out.slice(0, nl)) as ProbeResult);
      } catch (err) {
        reject(err as Error);
      }
    });
    child.on('exit', (code) => {
      if (!out.includes('\n')) {
        clearTimeout(timer);
        reject(new Error(`probe exited ${code} without an answer; stderr: ${errOut}`));
      }
    });
  });
}

const withoutBus = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return env;
};

describe('keychain: no usable keychain', () => {
  it('without a session bus or display: clear VAULT_UNAVAILABLE with the fix, fast, status does not throw', async () => {
    const r = await probe(withoutBus());
    expect(r.status).toMatchObject({ backend: 'keychain', available: false, problem: { reason: 'no-session-bus' } });
    expect(r.status.problem?.message.zh).toMatch(/钥匙串/);
    expect(r.setError).toMatchObject({ code: 'VAULT_UNAVAILABLE', reason: 'no-session-bus' });
    expect(r.setError?.fix).toMatch(/gnome-keyring/);
    expect(r.setError?.fix).toMatch(/CHANNEL_DESK_VAULT=file/);
    expect(r.elapsedMs).toBeLessThan(3_000);
  });

  it('with a bus address that points nowhere: the same clear error', async () => {
    const r = await probe({ ...withoutBus(), DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(os.tmpdir(), `no-bus-${randomUUID()}`)}` });
    expect(r.setError).toMatchObject({ code: 'VAULT_UNAVAILABLE', reason: 'no-session-bus' });
    expect(r.elapsedMs).toBeLessThan(3_000);
  });

  it('with a bus that accepts but never answers: gives up on time instead of hanging', async () => {
    const sock = path.join(os.tmpdir(), `hung-bus-${randomUUID()}.sock`);
    const held: net.Socket[] = [];
    const server = net.createServer((s) => held.push(s)); // accept, read nothing, answer nothing
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      const r = await probe({ ...withoutBus(), DBUS_SESSION_BUS_ADDRESS: `unix:path=${sock}` });
      expect(r.status.available).toBe(false);
      expect(r.status.problem?.reason).toBe('keychain-timeout');
      expect(r.setError).toMatchObject({ code: 'VAULT_UNAVAILABLE', reason: 'keychain-timeout' });
      // Fixture timeouts are 1.5 s per call: the status probe stops at its first call, set() after one.
      expect(r.elapsedMs).toBeLessThan(6_000);
    } finally {
      for (const s of held) s.destroy();
      server.close();
      fs.rmSync(sock, { force: true });
    }
  });

  it('a keytar module that cannot load is reported, not thrown raw', async () => {
    const store = createKeychainStore({ installId: 'x'.repeat(8), load: () => Promise.reject(new Error('libsecret-1.so.0: cannot open')) });
    expect((await store.status()).problem?.reason).toBe('keychain-module-missing');
    await expect(store.get('k')).rejects.toMatchObject({ code: 'VAULT_UNAVAILABLE' });
  });
});

describe('keychain: two stores on one data folder', () => {
  it("probing at once (a CLI command beside the server, same process or not): neither deletes the other's probe item", async () => {
    // An in-memory keychain; store B reads its probe back only after store A has deleted A's own probe item,
    // the order that made B read null and report "refused" while both used the same probe account.
    const items = new Map<string, string>();
    let aDeleted!: () => void;
    const afterADelete = new Promise<void>((r) => (aDeleted = r));
    const fake = (role: 'a' | 'b') => async () => ({
      setPassword: async (_s: string, account: string, value: string) => void items.set(account, value),
      getPassword: async (_s: string, account: string) => {
        if (role === 'b') await afterADelete;
        return items.get(account) ?? null;
      },
      deletePassword: async (_s: string, account: string) => {
        const had = items.delete(account);
        if (role === 'a') aDeleted();
        return had;
      },
    });
    const a = createKeychainStore({ installId: 'same-install', load: fake('a') });
    const b = createKeychainStore({ installId: 'same-install', load: fake('b') });
    const [sa, sb] = await Promise.all([a.status(), b.status()]);
    expect(sa.available).toBe(true);
    expect(sb).toEqual({ backend: 'keychain', available: true, location: KEYCHAIN_SERVICE });
    // Probe items are cleaned up.
    expect(items.size).toBe(0);
  });
});

// The real Secret Service: scripts/test.sh runs the suite in a D-Bus session with an unlocked gnome-keyring.
describe.skipIf(!process.env.DBUS_SESSION_BUS_ADDRESS)('keychain: real gnome-keyring', () => {
  const installId = `test-${randomUUID()}`;
  const other = `test-${randomUUID()}`;
  afterAll(async () => {
    for (const id of [installId, other]) {
      for (const c of await keytar.findCredentials(KEYCHAIN_SERVICE)) {
        if (c.account.startsWith(`${id}/`)) await keytar.deletePassword(KEYCHAIN_SERVICE, c.account);
      }
    }
  });

  it('reports available', async () => {
    const status = await createKeychainStore({ installId }).status();
    expect(status).toEqual({ backend: 'keychain', available: true, location: KEYCHAIN_SERVICE });
  });

  it('round trip: set, has, get, overwrite, delete', async () => {
    const store = createKeychainStore({ installId });
    const key = 'channel/feishu/appSecret';
    expect(await store.has(key)).toBe(false);
    await store.set(key, 'first-秘密-value');
    expect(await store.has(key)).toBe(true);
    expect(await store.get(key)).toBe('first-秘密-value');
    await store.set(key, 'second-value');
    expect(await store.get(key)).toBe('second-value');
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
    expect(await store.has(key)).toBe(false);
    await expect(store.delete(key)).resolves.toBeUndefined();
  });

  it('stores under service "Channel Desk", account <installId>/<key>; installs never share', async () => {
    const a = createKeychainStore({ installId });
    const b = createKeychainStore({ installId: other });
    await a.set('dms/accessKeySecret', 'only-for-a');
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, `${installId}/dms/accessKeySecret`)).toBe('only-for-a');
    expect(await b.get('dms/accessKeySecret')).toBeNull();
    await b.set('dms/accessKeySecret', 'only-for-b');
    expect(await a.get('dms/accessKeySecret')).toBe('only-for-a');
  });

  it('errors are AppErrors without the value', async () => {
    const store = createKeychainStore({
      installId,
      load: async () => ({ ...keytar, setPassword: () => Promise.reject(new Error('Cannot create an item in a locked collection')) }),
    });
    const err = await store.set('channel/lark/appSecret', 'do-not-leak-me').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).details?.reason).toBe('keychain-locked');
    expect(JSON.stringify((err as AppError).toBody())).not.toContain('do-not-leak-me');
  });
});

/** An in-memory keytar whose calls wait until the test releases them, counting how many run at once. */
function heldKeytar(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  const calls: { op: 'get' | 'set' | 'delete'; key: string; release(): void }[] = [];
  const stats = { inFlight: 0, maxInFlight: 0 };
  const op = <T>(name: 'get' | 'set' | 'delete', account: string, result: () => T): Promise<T> =>
    new Promise<T>((resolve) => {
      stats.inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      const key = account.slice(account.indexOf('/') + 1);
      calls.push({
        op: name,
        key,
        release() {
          stats.inFlight -= 1;
          resolve(result());
        },
      });
    });
  const keytar = {
    getPassword: (_s: string, account: string) => op('get', account, () => items.get(account) ?? null),
    setPassword: (_s: string, account: string, value: string) => op('set', account, () => void items.set(account, value)),
    deletePassword: (_s: string, account: string) => op('delete', account, () => items.delete(account)),
  };
  /** Waits for the n-th call (1-based) to reach keytar and releases it. */
  const release = async (n: number) => {
    await vi.waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(n));
    calls[n - 1]!.release();
  };
  return { keytar, items, calls, stats, release };
}

/** Lets every pending promise continuation run (no timer involved). */
const settle = () => new Promise((r) => setImmediate(r));

const reasonOf = (err: unknown) => (err instanceof AppError ? err.details?.reason : err);

describe('keychain: one call at a time, secrets kept while unlocked (issue 16)', () => {
  const unlocked = async () => 'unlocked' as const;

  it('readers arriving together: at most one keytar call in flight, each answered in turn', async () => {
    const fake = heldKeytar({ 'i/a': '1', 'i/b': '2', 'i/c': '3', 'i/d': '4', 'i/e': '5' });
    const store = createKeychainStore({ installId: 'i', load: async () => fake.keytar, lockCheck: unlocked });
    const reads = ['a', 'b', 'c', 'd', 'e'].map((k) => store.get(k));
    await settle();
    expect(fake.calls).toHaveLength(1);
    for (let n = 1; n <= 5; n += 1) await fake.release(n);
    expect(await Promise.all(reads)).toEqual(['1', '2', '3', '4', '5']);
    expect(fake.stats.maxInFlight).toBe(1);
  });

  it('a call past its time is not abandoned: its caller gets keychain-timeout, later calls fail fast without keytar, the next runs after it returns', async () => {
    const fake = heldKeytar({ 'i/a': 'A', 'i/b': 'B' });
    let clock = 1_000;
    const store = createKeychainStore({ installId: 'i', load: async () => fake.keytar, lockCheck: unlocked, timeoutMs: 50, now: () => clock });
    const hung = store.get('a').catch(reasonOf);
    expect(await hung).toBe('keychain-timeout');
    expect(fake.calls).toHaveLength(1);
    // The hung call still holds its place: nothing else reaches keytar (no second worker thread taken).
    expect(await store.get('b').catch(reasonOf)).toBe('keychain-timeout');
    expect(await store.status()).toMatchObject({ available: false, problem: { reason: 'keychain-timeout' } });
    expect(store.stalled?.()).toBeNull();
    clock += STUCK_CALL_MS + 1;
    // Outstanding for over 30 s: vault.health is told without a call (vault-health.ts asks stalled()).
    expect(store.stalled?.()).toMatchObject({ reason: 'keychain-timeout' });
    expect(await store.status()).toMatchObject({ available: false, problem: { reason: 'keychain-timeout' } });
    expect(fake.calls).toHaveLength(1);
    expect(fake.stats.inFlight).toBe(1);

    fake.calls[0]!.release();
    await vi.waitFor(() => expect(store.stalled?.()).toBeNull());
    const next = store.get('b');
    await fake.release(2);
    expect(await next).toBe('B');
    expect(fake.stats.maxInFlight).toBe(1);
  });

  it('a cache hit does not call keytar; set and delete invalidate; readers of one key share one call', async () => {
    const fake = heldKeytar({ 'i/k': 'v1' });
    const store = createKeychainStore({ installId: 'i', load: async () => fake.keytar, lockCheck: unlocked });
    const together = [store.get('k'), store.get('k'), store.has('k')];
    await fake.release(1);
    expect(await Promise.all(together)).toEqual(['v1', 'v1', true]);
    expect(await store.get('k')).toBe('v1');
    expect(fake.calls).toHaveLength(1);

    const set = store.set('k', 'v2');
    await fake.release(2);
    await set;
    const afterSet = store.get('k');
    await fake.release(3);
    expect(await afterSet).toBe('v2');
    expect(fake.calls.map((c) => c.op)).toEqual(['get', 'set', 'get']);

    const del = store.delete('k');
    await fake.release(4);
    await del;
    const afterDelete = store.get('k');
    await fake.release(5);
    expect(await afterDelete).toBeNull();
    // "Not set" is kept too: the inbox asks for its unset signing secret on every request.
    expect(await store.get('k')).toBeNull();
    expect(fake.calls).toHaveLength(5);
  });

  it('a value another process wrote (its secretsMeta stamp moved) is read again', async () => {
    const fake = heldKeytar({ 'i/k': 'v1' });
    const stamps = new Map<string, string>([['k', '2026-12-01T00:00:00.000Z']]);
    const store = createKeychainStore({ installId: 'i', load: async () => fake.keytar, lockCheck: unlocked, writtenAt: (k) => stamps.get(k) ?? null });
    const first = store.get('k');
    await fake.release(1);
    expect(await first).toBe('v1');
    expect(await store.get('k')).toBe('v1');
    expect(fake.calls).toHaveLength(1);
    // `channel-desk config import` beside the running server: keychain first, then the stamp in settings.
    fake.items.set('i/k', 'v2');
    stamps.set('k', '2026-12-01T00:05:00.000Z');
    const again = store.get('k');
    await fake.release(2);
    expect(await again).toBe('v2');
    expect(await store.get('k')).toBe('v2');
    expect(fake.calls).toHaveLength(2);
  });

  it('a read that began before a write does not put the old value back', async () => {
    const fake = heldKeytar({ 'i/k': 'old' });
    const store = createKeychainStore({ installId: 'i', load: async () => fake.keytar, lockCheck: unlocked });
    const before = store.get('k');
    const write = store.set('k', 'new');
    await fake.release(1);
    expect(await before).toBe('old');
    await fake.release(2);
    await write;
    const after = store.get('k');
    await fake.release(3);
    expect(await after).toBe('new');
  });

  it('a locked keyring: keychain-locked at once without keytar, the cache dropped; unlocked, read again', async () => {
    const fake = heldKeytar({ 'i/k': 'secret' });
    let state: 'locked' | 'unlocked' = 'unlocked';
    const store = createKeychainStore({ installId: 'i', load: async () => fake.keytar, lockCheck: async () => state });
    const first = store.get('k');
    await fake.release(1);
    expect(await first).toBe('secret');

    state = 'locked';
    expect(await store.get('k').catch(reasonOf)).toBe('keychain-locked');
    expect(await store.set('k', 'x').catch(reasonOf)).toBe('keychain-locked');
    expect(await store.delete('k').catch(reasonOf)).toBe('keychain-locked');
    expect(await store.status()).toMatchObject({ available: false, problem: { reason: 'keychain-locked' } });
    expect(fake.calls).toHaveLength(1);

    state = 'unlocked';
    const again = store.get('k');
    await fake.release(2);
    expect(await again).toBe('secret');
    expect(fake.calls.map((c) => c.op)).toEqual(['get', 'get']);
  });

  it('a bus that does not answer the lock question: keychain-timeout without a keytar call', async () => {
    const fake = heldKeytar({ 'i/k': 'secret' });
    const store = createKeychainStore({ installId: 'i', load: async () => fake.keytar, lockCheck: async () => 'no-answer' });
    expect(await store.get('k').catch(reasonOf)).toBe('keychain-timeout');
    expect(fake.calls).toHaveLength(0);
  });
});
