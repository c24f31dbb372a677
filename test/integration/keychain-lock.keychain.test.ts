import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ReadyEvent } from '../../electron/cli/commands/serve.js';
import type { FakeServer } from '../fakes/common.js';
import { FEISHU_SCOPES, openIdFor, startFeishuFake } from '../fakes/feishu.js';
import { callApi, commandsServing, ready as readyOf, startCli, testUiDir, type CliRun } from '../fixtures/cli-run.js';
import { dmsBody } from './delivery-harness.js';
import { startPrivateKeyring, type PrivateKeyring } from './keyring-lock.js';
import { waitFor } from '../fixtures/wait-for.js';

// Issue 10: a real gnome-keyring locks while serve runs. It is a private one (its own D-Bus session),
// so locking it cannot disturb test files running beside this one; this file runs in its own process.
const APP = 'cli_kclock000000001';
const SECRET = 'keychain-lock-feishu-secret-01';

let keyring: PrivateKeyring;
const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;

let root: string;
let fake: FakeServer;
let ready: ReadyEvent;
let serve: CliRun;

const api = <T>(method: string, input: unknown = {}): Promise<T> => callApi<T>(ready, method, input);

interface DeliveryView {
  state: string;
  lastError: { code: string; message: { en: string; zh: string }; fix: { en: string } } | null;
}
const deliveriesOf = async (eventId: string) => (await api<{ deliveries: DeliveryView[] }>('sender.deliveries', { eventId })).deliveries;
const notify = async () => (await api<{ eventId: string }>('events.notify', { event: dmsBody({ targetUsers: [{ uid: '3001', name: 'Li Si' }] }) })).eventId;

beforeAll(async () => {
  keyring = await startPrivateKeyring();
  // libsecret binds to the session bus of this process on first use: serve (in-process) uses the private one.
  process.env.DBUS_SESSION_BUS_ADDRESS = keyring.address;
  root = mkdtempSync(path.join(tmpdir(), 'cd-kclock-'));
  const uiDir = testUiDir(root, 'renderer');
  fake = await startFeishuFake({
    apps: [{ appId: APP, secret: SECRET, scopes: [FEISHU_SCOPES.send[0], FEISHU_SCOPES.lookup], users: [{ id: 'u1', mobile: '13800000031' }] }],
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
  await api('users.upsert', { user: { uid: '3001', name: 'Li Si', mobile: '13800000031', email: '' } });
  await api('users.resolve', { uids: ['3001'] });
}, 60_000);

afterAll(async () => {
  serve.stop();
  await serve.exit;
  await fake.close();
  await keyring.close();
  if (savedBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
  rmSync(root, { recursive: true, force: true });
});

it('a keychain locked while serve runs holds deliveries with the reason and a banner; unlocking resumes them, sent once', async () => {
  // Delivered normally first.
  const first = await notify();
  await waitFor(async () => (await deliveriesOf(first))[0]?.state === 'sent', 'the first delivery', 30_000);
  expect(fake.delivered).toHaveLength(1);

  await keyring.lock();
  expect(await keyring.locked()).toBe(true);
  const held = await notify();
  const waiting = await waitFor(
    async () => {
      const [d] = await deliveriesOf(held);
      return d?.lastError?.code === 'VAULT_UNAVAILABLE' ? d : null;
    },
    'the keychain-locked reason on the delivery',
    30_000,
  );
  expect(waiting.state).not.toBe('dead');
  expect(waiting.lastError?.message.en).toMatch(/keychain is locked/i);
  expect(waiting.lastError?.fix.en).toMatch(/Unlock/);
  // The app-wide status the banner shows.
  const health = await api<{ available: boolean; problem?: { reason: string } }>('vault.health');
  expect(health).toMatchObject({ available: false, problem: { reason: 'keychain-locked' } });
  // Still held a while later: no dead letter, nothing sent.
  await new Promise((r) => setTimeout(r, 3_000));
  expect((await deliveriesOf(held))[0]?.state).not.toBe('dead');
  expect(fake.delivered).toHaveLength(1);

  await keyring.unlock();
  await waitFor(async () => (await deliveriesOf(held))[0]?.state === 'sent', 'the held delivery to be sent', 30_000);
  expect(fake.delivered.map((m) => m.recipient)).toEqual([openIdFor(APP, 'u1'), openIdFor(APP, 'u1')]);
  expect(await api('vault.health')).toMatchObject({ available: true });
  // Exactly once: nothing else arrives later.
  await new Promise((r) => setTimeout(r, 1_000));
  expect(fake.delivered).toHaveLength(2);
}, 90_000);
