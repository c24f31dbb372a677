import { mkdtempSync, rmSync } from 'node:fs';
import { feishuReadyVia } from '../fixtures/feishu-channel.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ReadyEvent } from '../../electron/cli/commands/serve.js';
import type { FakeServer } from '../fakes/common.js';
import { FEISHU_SCOPES, startFeishuFake } from '../fakes/feishu.js';
import { commandsServing, ready as readyOf, startCli, testUiDir, type CliRun } from '../fixtures/cli-run.js';
import { dmsBody } from './delivery-harness.js';
import { startPrivateKeyring, type PrivateKeyring } from './keyring-lock.js';

/**
 * The world of the keychain-lock tests: a private keyring (its own D-Bus session, so locking it disturbs no other
 * test), a Feishu fake with one app and one person, and `serve` in this process with that channel enabled and the
 * person resolved. libsecret binds to the session bus of a process on first use, so each such test file runs alone
 * in its process and points DBUS_SESSION_BUS_ADDRESS at the private keyring until close().
 */
export interface LockedKeyringWorld {
  readonly keyring: PrivateKeyring;
  readonly fake: FakeServer;
  readonly ready: ReadyEvent;
  readonly appId: string;
  /** One API call; with `timeoutMs` a stalled process fails the call instead of hanging the test. */
  api<T>(method: string, input?: unknown, timeoutMs?: number): Promise<T>;
  /** Sends one DMS event for the world's person and returns its event id. */
  notify(timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

export async function startLockedKeyringWorld(o: { readonly appId: string; readonly secret: string; readonly mobile: string }): Promise<LockedKeyringWorld> {
  const keyring = await startPrivateKeyring();
  const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.DBUS_SESSION_BUS_ADDRESS = keyring.address;
  const root = mkdtempSync(path.join(tmpdir(), 'cd-kcworld-'));
  const uiDir = testUiDir(root, 'renderer');
  const fake = await startFeishuFake({
    apps: [{ appId: o.appId, secret: o.secret, scopes: [FEISHU_SCOPES.send[0], FEISHU_SCOPES.lookup], users: [{ id: 'u1', mobile: o.mobile }] }],
  });
  const serve: CliRun = startCli({ argv: ['serve', '--port', '0', '--data-dir', path.join(root, 'data')], root, commands: commandsServing(uiDir) });
  const ready = await readyOf(serve);

  async function api<T>(method: string, input: unknown = {}, timeoutMs?: number): Promise<T> {
    const res = await fetch(`http://127.0.0.1:${ready.port}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ready.token}` },
      body: JSON.stringify(input),
      ...(timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(timeoutMs) }),
    });
    const body = (await res.json()) as T;
    if (!res.ok) throw new Error(`${method}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  }

  await feishuReadyVia(api, fake.baseUrl, o.appId, o.secret);
  await api('users.upsert', { user: { uid: '3001', name: 'Li Si', mobile: o.mobile, email: '' } });
  await api('users.resolve', { uids: ['3001'] });

  return {
    keyring,
    fake,
    ready,
    appId: o.appId,
    api,
    notify: async (timeoutMs) =>
      (await api<{ eventId: string }>('events.notify', { event: dmsBody({ targetUsers: [{ uid: '3001', name: 'Li Si' }] }) }, timeoutMs)).eventId,
    async close() {
      // Never leave the keyring locked, whatever the test did.
      if (await keyring.locked().catch(() => false)) await keyring.unlock();
      serve.stop();
      await serve.exit;
      await fake.close();
      await keyring.close();
      if (savedBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
      else process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
      rmSync(root, { recursive: true, force: true });
    },
  };
}
