import { expect, test } from './fixtures.js';

test('switching to Chinese and back; the choice is kept by the services, not the browser', async ({ page, server, browser }) => {
  await server.open(page, '/channels');
  await expect(page.getByTestId('page-title')).toHaveText('Channels');
  await expect(page.getByTestId('channel-status-feishu')).toHaveText('Not configured');

  await page.getByTestId('language-switch').getByText('中文').click();
  await expect(page.getByTestId('page-title')).toHaveText('通知渠道');
  await expect(page.getByTestId('channel-status-feishu')).toHaveText('未配置');
  await expect(page.getByTestId('nav-setup-guide')).toHaveText('配置指南');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect.poll(async () => (await server.api('app.info', {})).language).toBe('zh-CN');

  await page.reload();
  await expect(page.getByTestId('page-title')).toHaveText('通知渠道');

  // A fresh browser profile (no local storage) on the same server still opens in Chinese.
  const other = await browser.newContext({ locale: 'en-US' });
  const fresh = await other.newPage();
  await server.open(fresh, '/settings');
  await expect(fresh.getByTestId('page-title')).toHaveText('设置');
  await other.close();

  await page.getByTestId('language-switch').getByText('English').click();
  await expect(page.getByTestId('page-title')).toHaveText('Channels');
  await expect.poll(async () => (await server.api('app.info', {})).language).toBe('en-US');
});

test('a language picked while the stored setting is still on its way is kept', async ({ page, server }) => {
  // The stored setting (English) answers only after the admin has already picked Chinese.
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/api/app.info', async (route) => {
    const answer = await route.fetch(); // read now (English), delivered late
    await held;
    await route.fulfill({ response: answer });
  });
  await server.open(page, '/channels', { settle: false });
  await page.getByTestId('language-switch').getByText('中文').click();
  await expect(page.getByTestId('page-title')).toHaveText('通知渠道');
  // The late English answer reaches the page (not "network idle": the live event stream never ends).
  const lateAnswer = page.waitForResponse('**/api/app.info');
  release();
  await lateAnswer;
  await expect.poll(async () => (await server.api('app.info', {})).language).toBe('zh-CN');
  await expect(page.getByTestId('page-title')).toHaveText('通知渠道');
});

test.describe('with a Chinese OS locale', () => {
  test.use({ locale: 'zh-CN' });

  test('a new install follows the OS language until one is chosen', async ({ page, server }) => {
    await server.open(page, '/setup-guide?platform=feishu');
    await expect(page.getByTestId('page-title')).toHaveText('配置指南');
    await expect(page.getByText('飞书开放平台', { exact: false }).first()).toBeVisible();
    expect((await server.api('app.info', {})).language).toBeNull();
  });
});
