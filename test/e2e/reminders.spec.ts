import type { Locator, Page } from '@playwright/test';
import { expect, selectOption, test } from './fixtures.js';

// Times on the page are in the browser's zone: Shanghai, as the quiet hours below, so `HH:MM` reads the same.
test.use({ timezoneId: 'Asia/Shanghai' });

const MIN = 60_000;
const LEAD = { uid: '3003', name: 'Lee Lead', email: 'lee@example.com' };

/** The antd form item around the field with `testId` (its label and its error). */
const field = (scope: Page | Locator, testId: string): Locator => scope.locator(`.ant-form-item:has([data-testid="${testId}"])`).last();
const fieldError = (scope: Page | Locator, testId: string): Locator => field(scope, testId).locator('.ant-form-item-explain-error');

/** `HH:MM` in Shanghai of an instant. */
const shanghaiHhmm = (at: number): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);

/** The instant as the page writes "date and time to the minute" in `language` (the browser's own Intl). */
const pageTime = (page: Page, at: number, language: 'en-US' | 'zh-CN'): Promise<string> =>
  page.evaluate(({ at, language }) => new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at)), { at, language });

test('Settings → Approval reminder defaults: a bad value is refused on its field, saved values come back after a reload', async ({ page, server }) => {
  await server.api('users.upsert', { user: LEAD });
  await server.open(page, '/settings');
  const card = page.getByTestId('reminder-defaults-card');
  await expect(card).toContainText('Approval reminder defaults');
  const first = card.getByTestId('rule-form-reminders-firstAfterMinutes');

  // Checked as typed: 0 and 2.5 are named on the field, not changed silently.
  await first.fill('0');
  await expect(fieldError(card, 'rule-form-reminders-firstAfterMinutes')).toHaveText('Enter a whole number of minutes from 1 to 43200, or leave it empty.');
  await first.fill('2.5');
  await card.getByTestId('reminder-defaults-save').click();
  await expect(fieldError(card, 'rule-form-reminders-firstAfterMinutes')).toHaveText('Enter a whole number of minutes from 1 to 43200, or leave it empty.');
  await card.getByTestId('rule-form-reminders-maxReminders').fill('101');
  await expect(fieldError(card, 'rule-form-reminders-maxReminders')).toHaveText('Enter a whole number from 1 to 100, or leave it empty.');
  expect((await server.api('rules.reminderDefaults', {})).defaults).toEqual({});

  await first.fill('20');
  await expect(fieldError(card, 'rule-form-reminders-firstAfterMinutes')).toHaveCount(0);
  await card.getByTestId('rule-form-reminders-repeatEveryMinutes').fill('45');
  await card.getByTestId('rule-form-reminders-maxReminders').fill('4');
  await card.getByTestId('rule-form-reminders-escalateAfterMinutes').fill('90');
  await selectOption(card, 'rule-form-reminders-escalateTo', 'Lee Lead');
  await card.getByTestId('rule-form-reminders-quietFrom').fill('22:00');
  await card.getByTestId('rule-form-reminders-quietTo').fill('07:30');
  // Not a zone name at all: said as typed.
  await card.getByTestId('rule-form-reminders-timeZone').fill('Beijing time');
  await expect(fieldError(card, 'rule-form-reminders-timeZone')).toHaveText('Use an IANA time zone name such as Asia/Shanghai');
  // Shaped like one, but only the services know the zones: their refusal is put under the Time zone field.
  await card.getByTestId('rule-form-reminders-timeZone').fill('Mars/Olympus');
  await expect(fieldError(card, 'rule-form-reminders-timeZone')).toHaveCount(0);
  await card.getByTestId('reminder-defaults-save').click();
  await expect(fieldError(card, 'rule-form-reminders-timeZone')).toHaveText('Unknown time zone: use an IANA name such as Asia/Shanghai');
  expect((await server.api('rules.reminderDefaults', {})).defaults).toEqual({});
  // The same refusal over the API, at its path.
  const refused = await server.post('rules.saveReminderDefaults', { defaults: { firstAfterMinutes: 0 } });
  expect(refused.status).toBe(400);
  expect(JSON.stringify(refused.body)).toContain('"path":"defaults.firstAfterMinutes"');

  await card.getByTestId('rule-form-reminders-timeZone').fill('Europe/Berlin');
  await expect(fieldError(card, 'rule-form-reminders-timeZone')).toHaveCount(0);
  await card.getByTestId('rule-form-reminders-digestAt').fill('09:15');
  await card.getByTestId('reminder-defaults-save').click();
  await expect(page.locator('.ant-message')).toContainText('Reminder defaults saved');
  const saved = {
    firstAfterMinutes: 20,
    repeatEveryMinutes: 45,
    maxReminders: 4,
    escalateAfterMinutes: 90,
    escalateTo: ['3003'],
    quietHours: { from: '22:00', to: '07:30', timeZone: 'Europe/Berlin' },
    digest: { at: '09:15' },
  };
  expect((await server.api('rules.reminderDefaults', {})).defaults).toEqual(saved);

  await page.reload();
  const again = page.getByTestId('reminder-defaults-card');
  await expect(again.getByTestId('rule-form-reminders-firstAfterMinutes')).toHaveValue('20');
  await expect(again.getByTestId('rule-form-reminders-repeatEveryMinutes')).toHaveValue('45');
  await expect(again.getByTestId('rule-form-reminders-maxReminders')).toHaveValue('4');
  await expect(again.getByTestId('rule-form-reminders-escalateAfterMinutes')).toHaveValue('90');
  await expect(again.getByTestId('rule-form-reminders-escalateTo')).toContainText('Lee Lead (3003)');
  await expect(again.getByTestId('rule-form-reminders-quietFrom')).toHaveValue('22:00');
  await expect(again.getByTestId('rule-form-reminders-quietTo')).toHaveValue('07:30');
  await expect(again.getByTestId('rule-form-reminders-timeZone')).toHaveValue('Europe/Berlin');
  await expect(again.getByTestId('rule-form-reminders-digestAt')).toHaveValue('09:15');

  // In Chinese: the card, its labels and both kinds of refusal.
  await page.getByTestId('language-switch').getByText('中文').click();
  await expect(again).toContainText('审批提醒默认值');
  await expect(field(again, 'rule-form-reminders-firstAfterMinutes')).toContainText('首次提醒（分钟后）');
  await again.getByTestId('rule-form-reminders-firstAfterMinutes').fill('0');
  await expect(fieldError(again, 'rule-form-reminders-firstAfterMinutes')).toHaveText('请输入 1 到 43200 之间的整数分钟数，或留空。');
  await again.getByTestId('rule-form-reminders-firstAfterMinutes').fill('20');
  await again.getByTestId('rule-form-reminders-timeZone').fill('Mars/Olympus');
  await again.getByTestId('reminder-defaults-save').click();
  await expect(fieldError(again, 'rule-form-reminders-timeZone')).toHaveText('未知时区：请使用 IANA 名称，例如 Asia/Shanghai');
  expect((await server.api('rules.reminderDefaults', {})).defaults).toEqual(saved);
});

test('Rules: a rule with reminders is saved from the editor, shown in the table and the editor after a reload, and listed by rules.list', async ({
  page,
  server,
}) => {
  await server.api('users.upsert', { user: LEAD });
  await server.open(page, '/rules');
  await page.getByTestId('rule-add').click();
  const form = page.getByTestId('rule-form');
  await form.getByTestId('rule-form-reminders').click();
  await form.getByTestId('rule-form-reminders-firstAfterMinutes').fill('30');
  await form.getByTestId('rule-form-reminders-repeatEveryMinutes').fill('60');
  await form.getByTestId('rule-form-reminders-maxReminders').fill('3');
  await form.getByTestId('rule-form-reminders-escalateAfterMinutes').fill('120');
  await selectOption(page, 'rule-form-reminders-escalateTo', 'Lee Lead');
  await form.getByTestId('rule-form-reminders-quietFrom').fill('22:00');
  await form.getByTestId('rule-form-reminders-quietTo').fill('08:00');
  // A zone the services do not know: refused, and said on the Time zone field of the editor.
  await form.getByTestId('rule-form-reminders-timeZone').fill('Asia/Shanghia');
  await page.getByTestId('rule-form-save').click();
  await expect(fieldError(form, 'rule-form-reminders-timeZone')).toHaveText('Unknown time zone: use an IANA name such as Asia/Shanghai');
  expect((await server.api('rules.list', {})).rules).toEqual([]);

  await form.getByTestId('rule-form-reminders-timeZone').fill('Asia/Shanghai');
  await page.getByTestId('rule-form-save').click();
  const row = page.getByTestId('rule-row-ticket|data-export|pending-approval');
  const summary = 'Reminders: first after 30 min, every 60 min, at most 3, escalate after 120 min to Lee Lead (3003), quiet 22:00–08:00';
  await expect(row.getByTestId('rule-row-reminders')).toHaveText(summary);
  const reminders = {
    firstAfterMinutes: 30,
    repeatEveryMinutes: 60,
    maxReminders: 3,
    escalateAfterMinutes: 120,
    escalateTo: ['3003'],
    quietHours: { from: '22:00', to: '08:00', timeZone: 'Asia/Shanghai' },
  };
  expect((await server.api('rules.list', {})).rules).toMatchObject([{ module: 'ticket', businessType: 'data-export', status: 'pending-approval', reminders }]);
  expect((await server.api('rules.list', {})).rules[0]?.reminders).toEqual(reminders);

  await page.reload();
  await expect(row.getByTestId('rule-row-reminders')).toHaveText(summary);
  await row.getByRole('button', { name: 'Edit' }).click();
  await expect(form.getByTestId('rule-form-reminders')).toHaveAttribute('aria-checked', 'true');
  await expect(form.getByTestId('rule-form-reminders-firstAfterMinutes')).toHaveValue('30');
  await expect(form.getByTestId('rule-form-reminders-repeatEveryMinutes')).toHaveValue('60');
  await expect(form.getByTestId('rule-form-reminders-maxReminders')).toHaveValue('3');
  await expect(form.getByTestId('rule-form-reminders-escalateAfterMinutes')).toHaveValue('120');
  await expect(form.getByTestId('rule-form-reminders-escalateTo')).toContainText('Lee Lead (3003)');
  await expect(form.getByTestId('rule-form-reminders-quietFrom')).toHaveValue('22:00');
  await expect(form.getByTestId('rule-form-reminders-quietTo')).toHaveValue('08:00');
  await expect(form.getByTestId('rule-form-reminders-timeZone')).toHaveValue('Asia/Shanghai');
  // A count typed as 0 is named on its field and the rule is not saved.
  await form.getByTestId('rule-form-reminders-maxReminders').fill('0');
  await page.getByTestId('rule-form-save').click();
  await expect(fieldError(form, 'rule-form-reminders-maxReminders')).toHaveText('Enter a whole number from 1 to 100, or leave it empty.');
  expect((await server.api('rules.list', {})).rules[0]?.reminders).toEqual(reminders);
  await page.keyboard.press('Escape');
  await expect(form).toHaveCount(0);

  await page.getByTestId('language-switch').getByText('中文').click();
  await expect(row.getByTestId('rule-row-reminders')).toHaveText(
    '提醒：30 分钟后首次提醒，每 60 分钟一次，最多 3 次，120 分钟后升级给 Lee Lead (3003)，免打扰 22:00–08:00',
  );
  await expect(page.getByTestId('rules-table')).toContainText('审批提醒');
  await row.getByRole('button', { name: '编辑' }).click();
  await expect(field(form, 'rule-form-reminders-escalateAfterMinutes')).toContainText('升级时间（分钟后）');
  await expect(field(form, 'rule-form-reminders-escalateTo')).toContainText('升级通知给');
});

test('the simulator shows the reminder timeline of an event: reminders, repeats, the escalation and a quiet-hours delay, in local time and both languages', async ({
  page,
  server,
}) => {
  await server.api('users.upsert', { user: LEAD });
  // Quiet from 10 to 60 minutes from now (Shanghai): reminder 1 (due in 30 min) waits for the end.
  const t0 = Date.now();
  const quiet = { from: shanghaiHhmm(t0 + 10 * MIN), to: shanghaiHhmm(t0 + 60 * MIN), timeZone: 'Asia/Shanghai' };
  const quietEnd = Math.floor((t0 + 60 * MIN) / MIN) * MIN;
  await server.api('rules.save', {
    rule: {
      module: 'Ticket',
      businessType: 'Data Exporting',
      status: 'Pending Approval',
      reminders: { firstAfterMinutes: 30, repeatEveryMinutes: 60, maxReminders: 3, escalateAfterMinutes: 120, escalateTo: [LEAD.uid], quietHours: quiet },
    },
  });

  await server.open(page, '/rules');
  const before = Date.now();
  await page.getByTestId('sim-run').click();
  const timeline = page.getByTestId('sim-reminders');
  await expect(timeline).toContainText('Reminder timeline if the ticket stays pending');
  const after = Date.now();
  // In firing order: reminder 1 at the end of the quiet hours, reminder 2 (+90 min), the escalation (+120), reminder 3 (+150).
  const steps = timeline.getByTestId(/^sim-reminder-/);
  await expect(steps).toHaveCount(4);
  const order = ['sim-reminder-reminder-1', 'sim-reminder-reminder-2', 'sim-reminder-escalation-0', 'sim-reminder-reminder-3'];
  for (const [n, id] of order.entries()) await expect(steps.nth(n)).toHaveAttribute('data-testid', id);

  /** The step's time is that many minutes after the click (the services count from the event's arrival). */
  const expectAt = async (testId: string, minutes: number, language: 'en-US' | 'zh-CN') => {
    const candidates = new Set([await pageTime(page, before + minutes * MIN, language), await pageTime(page, after + minutes * MIN, language)]);
    const text = (await timeline.getByTestId(testId).textContent()) ?? '';
    expect(
      [...candidates].some((c) => text.startsWith(`${c} · `)),
      `${text} starts with one of ${[...candidates].join(' | ')}`,
    ).toBe(true);
  };

  const r1 = timeline.getByTestId('sim-reminder-reminder-1');
  await expect(r1).toContainText(`${await pageTime(page, quietEnd, 'en-US')} · Reminder 1`);
  await expect(r1).toContainText('delayed by quiet hours');
  await expect(r1).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M · Reminder 1 \(due .+, delayed by quiet hours\)$/);
  await expect(timeline.getByTestId('sim-reminder-reminder-2')).toContainText('Reminder 2');
  await expect(timeline.getByTestId('sim-reminder-reminder-2')).not.toContainText('delayed');
  await expectAt('sim-reminder-reminder-2', 90, 'en-US');
  await expect(timeline.getByTestId('sim-reminder-escalation-0')).toContainText('Escalation to Lee Lead (3003)');
  await expectAt('sim-reminder-escalation-0', 120, 'en-US');
  await expect(timeline.getByTestId('sim-reminder-reminder-3')).toContainText('Reminder 3');
  await expectAt('sim-reminder-reminder-3', 150, 'en-US');

  // Chinese: the words and the dates; the delayed one goes at the end of the quiet hours, Shanghai time.
  await page.getByTestId('language-switch').getByText('中文').click();
  await expect(timeline).toContainText('工单持续待审批时的提醒时间线');
  await expect(r1).toHaveText(new RegExp(`^\\d{4}年\\d{1,2}月\\d{1,2}日 ${quiet.to} · 第 1 次提醒 \\(原定 .+，因免打扰顺延\\)$`));
  await expect(timeline.getByTestId('sim-reminder-reminder-2')).toContainText('第 2 次提醒');
  await expectAt('sim-reminder-reminder-2', 90, 'zh-CN');
  await expect(timeline.getByTestId('sim-reminder-escalation-0')).toContainText('升级通知给 Lee Lead (3003)');
  await expectAt('sim-reminder-escalation-0', 120, 'zh-CN');
  await expectAt('sim-reminder-reminder-3', 150, 'zh-CN');
});
