import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ReadyEvent } from '../../electron/cli/commands/serve.js';
import type { FakeServer } from '../fakes/common.js';
import { FEISHU_SCOPES, openIdFor, startFeishuFake } from '../fakes/feishu.js';
import { commandsServing, ready as readyOf, startCli, testUiDir, type CliRun } from '../fixtures/cli-run.js';
import { dmsBody } from './delivery-harness.js';
import { startPrivateKeyring, type PrivateKeyring } from './keyring-lock.js';
import { waitFor } from '../fixtures/wait-for.js';

// Issue 16: a keyring locked while several events arrive. Several keytar calls at once on a locked
// gnome-keyring never return and each keeps one of libuv's 4 worker threads, so file reads (the static
// UI) hung as well and nothing was delivered after unlocking. A private keyring (its own D-Bus session)
// in its own test process: libsecret binds to one session bus per process.
const APP = 'cli_kcburst00000001';
const SECRET = 'keychain-burst-feishu-secret-01';
const EVENTS = 6;
const QUICK_MS = 5_000;

let keyring: PrivateKeyring;
const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;

let root: string;
let fake: FakeServer;
let ready: ReadyEvent;
let serve: CliRun;

/** One API call that must answer within QUICK_MS (a stalled process fails here instead of hanging the test). */
async function api<T>(method: string, input: unknown = {}): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${ready.port}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ready.token}` },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(QUICK_MS),
  });
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

interface DeliveryView {
  state: string;
}
const stateOf = async (eventId: string) => (await api<{ deliveries: DeliveryView[] }>('sender.deliveries', { eventId })).deliveries[0]?.state;
const notify = async () => (await api<{ eventId: string }>('events.notify', { event: dmsBody({ targetUsers: [{ uid: '3001', name: 'Li Si' }] }) })).eventId;

beforeAll(async () => {
  keyring = await startPrivateKeyring();
  process.env.DBUS_SESSION_BUS_ADDRESS = keyring.address;
  root = mkdtempSync(path.join(tmpdir(), 'cd-kcburst-'));
  const uiDir = testUiDir(root, 'renderer');
  fake = await startFeishuFake({
    apps: [{ appId: APP, secret: SECRET, scopes: [FEISHU_SCOPES.send[0], FEISHU_SCOPES.lookup], users: [{ id: 'u1', mobile: '13800000041' }] }],
  });
  serve = startCli({ argv: ['serve', '--port', '0', '--data-dir', path.join(root, 'data')], root, commands: commandsServing(uiDir) });
  ready = await readyOf(serve);
  await api('channels.save', {
    channel: 'feishu',
    region: 'cn-hangzhou',
    values: { appId: APP },
    secrets: { appSecret: SECRET },
    baseUrls: { apiBaseUrl: fake.baseUrl },
  });
  await api('channels.setEnabled', { channel: 'feishu', enabled: true });
  await api('users.upsert', { user: { uid: '3001', name: 'Li Si', mobile: '13800000041', email: '' } });
  await api('users.resolve', { uids: ['3001'] });
}, 60_000);

afterAll(async () => {
  // Never leave the keyring locked, whatever the test did.
  if (await keyring.locked().catch(() => false)) await keyring.unlock();
  serve.stop();
  await serve.exit;
  await fake.close();
  await keyring.close();
  if (savedBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
  rmSync(root, { recursive: true, force: true });
}, 60_000);

it('events arriving together while the keyring is locked: the process stays responsive and after unlock every one is delivered once', async () => {
  const first = await notify();
  await waitFor(async () => (await stateOf(first)) === 'sent', 'the first delivery', 30_000);
  expect(fake.delivered).toHaveLength(1);

  await keyring.lock();
  fake.expireTokens();
  const held = await Promise.all(Array.from({ length: EVENTS }, () => notify()));

  // The sender has met the lock (each send reads the AppSecret to get a new token) and says so.
  const health = await waitFor(
    async () => {
      const h = await api<{ available: boolean; problem?: { reason: string } }>('vault.health');
      return h.available ? null : h;
    },
    'vault.health to report the lock',
    30_000,
  );
  expect(health.problem?.reason).toBe('keychain-locked');

  // Meanwhile the UI and the API answer: no keychain call holds libuv's threads.
  const pages = await Promise.all(Array.from({ length: 5 }, () => fetch(`http://127.0.0.1:${ready.port}/`, { signal: AbortSignal.timeout(QUICK_MS) })));
  for (const page of pages) {
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Channel Desk');
  }
  const info = await api<{ vault: { available: boolean; problem?: { reason: string } } }>('app.info');
  expect(info.vault).toMatchObject({ available: false, problem: { reason: 'keychain-locked' } });
  for (const id of held) expect(await stateOf(id)).not.toBe('dead');
  expect(fake.delivered).toHaveLength(1);

  await keyring.unlock();
  await waitFor(async () => (await Promise.all(held.map(stateOf))).every((s) => s === 'sent'), 'every held delivery to be sent', 60_000);
  expect(fake.delivered).toHaveLength(1 + EVENTS);
  expect(new Set(fake.delivered.map((m) => m.recipient))).toEqual(new Set([openIdFor(APP, 'u1')]));
  expect(await api('vault.health')).toMatchObject({ available: true });
}, 150_000);
