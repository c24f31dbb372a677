import { afterAll, beforeAll, expect, it } from 'vitest';
import { openIdFor } from '../fakes/feishu.js';
import { startLockedKeyringWorld, type LockedKeyringWorld } from './locked-keyring-world.js';
import { waitFor } from '../fixtures/wait-for.js';

// Issue 10: a real gnome-keyring locks while serve runs. It is a private one (its own D-Bus session),
// so locking it cannot disturb test files running beside this one; this file runs in its own process.
const APP = 'cli_kclock000000001';
const SECRET = 'keychain-lock-feishu-secret-01';

let world: LockedKeyringWorld;
const api = <T>(method: string, input: unknown = {}): Promise<T> => world.api<T>(method, input);

interface DeliveryView {
  state: string;
  nextAttemptAt: number;
  lastError: { code: string; message: { en: string; zh: string }; fix: { en: string } } | null;
}
const deliveriesOf = async (eventId: string) => (await api<{ deliveries: DeliveryView[] }>('sender.deliveries', { eventId })).deliveries;
const pendingCount = async () => (await api<{ alerts: { pendingCount: number } }>('sender.status')).alerts.pendingCount;

beforeAll(async () => {
  world = await startLockedKeyringWorld({ appId: APP, secret: SECRET, mobile: '13800000031' });
}, 60_000);

afterAll(() => world.close(), 60_000);

it('a keychain locked while serve runs holds deliveries with the reason and a banner; unlocking resumes them, sent once', async () => {
  // Delivered normally first.
  const first = await world.notify();
  await waitFor(async () => (await deliveriesOf(first))[0]?.state === 'sent', 'the first delivery', 30_000);
  expect(world.fake.delivered).toHaveLength(1);

  await world.keyring.lock();
  expect(await world.keyring.locked()).toBe(true);
  const held = await world.notify();
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
  // Held, not failed: the attempt is put off (the sender waits for the unlock), never a dead letter.
  expect(waiting.state).toBe('retrying');
  expect(waiting.nextAttemptAt).toBeGreaterThan(Date.now());
  expect(world.fake.delivered).toHaveLength(1);

  await world.keyring.unlock();
  await waitFor(async () => (await deliveriesOf(held))[0]?.state === 'sent', 'the held delivery to be sent', 30_000);
  expect(world.fake.delivered.map((m) => m.recipient)).toEqual([openIdFor(APP, 'u1'), openIdFor(APP, 'u1')]);
  expect(await api('vault.health')).toMatchObject({ available: true });
  // Exactly once: nothing is left in the queue that could still be sent.
  await waitFor(async () => (await pendingCount()) === 0, 'an empty queue', 30_000);
  expect(world.fake.delivered).toHaveLength(2);
}, 90_000);
