import { afterEach, expect, it } from 'vitest';
import { createAppServices } from '../../../electron/services/app.js';
import type { RuleChat } from '../../../shared/chats.js';
import { settled, waitFor } from '../delivery-harness.js';
import { body, closeSession, later, MIN, session, stillWaiting, to, webhookSetup } from './reminder-session.js';
import { offsetClock } from './reminder-world.js';

afterEach(closeSession);

/** The watcher off: events come from the webhook; digests and group chats. */
it('without the watcher, a later webhook event for the ticket with another status ends the reminders', async () => {
  const { s, clock } = await webhookSetup({ firstAfterMinutes: 1, repeatEveryMinutes: 1, maxReminders: 5 });
  s.delivery.intake.accept(body('pending_approval'), { source: 'webhook' });
  await waitFor(() => settled(s.delivery) && session.world!.feishu.delivered.length === 1, 'the event');
  await later(s, clock, 61_000);
  await waitFor(() => session.world!.feishu.delivered.length === 2, 'the reminder');
  expect(session.world!.feishu.delivered[1]?.recipient).toBe(to('ou-alice'));

  s.delivery.intake.accept(body('approved'), { source: 'webhook' });
  await later(s, clock, 5 * MIN);
  expect(stillWaiting(session.world!.feishu)).toHaveLength(1);
});

it('a rule’s empty reminders section takes the Settings defaults (first after 1 min, at most 2, every 2 min)', async () => {
  const { s, clock } = await webhookSetup({}, { firstAfterMinutes: 1, repeatEveryMinutes: 2, maxReminders: 2 });
  s.delivery.intake.accept(body('pending_approval'), { source: 'webhook' });
  await waitFor(() => settled(s.delivery) && session.world!.feishu.delivered.length === 1, 'the event');
  await later(s, clock, 61_000);
  await waitFor(() => stillWaiting(session.world!.feishu).length === 1, 'reminder 1');
  await later(s, clock, 60_000);
  expect(stillWaiting(session.world!.feishu)).toHaveLength(1);
  await later(s, clock, 61_000);
  await waitFor(() => stillWaiting(session.world!.feishu).length === 2, 'reminder 2');
  await later(s, clock, 30 * MIN);
  expect(stillWaiting(session.world!.feishu)).toHaveLength(2);
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
  await waitFor(() => settled(s.delivery) && session.world!.feishu.delivered.length === 4, 'the events');
  const digests = () => session.world!.feishu.delivered.filter((m) => JSON.stringify(m.content).includes('每日汇总'));

  await later(s, clock, MIN);
  expect(digests()).toHaveLength(0);
  await later(s, clock, 2 * MIN);
  await waitFor(() => digests().length === 1, 'the digest');
  const digest = JSON.stringify(digests()[0]?.content);
  expect(digests()[0]?.recipient).toBe(to('ou-alice'));
  expect(digest).toContain('[DMS] 待您审批：2 个工单');
  // Tickets by id and age; one "Open DMS" button to the region's homepage (no ticket URL is documented).
  expect(digest).toMatch(/#9001 Export orders · 已等待 3 分钟/);
  expect(digest).toContain('#9002');
  expect(digest).not.toContain('orderId');
  expect(digests()[0]!.links).toEqual([
    expect.objectContaining({ at: 'button', label: '打开 DMS', multiUrl: expect.objectContaining({ pc_url: expect.stringContaining('web_url/open') }) }),
  ]);
  expect(digest).not.toContain('9003');
  const log = s.delivery.outbox.log.listEvents({ states: [], search: '' }, 0, 20).items;
  expect(log.filter((e) => e.source === 'reminder')).toHaveLength(1);

  // Restarted the same day: no second digest.
  await s.close();
  const clock2 = offsetClock(3 * MIN);
  const restarted = (session.services = await createAppServices({ dataDir: session.dir!, mode: 'headless', delivery: { clock: clock2 } }));
  restarted.delivery.start();
  // Ten minutes on (the offset clock): the scheduler is idle with nothing due, so no second digest can follow.
  await later(restarted, clock2, 10 * MIN);
  expect(digests()).toHaveLength(1);

  // The next day, again one.
  await later(restarted, clock2, 24 * 60 * MIN);
  await waitFor(() => digests().length === 2, 'the next day’s digest');
  await later(restarted, clock2, 10 * MIN);
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
  const feishu = session.world!.feishu;
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
  const events = s.delivery.outbox.log.listEvents({ states: [], search: '' }, 0, 20).items;
  const chatEvents = events.filter((e) => s.delivery.outbox.log.deliveriesOf(e.id).some((d) => d.recipientUid.includes(chat.chatId)));
  expect(chatEvents.map((e) => e.source)).toEqual(['webhook']);
});
