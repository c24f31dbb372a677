import { afterAll, beforeAll, expect, it } from 'vitest';
import { openIdFor } from '../fakes/feishu.js';
import { startLockedKeyringWorld, type LockedKeyringWorld } from './locked-keyring-world.js';
import { waitFor } from '../fixtures/wait-for.js';

// Issue 16: a keyring locked while several events arrive. Several keytar calls at once on a locked
// gnome-keyring never return and each keeps one of libuv's 4 worker threads, so file reads (the static
// UI) hung as well and nothing was delivered after unlocking. A private keyring (its own D-Bus session)
// in its own test process: libsecret binds to one session bus per process.
const APP = 'cli_kcburst00000001';
const SECRET = 'keychain-burst-feishu-secret-01';
const EVENTS = 6;
const QUICK_MS = 5_000;

let world: LockedKeyringWorld;
const api = <T>(method: string, input: unknown = {}): Promise<T> => world.api<T>(method, input, QUICK_MS);
const notify = () => world.notify(QUICK_MS);

interface DeliveryView {
  state: string;
}
const stateOf = async (eventId: string) => (await api<{ deliveries: DeliveryView[] }>('sender.deliveries', { eventId })).deliveries[0]?.state;

beforeAll(async () => {
  world = await startLockedKeyringWorld({ appId: APP, secret: SECRET, mobile: '13800000041' });
}, 60_000);

afterAll(() => world.close(), 60_000);

it('events arriving together while the keyring is locked: the process stays responsive and after unlock every one is delivered once', async () => {
  const first = await notify();
  await waitFor(async () => (await stateOf(first)) === 'sent', 'the first delivery', 30_000);
  expect(world.fake.delivered).toHaveLength(1);

  await world.keyring.lock();
  world.fake.expireTokens();
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
  const pages = await Promise.all(Array.from({ length: 5 }, () => fetch(`http://127.0.0.1:${world.ready.port}/`, { signal: AbortSignal.timeout(QUICK_MS) })));
  for (const page of pages) {
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Channel Desk');
  }
  const info = await api<{ vault: { available: boolean; problem?: { reason: string } } }>('app.info');
  expect(info.vault).toMatchObject({ available: false, problem: { reason: 'keychain-locked' } });
  for (const id of held) expect(await stateOf(id)).not.toBe('dead');
  expect(world.fake.delivered).toHaveLength(1);

  await world.keyring.unlock();
  await waitFor(async () => (await Promise.all(held.map(stateOf))).every((s) => s === 'sent'), 'every held delivery to be sent', 60_000);
  expect(world.fake.delivered).toHaveLength(1 + EVENTS);
  expect(new Set(world.fake.delivered.map((m) => m.recipient))).toEqual(new Set([openIdFor(APP, 'u1')]));
  expect(await api('vault.health')).toMatchObject({ available: true });
}, 150_000);
