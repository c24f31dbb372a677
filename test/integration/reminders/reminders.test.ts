import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../../electron/services/app.js';
import type { FakeServer } from '../../fakes/common.js';
import type { FakeDms } from '../../fakes/dms-openapi.js';
import { openIdFor } from '../../fakes/feishu.js';
import type { RuleChat } from '../../../shared/chats.js';
import { settled, waitFor } from '../delivery-harness.js';
import { APP, configure, offsetClock, startWorld, type OffsetClock } from './reminder-world.js';

let dir: string | undefined;
let services: AppServices | undefined;
let world: { feishu: FakeServer; dms: FakeDms } | undefined;

afterEach(async () => {
  await services?.vault.delete('dms/accessKeySecret');
  await services?.vault.delete('channel/feishu/appSecret');
  await services?.close();
  await world?.dms.close();
  await world?.feishu.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const MIN = 60_000;
const texts = (f: FakeServer): string[] => f.delivered.map((m) => JSON.stringify(m.content));
const to = (uid: string): string => openIdFor(APP, uid);

async function setup(reminders: Parameters<typeof configure>[2]): Promise<{ s: AppServices; clock: OffsetClock; orderId: number }> {
  world = await startWorld();
  dir = mkdtempSync(path.join(tmpdir(), 'cd-reminders-'));
  const clock = offsetClock();
  services = await createAppServices({ dataDir: dir, mode: 'headless', delivery: { clock } });
  const s = services;
  await configure(s, world, reminders);
  s.delivery.start();
  expect(await s.dms.watcher.pollNow()).toMatchObject({ baseline: true });
  const orderId = world.dms.createOrder({ pluginType: 'DATA_EXPORT', committerId: '11', comment: 'Export orders for the audit' });
  world.dms.setApprovers(orderId, ['22']);
  world.dms.setStatus(orderId, 'toaudit');
  expect(await s.dms.watcher.pollNow()).toMatchObject({ emitted: 1, warnings: [] });
  await waitFor(() => settled(s.delivery) && world!.feishu.delivered.length === 1, 'the pending-approval message');
  return { s, clock, orderId };
}

/** Moves the clock and lets the scheduler and the sender act on it. */
async function later(s: AppServices, clock: OffsetClock, ms: number): Promise<void> {
  clock.advance(ms);
  s.delivery.sender.poke();
  // What fell due is enqueued once the scheduler is idle (it re-arms for the moved clock); then the sender delivers it.
  await s.delivery.reminders.whenIdle();
  await waitFor(() => settled(s.delivery), 'settle');
}

it('a ticket left pending reminds its current approver once, a minute later, and never after it is approved', async () => {
  const { s, clock, orderId } = await setup({ firstAfterMinutes: 1, repeatEveryMinutes: 5, maxReminders: 3 });
  const feishu = world!.feishu;
  // The reminder is written in the channel's notification language (English here; Chinese is Feishu's default).
  s.settings.update((cur) => ({ ...cur, notifyLanguage: { feishu: 'en-US' } }));

  await later(s, clock, 30_000);
  expect(feishu.delivered).toHaveLength(1);

  await later(s, clock, 31_000);
  await waitFor(() => feishu.delivered.length === 2, 'the reminder');
  expect(feishu.delivered[1]?.recipient).toBe(to('ou-alice'));
  expect(texts(feishu)[1]).toContain('Still waiting for you: pending approval for 1 min \\\\(reminder 1\\\\).');
  expect(texts(feishu)[1]).not.toContain('仍在等待');
  expect(texts(feishu)[1]).toContain(String(orderId));
  // Marked as a reminder in the Delivery log.
  const log = s.delivery.outbox.listEvents({ states: [], search: '' }, 0, 10).items;
  expect(log.map((e) => e.source).sort()).toEqual(['reminder', 'watcher']);

  // Nothing more until the next one is due.
  await later(s, clock, 2 * MIN);
  expect(feishu.delivered).toHaveLength(2);

  // Approved in DMS (the watcher has not polled yet): the due reminder asks DMS first and stays silent.
  world!.dms.setStatus(orderId, 'success');
  await later(s, clock, 3 * MIN);
  await later(s, clock, 10 * MIN);
  expect(feishu.delivered).toHaveLength(2);
});

it('a re-assigned approver is the one reminded, and the escalation names who has not acted', async () => {
  const { s, clock, orderId } = await setup({ firstAfterMinutes: 1, maxReminders: 1, escalateAfterMinutes: 2, escalateTo: ['200000000000033'] });
  const feishu = world!.feishu;
  world!.dms.setApprovers(orderId, ['44']);

  await later(s, clock, 61_000);
  await waitFor(() => feishu.delivered.length === 2, 'the reminder');
  expect(feishu.delivered[1]?.recipient).toBe(to('ou-bob'));

  await later(s, clock, 60_000);
  await waitFor(() => feishu.delivered.length === 3, 'the escalation');
  expect(feishu.delivered[2]?.recipient).toBe(to('ou-lead'));
  expect(texts(feishu)[1]).toContain('仍在等待您审批：已等待 1 分钟（第 1 次提醒）。');
  expect(texts(feishu)[2]).toContain('升级提醒：工单已等待审批 2 分钟。尚未处理：Bob Approver。');
  expect(texts(feishu)[2]).not.toContain('Escalation');

  await later(s, clock, 60 * MIN);
  expect(feishu.delivered).toHaveLength(3);
});

/** The watcher off: events come from the webhook (this body is what DMS posts). */
async function webhookSetup(
  reminders: Parameters<typeof configure>[2],
  defaults = {},
  chats: readonly RuleChat[] = [],
): Promise<{ s: AppServices; clock: OffsetClock }> {
  world = await startWorld({ chats: chats.map((c) => ({ chatId: c.chatId, name: c.name })) });
  dir = mkdtempSync(path.join(tmpdir(), 'cd-reminders-'));
  const clock = offsetClock();
  services = await createAppServices({ dataDir: dir, mode: 'headless', delivery: { clock } });
  const s = services;
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

const body = (event: string, taskId = 9001, taskName = 'Export orders') => ({
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
const stillWaiting = (f: FakeServer) => f.delivered.filter((m) => JSON.stringify(m.content).includes('仍在等待您审批'));

it('without the watcher, a later webhook event for the ticket with another status ends the reminders', async () => {
  const { s, clock } = await webhookSetup({ firstAfterMinutes: 1, repeatEveryMinutes: 1, maxReminders: 5 });
  s.delivery.intake.accept(body('pending_approval'), { source: 'webhook' });
  await waitFor(() => settled(s.delivery) && world!.feishu.delivered.length === 1, 'the event');
  await later(s, clock, 61_000);
  await waitFor(() => world!.feishu.delivered.length === 2, 'the reminder');
  expect(world!.feishu.delivered[1]?.recipient).toBe(to('ou-alice'));

  s.delivery.intake.accept(body('approved'), { source: 'webhook' });
  await later(s, clock, 5 * MIN);
  expect(stillWaiting(world!.feishu)).toHaveLength(1);
});

it('a rule’s empty reminders section takes the Settings defaults (first after 1 min, at most 2, every 2 min)', async () => {
  const { s, clock } = await webhookSetup({}, { firstAfterMinutes: 1, repeatEveryMinutes: 2, maxReminders: 2 });
  s.delivery.intake.accept(body('pending_approval'), { source: 'webhook' });
  await waitFor(() => settled(s.delivery) && world!.feishu.delivered.length === 1, 'the event');
  await later(s, clock, 61_000);
  await waitFor(() => stillWaiting(world!.feishu).length === 1, 'reminder 1');
  await later(s, clock, 60_000);
  expect(stillWaiting(world!.feishu)).toHaveLength(1);
  await later(s, clock, 61_000);
  await waitFor(() => stillWaiting(world!.feishu).length === 2, 'reminder 2');
  await later(s, clock, 30 * MIN);
  expect(stillWaiting(world!.feishu)).toHaveLength(2);
});

it('the daily digest: one message per approver listing the waiting tickets with age and link, once a day, also across a restart', async () => {
  // The digest time: two minutes from now, in Shanghai.
  const hhmm = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    Date.now() + 2 * MIN,
  );
  const { s, clock } = await webhookSetup({ firstAfterMinutes: 600, digest: { at: hhmm } });
  s.delivery.intake.accept(body('pending_approval', 9001, 'Export orders'), { source: 'webhook' });
  s.delivery.intake.accept(body('pending_approval', 9002, 'Export refunds'), { source: 'webhook' });
  s.delivery.intake.accept(body('pending_approval', 9003, 'Export invoices'), { source: 'webhook' });
  s.delivery.intake.accept(body('approved', 9003, 'Export invoices'), { source: 'webhook' });
  await waitFor(() => settled(s.delivery) && world!.feishu.delivered.length === 4, 'the events');
  const digests = () => world!.feishu.delivered.filter((m) => JSON.stringify(m.content).includes('每日汇总'));

  await later(s, clock, MIN);
  expect(digests()).toHaveLength(0);
  await later(s, clock, 2 * MIN);
  await waitFor(() => digests().length === 1, 'the digest');
  const digest = JSON.stringify(digests()[0]?.content);
  expect(digests()[0]?.recipient).toBe(to('ou-alice'));
  expect(digest).toContain('[DMS] 待您审批：2 个工单');
  expect(digest).toMatch(/#9001 Export orders\]\([^)]*orderId=9001\) · 已等待 3 分钟/);
  expect(digest).toContain('orderId=9002');
  expect(digest).not.toContain('9003');
  const log = s.delivery.outbox.listEvents({ states: [], search: '' }, 0, 20).items;
  expect(log.filter((e) => e.source === 'reminder')).toHaveLength(1);

  // Restarted the same day: no second digest.
  await s.close();
  const clock2 = offsetClock(3 * MIN);
  services = await createAppServices({ dataDir: dir!, mode: 'headless', delivery: { clock: clock2 } });
  services.delivery.start();
  // Ten minutes on (the offset clock): the scheduler is idle with nothing due, so no second digest can follow.
  await later(services, clock2, 10 * MIN);
  expect(digests()).toHaveLength(1);

  // The next day, again one.
  await later(services, clock2, 24 * 60 * MIN);
  await waitFor(() => digests().length === 2, 'the next day’s digest');
  await later(services, clock2, 10 * MIN);
  expect(digests()).toHaveLength(2);
});

it('a rule’s group chat gets the event once, but no reminder, escalation or digest: those go only to the people they name', async () => {
  const chat: RuleChat = { channel: 'feishu', chatId: 'oc_dba00000000000000000000000001', name: 'DBA approvals' };
  const hhmm = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    Date.now() + 2 * MIN,
  );
  const { s, clock } = await webhookSetup(
    { firstAfterMinutes: 1, repeatEveryMinutes: 1, maxReminders: 2, escalateAfterMinutes: 2, escalateTo: ['200000000000033'], digest: { at: hhmm } },
    {},
    [chat],
  );
  const feishu = world!.feishu;
  const inChat = () => feishu.delivered.filter((m) => m.chatId !== undefined);
  const said = (text: string) => feishu.delivered.filter((m) => JSON.stringify(m.content).includes(text));

  s.delivery.intake.accept(body('pending_approval'), { source: 'webhook' });
  await waitFor(() => settled(s.delivery) && feishu.delivered.length === 2, 'the event to the approver and the chat');
  expect(inChat()).toHaveLength(1);
  expect(inChat()[0]?.chatId).toBe(chat.chatId);
  expect(JSON.stringify(inChat()[0]?.content)).toContain('Export orders');

  await later(s, clock, 61_000);
  await later(s, clock, 61_000);
  await later(s, clock, 61_000);
  await waitFor(() => said('仍在等待您审批：').length === 2 && said('升级提醒').length === 1 && said('每日汇总').length === 1, 'reminders, escalation, digest');
  // Each went to the person it names; the chat still has only the event.
  expect(said('仍在等待您审批：').map((m) => m.recipient)).toEqual([to('ou-alice'), to('ou-alice')]);
  expect(said('升级提醒').map((m) => m.recipient)).toEqual([to('ou-lead')]);
  expect(said('每日汇总').map((m) => m.recipient)).toEqual([to('ou-alice')]);
  expect(inChat()).toHaveLength(1);
  await later(s, clock, 30 * MIN);
  expect(inChat()).toHaveLength(1);
  // The Delivery log agrees: the chat is a recipient of the webhook event only.
  const events = s.delivery.outbox.listEvents({ states: [], search: '' }, 0, 20).items;
  const chatEvents = events.filter((e) => s.delivery.outbox.deliveriesOf(e.id).some((d) => d.recipientUid.includes(chat.chatId)));
  expect(chatEvents.map((e) => e.source)).toEqual(['webhook']);
});
