import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { openIdFor, FEISHU_SCOPES, startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { expect, selectOption, test, type Server, feishuOnFake, feishuReady, settled } from './fixtures.js';

const APP = 'cli_e2ehome0a1b2c3d4';
const SECRET = 'e2e-home-feishu-secret';

test.slow();

let fake: FakeServer;
test.beforeEach(async () => {
  fake = await startFeishuFake({
    apps: [
      { appId: APP, secret: SECRET, scopes: [FEISHU_SCOPES.lookup, 'im:message'], users: [{ id: 'u1', mobile: '13800000001', email: 'alice@example.com' }] },
    ],
  });
});
test.afterEach(async () => {
  await fake.close();
});

const ROOT = resolve(import.meta.dirname, '../..');
const STEPS = ['guide', 'credentials', 'credtest', 'users', 'rule', 'delivered'] as const;

async function expectSteps(page: Page, done: readonly string[], failed: readonly string[] = []) {
  await page.getByTestId('nav-home').click();
  for (const id of STEPS) {
    const status = done.includes(id) ? 'done' : failed.includes(id) ? 'failed' : 'todo';
    await expect(page.getByTestId(`home-step-${id}`)).toHaveAttribute('data-status', status);
  }
}

async function tickWholeGuide(server: Server) {
  const guide = await server.api('guide.get', { channel: 'feishu' });
  for (const id of [...guide.steps.map((s) => s.id), ...guide.permissions.map((p) => p.id)]) {
    await server.api('guide.setChecked', { channel: 'feishu', id, checked: true });
  }
}

test('the home checklist turns green step by step through the real flow (English UI, Chinese messages on Feishu)', async ({ page, server }) => {
  await server.open(page);
  await page.getByTestId('language-switch').getByText('English').click();
  await expect(page.getByTestId('page-title')).toHaveText('Home');
  await expect(page.getByTestId('home-checklist')).toHaveAttribute('data-done', '0');
  await expectSteps(page, []);
  await expect(page.getByTestId('home-overall')).toHaveAttribute('data-state', 'setup');

  // 1. Setup guide: each link leads where the step is done.
  await page.getByTestId('home-step-go-guide').click();
  await expect(page.getByTestId('page-title')).toHaveText('Setup guide');
  await tickWholeGuide(server);
  await expectSteps(page, ['guide']);

  // 2 + 3. Credentials typed in the form, tested as typed, then "Save and enable".
  await page.getByTestId('home-step-go-credentials').click();
  await page.getByTestId('channel-configure-feishu').click();
  const form = page.getByTestId('channel-form-feishu');
  await selectOption(form, 'form-region', 'cn-hangzhou');
  await form.getByTestId('field-appId').fill(APP);
  await form.getByTestId('field-appSecret').fill(SECRET);
  await form.getByTestId('advanced-toggle').click();
  await form.getByTestId('baseurl-apiBaseUrl').fill(fake.baseUrl);
  const panel = page.getByTestId('credtest-panel-feishu');
  await panel.getByTestId('credtest-run-feishu').click();
  await expect(panel.getByTestId('credtest-state-feishu')).toHaveAttribute('data-state', 'passed');
  // The test stored nothing.
  expect((await server.api('channels.get', { channel: 'feishu' })).status).toBe('not-configured');
  await panel.getByTestId('credtest-save-enable-feishu').click();
  await expect(page.getByTestId('drawer-status')).toHaveText('Enabled');
  await page.keyboard.press('Escape');
  await expectSteps(page, ['guide', 'credentials', 'credtest']);
  await expect(page.getByTestId('home-channel-feishu')).toHaveAttribute('data-tone', 'processing');

  // 4. Users looked up on the platform: adding a user starts the lookup, no Resolve click needed.
  await server.api('users.upsert', { user: { uid: '3001', name: 'Alice', email: 'alice@example.com' } });
  await expectSteps(page, ['guide', 'credentials', 'credtest', 'users']);
  await expect(page.getByTestId('home-step-detail-users')).toHaveText('1 of 1 user(s) found on a platform.');

  // 5. A rule.
  await server.api('rules.save', {
    rule: { module: 'ticket', businessType: 'data-export', status: 'pending-approval', additionalUsers: ['3001'], channels: ['feishu'] },
  });
  await expectSteps(page, ['guide', 'credentials', 'credtest', 'users', 'rule']);

  // 6. A test event, sent for real from the rule simulator.
  await page.getByTestId('home-step-go-delivered').click();
  await expect(page.getByTestId('page-title')).toHaveText('Rules');
  // The rules table loads above the simulator: clicked before, "Run" could move away under the pointer.
  await settled(page);
  await page.getByTestId('sim-run').click();
  await expect(page.getByTestId('sim-recipient-feishu-3001')).toBeVisible();
  await page.getByTestId('sim-send').click();
  await page.getByTestId('sim-send-ok').click();
  await expect(page.getByTestId('sim-sent')).toContainText('Queued 1 message(s), marked as a test.');
  await expect.poll(() => fake.delivered.length, { timeout: 20_000 }).toBe(1);
  // The UI is in English; approvers on Feishu get Chinese (the channel's notification language).
  expect(fake.delivered[0]!.recipient).toBe(openIdFor(APP, 'u1'));
  expect(JSON.stringify(fake.delivered[0]!.content)).toContain('数据导出');
  expect(JSON.stringify(fake.delivered[0]!.content)).not.toContain('Data Exporting');
  const logged = await server.api('sender.events', {});
  expect(logged.items[0]!.source).toBe('test');

  await expectSteps(page, [...STEPS]);
  await expect(page.getByTestId('home-all-done')).toBeVisible();
  await expect(page.getByTestId('home-channel-feishu')).toHaveAttribute('data-tone', 'success');
  // The inbox card tells whether DMS reaches the webhook: a simulator test is not a webhook.
  await expect(page.getByTestId('home-inbox-last')).toHaveText('Never');

  // Then the platform secret is rotated without updating Channel Desk: the channel turns red, never green.
  await server.api('channels.save', feishuOnFake(fake, APP, 'rotated-elsewhere-1'));
  await server.api('events.sendTest', { module: 'ticket', businessType: 'data-export', status: 'pending-approval', eventUsers: [], submitterUid: '' });
  await expect(page.getByTestId('home-channel-feishu')).toHaveAttribute('data-tone', 'error', { timeout: 20_000 });
  await expect(page.getByTestId('home-channel-state-feishu')).toHaveText('Failing');
  await expect(page.getByTestId('home-channel-error-feishu')).toContainText('[10014]');
  await expect(page.getByTestId('home-overall')).toHaveAttribute('data-state', 'degraded');

  // Screenshots of Home in both languages (UPDATE_SCREENSHOT=1 copies them to docs/).
  for (const [lang, label, title] of [
    ['en-US', 'English', 'Home'],
    ['zh-CN', '中文', '首页'],
  ] as const) {
    await page.getByTestId('language-switch').getByText(label).click();
    await expect(page.getByTestId('page-title')).toHaveText(title);
    const shot = join(ROOT, '.tmp', `home-${lang}.png`);
    await page.screenshot({ path: shot, animations: 'disabled', fullPage: true });
    if (process.env['UPDATE_SCREENSHOT'] === '1') {
      mkdirSync(join(ROOT, 'docs'), { recursive: true });
      copyFileSync(shot, join(ROOT, 'docs', `home-${lang}.png`));
    }
  }
});

test('Chinese UI: an enabled channel whose deliveries fail is red on Home; the paused banner resumes', async ({ page, server }) => {
  await server.api('app.setLanguage', { language: 'zh-CN' });
  await feishuReady(server, fake, APP, 'wrong-secret-value-1');
  await server.api('users.upsert', { user: { uid: '3001', name: 'Alice', email: 'alice@example.com' } });
  const { eventId } = await server.api('events.notify', {
    event: {
      submitterUid: '2001',
      category: 'Ticket',
      module: 'Data Exporting',
      event: 'Pending Approval',
      taskId: '770001',
      eventTime: '2026-12-01 10:00:00',
      targetUsers: [{ uid: '3001', name: 'Alice' }],
    },
  });
  // No platform id yet (lookups fail with the wrong secret): nothing can be delivered.
  expect(eventId).toBeTruthy();
  await server.open(page);
  await expect(page.getByTestId('page-title')).toHaveText('首页');
  await expect(page.getByTestId('home-step-credentials')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('home-step-detail-credentials')).toHaveText('已配置：飞书');
  await expect(page.getByTestId('home-channel-feishu')).not.toHaveAttribute('data-tone', 'success');

  // Lookups succeed only with the right secret; the rotated one makes every send fail.
  await server.api('channels.save', feishuOnFake(fake, APP, SECRET));
  await server.api('users.resolve', {});
  await server.api('channels.save', feishuOnFake(fake, APP, 'wrong-secret-value-2'));
  await server.api('events.sendTest', { module: 'ticket', businessType: 'data-export', status: 'pending-approval', eventUsers: ['3001'], submitterUid: '' });
  await expect(page.getByTestId('home-channel-feishu')).toHaveAttribute('data-tone', 'error', { timeout: 20_000 });
  await expect(page.getByTestId('home-channel-state-feishu')).toHaveText('发送失败');
  await expect(page.getByTestId('home-step-delivered')).toHaveAttribute('data-status', 'failed', { timeout: 20_000 });
  await expect(page.getByTestId('home-overall')).toHaveText('需要处理');
  expect(fake.delivered).toHaveLength(0);

  // The Channels card says so too: "Enabled" is not green, and the deliveries are failing.
  await page.getByTestId('nav-channels').click();
  await expect(page.getByTestId('channel-delivery-feishu')).toHaveAttribute('data-tone', 'error');
  await expect(page.getByTestId('channel-delivery-feishu')).toContainText('发送失败');
  await expect(page.getByTestId('channel-status-feishu')).toHaveText('已启用');
  await expect(page.getByTestId('channel-status-feishu')).not.toHaveClass(/ant-tag-green/);
  await page.getByTestId('nav-home').click();

  // "Sending is paused" has Resume.
  await server.api('sender.pause', {});
  const resume = page.getByTestId('failure-banner-resume');
  await expect(resume).toBeVisible({ timeout: 15_000 });
  await expect(resume).toHaveText('恢复发送');
  await resume.click();
  await expect(resume).toBeHidden();
  expect((await server.api('sender.status', {})).paused).toBe(false);
});

test('the Test button tests typed values only: nothing stored, stale result cleared, failing field marked', async ({ page, server }) => {
  await server.api('channels.save', feishuOnFake(fake, APP, 'stored-secret-value-1'));
  const before = readFileSync(join(server.dataDir, 'settings.json'), 'utf8');
  const secretBefore = (await server.api('channels.get', { channel: 'feishu' })).secrets.appSecret;
  await server.open(page, '/channels');
  await page.getByTestId('language-switch').getByText('English').click();
  await page.getByTestId('channel-configure-feishu').click();
  const form = page.getByTestId('channel-form-feishu');
  const panel = page.getByTestId('credtest-panel-feishu');

  // The stored secret is wrong: the test of the form as it is fails, and marks the App Secret field.
  await panel.getByTestId('credtest-run-feishu').click();
  await expect(panel.getByTestId('credtest-state-feishu')).toHaveAttribute('data-state', 'failed');
  await expect(panel.getByTestId('credtest-diagnosis-feishu-token')).toContainText('[10014]');
  const marked = form.locator('.ant-form-item-has-error');
  await expect(marked).toHaveCount(1);
  await expect(marked).toContainText('AppSecret');
  await expect(marked).toContainText('App secret invalid');

  // That test was of the stored values, so it is the channel's last test; from here on nothing may change.
  const settingsBeforeTyped = readFileSync(join(server.dataDir, 'settings.json'), 'utf8');
  expect(JSON.parse(settingsBeforeTyped).channels).toEqual(JSON.parse(before).channels);

  // Typing the right secret clears the stale result; the test of the typed value passes.
  await form.getByTestId('field-appSecret').fill(SECRET);
  await expect(panel.getByTestId('credtest-state-feishu')).toHaveCount(0);
  await panel.getByTestId('credtest-run-feishu').click();
  await expect(panel.getByTestId('credtest-state-feishu')).toHaveAttribute('data-state', 'passed');
  await expect(panel.getByTestId('credtest-save-feishu')).toBeVisible();

  // Nothing was stored by the typed test: same settings, same secret (same change time).
  expect(readFileSync(join(server.dataDir, 'settings.json'), 'utf8')).toBe(settingsBeforeTyped);
  expect((await server.api('channels.get', { channel: 'feishu' })).secrets.appSecret).toEqual(secretBefore);
  await expect(page.locator('body')).not.toContainText(SECRET);

  // "Save" stores exactly what was tested, and that test becomes the channel's last test.
  await panel.getByTestId('credtest-save-feishu').click();
  await expect.poll(async () => (await server.api('channels.get', { channel: 'feishu' })).lastTest?.ok).toBe(true);
  expect((await server.api('channels.get', { channel: 'feishu' })).secrets.appSecret?.changedAt).not.toBe(secretBefore?.changedAt);
});
