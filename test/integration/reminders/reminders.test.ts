import { afterEach, expect, it } from 'vitest';
import { waitFor } from '../delivery-harness.js';
import { closeSession, later, MIN, session, setup, texts, to } from './reminder-session.js';

afterEach(closeSession);

it('a ticket left pending reminds its current approver once, a minute later, and never after it is approved', async () => {
  const { s, clock, orderId } = await setup({ firstAfterMinutes: 1, repeatEveryMinutes: 5, maxReminders: 3 });
  const feishu = session.world!.feishu;
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
  const log = s.delivery.outbox.log.listEvents({ states: [], search: '' }, 0, 10).items;
  expect(log.map((e) => e.source).sort()).toEqual(['reminder', 'watcher']);

  // Nothing more until the next one is due.
  await later(s, clock, 2 * MIN);
  expect(feishu.delivered).toHaveLength(2);

  // Approved in DMS (the watcher has not polled yet): the due reminder asks DMS first and stays silent.
  session.world!.dms.setStatus(orderId, 'success');
  await later(s, clock, 3 * MIN);
  await later(s, clock, 10 * MIN);
  expect(feishu.delivered).toHaveLength(2);
});

it('a re-assigned approver is the one reminded, and the escalation names who has not acted', async () => {
  const { s, clock, orderId } = await setup({ firstAfterMinutes: 1, maxReminders: 1, escalateAfterMinutes: 2, escalateTo: ['200000000000033'] });
  const feishu = session.world!.feishu;
  session.world!.dms.setApprovers(orderId, ['44']);

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
