import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import keytar from 'keytar';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { createKeychainStore, KEYCHAIN_SERVICE } from './keychain-store.js';
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
