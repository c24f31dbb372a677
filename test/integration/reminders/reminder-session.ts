import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { createAppServices, type AppServices } from '../../../electron/services/app.js';
import type { FakeServer } from '../../fakes/common.js';
import type { FakeDms } from '../../fakes/dms-openapi.js';
import { openIdFor } from '../../fakes/feishu.js';
import type { RuleChat } from '../../../shared/chats.js';
import { settled, waitFor } from '../delivery-harness.js';
import { APP, configure, offsetClock, startWorld, type OffsetClock } from './reminder-world.js';

/** The reminder tests' services and fakes (one set per test file: Vitest loads this module once per file). */
export const session: { dir?: string; services?: AppServices; world?: { feishu: FakeServer; dms: FakeDms } } = {};

/** For afterEach: removes the secrets, closes the services and fakes, deletes the data folder. */
export async function closeSession(): Promise<void> {
  const { dir, services, world } = session;
  await services?.vault.delete('dms/accessKeySecret');
  await services?.vault.delete('channel/feishu/appSecret');
  await services?.close();
  await world?.dms.close();
  await world?.feishu.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  delete session.dir;
  delete session.services;
  delete session.world;
}

export const MIN = 60_000;
export const texts = (f: FakeServer): string[] => f.delivered.map((m) => JSON.stringify(m.content));
export const to = (uid: string): string => openIdFor(APP, uid);

export async function setup(reminders: Parameters<typeof configure>[2]): Promise<{ s: AppServices; clock: OffsetClock; orderId: number }> {
  const world = (session.world = await startWorld());
  const dir = (session.dir = mkdtempSync(path.join(tmpdir(), 'cd-reminders-')));
  const clock = offsetClock();
  const s = (session.services = await createAppServices({ dataDir: dir, mode: 'headless', delivery: { clock } }));
  await configure(s, world, reminders);
  s.delivery.start();
  expect(await s.dms.watcher.pollNow()).toMatchObject({ baseline: true });
  const orderId = world.dms.createOrder({ pluginType: 'DATA_EXPORT', committerId: '11', comment: 'Export orders for the audit' });
  world.dms.setApprovers(orderId, ['22']);
  world.dms.setStatus(orderId, 'toaudit');
  expect(await s.dms.watcher.pollNow()).toMatchObject({ emitted: 1, warnings: [] });
  await waitFor(() => settled(s.delivery) && world.feishu.delivered.length === 1, 'the pending-approval message');
  return { s, clock, orderId };
}

/** Moves the clock and lets the scheduler and the sender act on it. */
export async function later(s: AppServices, clock: OffsetClock, ms: number): Promise<void> {
  clock.advance(ms);
  s.delivery.sender.poke();
  // What fell due is enqueued once the scheduler is idle (it re-arms for the moved clock); then the sender delivers it.
  await s.delivery.reminders.whenIdle();
  await waitFor(() => settled(s.delivery), 'settle');
}

/** The watcher off: events come from the webhook (this body is what DMS posts). */
export async function webhookSetup(
  reminders: Parameters<typeof configure>[2],
  defaults = {},
  chats: readonly RuleChat[] = [],
): Promise<{ s: AppServices; clock: OffsetClock }> {
  const world = (session.world = await startWorld({ chats: chats.map((c) => ({ chatId: c.chatId, name: c.name })) }));
  const dir = (session.dir = mkdtempSync(path.join(tmpdir(), 'cd-reminders-')));
  const clock = offsetClock();
  const s = (session.services = await createAppServices({ dataDir: dir, mode: 'headless', delivery: { clock } }));
  await configure(s, world, reminders);
  s.settings.update((cur) => ({
    ...cur,
    dms: { ...cur.dms, enabled: false },
    reminderDefaults: defaults,
    rules: cur.rules.map((r) => (chats.length ? { ...r, chats: [...chats] } : r)),
  }));
  s.directory.upsert({ uid: '200000000000022', name: 'Alice Approver', mobile: '13800000022', email: '' });
  s.delivery.start();
  return { s, clock };
}

export const body = (event: string, taskId = 9001, taskName = 'Export orders') => ({
  submitterUid: '200000000000011',
  submitterName: 'Sam Submitter',
  category: 'ticket',
  module: 'DATA_EXPORT',
  event,
  taskId,
  taskName,
  eventTime: '2026-12-01 10:00:00',
  message: '',
  targetUsers: [{ uid: '200000000000022', name: 'Alice Approver' }],
  receivers: [],
});
export const stillWaiting = (f: FakeServer) => f.delivered.filter((m) => JSON.stringify(m.content).includes('仍在等待您审批'));
