import { startFakeDms, type FakeDms } from '../fakes/dms-openapi.js';
import type { Page } from '@playwright/test';
import { DMS_FIELD_TEXT } from '../../shared/contract/dms.js';
import { expect, test } from './fixtures.js';

const SECRET = 'e2e-dms-secret-do-not-leak';
let fake: FakeDms;

test.beforeEach(async () => {
  fake = await startFakeDms({
    tid: 3000,
    keys: [{ id: 'LTAIe2eUi', secret: SECRET, actions: '*' }],
    users: [{ userId: '11', nickName: 'Sam', mobile: '13800000011' }],
  });
});
test.afterEach(async () => {
  await fake.close();
});

test('configure the DMS connection, run its test, see the watcher status', async ({ page, server }) => {
  await server.open(page, '/dms');
  await expect(page.getByTestId('page-dms')).toBeVisible();
  await expect(page.getByTestId('dms-secret-status')).toHaveAttribute('data-secret-set', 'false');

  await page.getByTestId('dms-tid').fill('3000');
  await page.getByTestId('dms-access-key-id').fill('LTAIe2eUi');
  await page.getByTestId('dms-access-key-secret').fill(SECRET);
  await page.getByTestId('dms-advanced-toggle').click();
  await page.getByTestId('dms-endpoint').fill(fake.endpoint);
  await page.getByTestId('dms-save').click();

  // Write-only: the secret is stored, shown as "set", and gone from the page.
  await expect(page.getByTestId('dms-secret-status')).toHaveAttribute('data-secret-set', 'true');
  await expect(page.getByTestId('dms-access-key-secret')).toHaveValue('');
  expect(await page.content()).not.toContain(SECRET);
  const view = await server.api('dms.getConnection', {});
  expect(view).toMatchObject({ tid: 3000, accessKeyId: 'LTAIe2eUi', secretSet: true, resolvedEndpoint: fake.endpoint });
  expect(JSON.stringify(view)).not.toContain(SECRET);

  await page.getByTestId('dms-test-run').click();
  await expect(page.getByTestId('dms-test-state')).toHaveAttribute('data-state', 'passed');
  for (const step of ['reach', 'signature', 'list-orders', 'tenant']) {
    await expect(page.getByTestId(`dms-test-step-${step}`)).toHaveAttribute('data-status', 'pass');
  }

  // A wrong Tid is explained at the tenant step, with its fix.
  await server.api('dms.saveConnection', { tid: 4242 });
  await page.getByTestId('dms-test-run').click();
  await expect(page.getByTestId('dms-test-state')).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('dms-test-step-tenant')).toHaveAttribute('data-status', 'fail');
  await expect(page.getByTestId('dms-test-diagnosis-tenant')).toContainText('tenant ID (Tid)');
  await server.api('dms.saveConnection', { tid: 3000 });

  // Watcher: start (first poll records silently), a new ticket, poll now, see it.
  await expect(page.getByTestId('dms-watcher-state')).toHaveAttribute('data-running', 'false');
  await page.getByTestId('dms-watcher-start').click();
  await expect(page.getByTestId('dms-watcher-state')).toHaveAttribute('data-running', 'true');
  await expect.poll(async () => (await server.api('dms.watcherStatus', {})).lastSuccessAt).not.toBeNull();
  const orderId = fake.createOrder({ pluginType: 'DATA_EXPORT', committerId: '11', statusCode: 'toaudit' });
  await page.getByTestId('dms-watcher-poll').click();
  await expect(page.getByTestId('dms-watcher-events')).toContainText(String(orderId));
  await expect(page.getByTestId('dms-watcher-events')).toContainText('Data Exporting › Pending Approval');
  await expect(page.getByTestId('dms-watcher-last-poll')).not.toHaveText('—');

  // Stopping is remembered across a restart of `serve`.
  await page.getByTestId('dms-watcher-stop').click();
  await expect(page.getByTestId('dms-watcher-state')).toHaveAttribute('data-running', 'false');
  await server.restart();
  expect(await server.api('dms.watcherStatus', {})).toMatchObject({ enabled: false, running: false });
});

test('the DMS form refuses a negative Tid and an AccessKey ID with spaces or markup, in words, and saves nothing', async ({ page, server }) => {
  await server.open(page, '/dms');
  await page.getByTestId('dms-tid').fill('-5');
  await page.getByTestId('dms-access-key-id').fill('LTAI 5t<b>');
  await page.getByTestId('dms-save').click();
  const form = page.getByTestId('dms-connection-form');
  await expect(form.locator('.ant-form-item-explain-error')).toHaveText([
    'The Tid is a positive whole number (digits only), as the DMS console shows it.',
    'An AccessKey ID has only letters and digits: no spaces or other characters.',
  ]);
  await expect(page.getByTestId('dms-tid')).toHaveValue('-5');
  expect(await server.api('dms.getConnection', {})).toMatchObject({ tid: null, accessKeyId: '' });

  await page.getByTestId('language-switch').getByText('中文').click();
  await page.getByTestId('dms-save').click();
  await expect(form.locator('.ant-form-item-explain-error').first()).toHaveText('Tid 是一个正整数（只含数字），与 DMS 控制台中显示的一致。');
});

test('Chinese UI: the DMS page remembers a passed connection test until the connection changes, and names watched tickets in Chinese', async ({
  page,
  server,
}) => {
  await server.api('app.setLanguage', { language: 'zh-CN' });
  await server.api('dms.saveConnection', { tid: 3000, accessKeyId: 'LTAIe2eUi', accessKeySecret: SECRET, endpoint: fake.endpoint });
  await server.open(page, '/dms');
  await expect(page.getByTestId('dms-test-panel')).toContainText('尚未测试');
  await page.getByTestId('dms-test-run').click();
  await expect(page.getByTestId('dms-test-state')).toHaveAttribute('data-state', 'passed');

  await page.reload();
  await expect(page.getByTestId('dms-test-last')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('dms-test-last')).toContainText('上次测试通过');

  await page.getByTestId('dms-watcher-start').click();
  await expect.poll(async () => (await server.api('dms.watcherStatus', {})).lastSuccessAt).not.toBeNull();
  const orderId = fake.createOrder({ pluginType: 'DATA_EXPORT', committerId: '11', statusCode: 'toaudit' });
  await page.getByTestId('dms-watcher-poll').click();
  await expect(page.getByTestId('dms-watcher-events')).toContainText(String(orderId));
  await expect(page.getByTestId('dms-watcher-events')).toContainText('工单 › 数据导出 › 待审批');
  await expect(page.getByTestId('dms-watcher-events')).not.toContainText('Pending Approval');
  await page.getByTestId('dms-watcher-stop').click();

  // Another AccessKey is another connection: the old pass no longer speaks for it.
  await server.api('dms.saveConnection', { accessKeyId: 'LTAIother' });
  await page.reload();
  await expect(page.getByTestId('dms-test-panel')).toContainText('尚未测试');
  await expect(page.getByTestId('dms-test-last')).toHaveCount(0);
});

/** antd's character counter beside a text field (`showCount`). */
const counterOf = (page: Page, testId: string) =>
  page.getByTestId(testId).locator('xpath=ancestor::span[contains(@class, "ant-input-affix-wrapper")][1]').locator('.ant-input-show-count-suffix');

for (const lang of ['en-US', 'zh-CN'] as const) {
  test(`${lang}: text fields count against the contract's limit while typing; a Tid past 2^53 is refused in words`, async ({ page, server }) => {
    await server.open(page, '/dms');
    // Chosen on the page, as the admin does.
    if (lang === 'zh-CN') await page.getByTestId('language-switch').getByText('中文').click();
    await expect(page.getByTestId('dms-save')).toHaveText(lang === 'zh-CN' ? /保\s?存/ : 'Save');
    await expect(counterOf(page, 'dms-access-key-id')).toHaveText('0 / 128');
    await page.getByTestId('dms-access-key-id').fill('LTAI5tAbc');
    await expect(counterOf(page, 'dms-access-key-id')).toHaveText('9 / 128');
    await expect(counterOf(page, 'dms-access-key-secret')).toHaveText('0 / 256');

    // 2^53 + 1: a JavaScript number cannot hold it exactly, so DMS would be asked for another tenant.
    await page.getByTestId('dms-tid').fill(String(2n ** 53n + 1n));
    await page.getByTestId('dms-save').click();
    await expect(page.getByTestId('dms-connection-form').locator('.ant-form-item-explain-error')).toHaveText([
      lang === 'en-US' ? DMS_FIELD_TEXT.tid.en : DMS_FIELD_TEXT.tid.zh,
    ]);
    expect(await server.api('dms.getConnection', {})).toMatchObject({ tid: null });

    // The Users form: the counter, and typing stops at the limit instead of failing on save.
    await page.goto(`${server.origin}/#/users`);
    await page.getByTestId('users-add').click();
    await expect(counterOf(page, 'user-form-name')).toHaveText('0 / 200');
    await page.getByTestId('user-form-name').fill('N'.repeat(250));
    await expect(counterOf(page, 'user-form-name')).toHaveText('200 / 200');
    await expect(counterOf(page, 'user-form-mobile')).toHaveText('0 / 32');
  });
}
