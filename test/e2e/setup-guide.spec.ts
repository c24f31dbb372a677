import { expect, selectOption, test } from './fixtures.js';

test('Feishu guide for Singapore shows the exact URLs to paste', async ({ page, server }) => {
  await server.open(page, '/setup-guide?platform=feishu');
  await selectOption(page, 'guide-region', 'ap-southeast-1');

  await expect(page.getByTestId('url-homepage')).toHaveAttribute('data-url', 'https://dms-ap-southeast-1.alibabacloud.com');
  await expect(page.getByTestId('url-redirect')).toHaveAttribute('data-url', 'https://dms-ap-southeast-1.alibabacloud.com/console/mobile/index/');
  await expect(page.getByTestId('url-trusted')).toHaveAttribute('data-url', 'https://dms-ap-southeast-1.alibabacloud.com');
  // What the admin sees and copies is exactly that text.
  await expect(page.getByTestId('url-redirect')).toHaveText('https://dms-ap-southeast-1.alibabacloud.com/console/mobile/index/');
  await expect(page.getByTestId('url-trusted')).toHaveText('https://dms-ap-southeast-1.alibabacloud.com');
  await expect(page.getByTestId('us-site-notice')).toContainText('US site');
});

test('DingTalk shows only the homepage; region lists follow the guide', async ({ page, server }) => {
  await server.open(page, '/setup-guide?platform=dingtalk');
  await selectOption(page, 'guide-region', 'cn-hongkong');
  await expect(page.getByTestId('url-homepage')).toHaveText('https://dms-cn-hongkong.alibabacloud.com');
  await expect(page.getByTestId('url-redirect')).toHaveCount(0);

  // Feishu/Lark have six regions (no Hong Kong, no Seoul); DingTalk eight.
  await page.getByTestId('guide-platform-lark').click();
  // A click that lands while the guide re-renders for the platform just chosen is lost: open the list until it shows.
  const region = page.getByTestId('guide-region');
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await expect(async () => {
    if ((await region.locator('[role="combobox"]').first().getAttribute('aria-expanded')) !== 'true') await region.click();
    await expect(options).toHaveCount(6, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(options.filter({ hasText: 'cn-hongkong' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('guide-permissions').locator('.ant-checkbox-wrapper')).toHaveCount(7);
  // Beyond the guide's six: the chat picker's permission, with why.
  const chatList = page.getByTestId('guide-permissions').locator('.ant-checkbox-wrapper').filter({ hasText: 'im:chat:readonly' });
  await expect(chatList).toContainText('lets the rule editor list the group chats');
});

test('checklist ticks and the region survive a reload, with progress', async ({ page, server }) => {
  await server.open(page, '/setup-guide?platform=feishu');
  const progress = page.getByTestId('guide-progress');
  await expect(progress).toHaveAttribute('data-done', '0');
  const total = Number(await progress.getAttribute('data-total'));
  expect(total).toBe(7 + 8); // seven steps (the last: "Open DMS" on a phone), seven Feishu permissions from the guide and the chat picker's

  await selectOption(page, 'guide-region', 'ap-southeast-1');
  await expect(page.getByTestId('url-homepage')).toHaveText('https://dms-ap-southeast-1.alibabacloud.com');
  await page.getByTestId('check-create-app').click();
  await expect(progress).toHaveAttribute('data-done', '1');
  await page.getByTestId('check-perm-im-message').click();
  await expect(progress).toHaveAttribute('data-done', '2');
  await page.getByTestId('check-open-dms-on-phone').click();
  await expect(progress).toHaveAttribute('data-done', '3');

  await page.reload();
  await expect(page.getByTestId('check-create-app')).toBeChecked();
  await expect(page.getByTestId('check-perm-im-message')).toBeChecked();
  await expect(page.getByTestId('check-open-dms-on-phone')).toBeChecked();
  await expect(page.getByTestId('check-add-robot')).not.toBeChecked();
  await expect(page.getByTestId('guide-progress')).toHaveAttribute('data-done', '3');
  await expect(page.getByTestId('url-homepage')).toHaveText('https://dms-ap-southeast-1.alibabacloud.com');

  // Unticking is saved too, and the other platform's checklist is separate.
  await page.getByTestId('check-create-app').click();
  await expect(page.getByTestId('guide-progress')).toHaveAttribute('data-done', '2');
  const lark = await server.api('guide.get', { channel: 'lark' });
  expect(lark.progress.done).toBe(0);
});

test('console links open through the allowlist in a new tab', async ({ page, server }) => {
  // No internet here: answer the platform console with an empty page instead.
  await page.context().route('https://open.feishu.cn/**', (route) => route.fulfill({ status: 200, body: 'console' }));
  await server.open(page, '/setup-guide?platform=feishu');
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.locator('.ant-card-extra').getByRole('button', { name: 'Open the developer console' }).click(),
  ]);
  expect(popup.url()).toBe('https://open.feishu.cn/app');
  // noopener: the console cannot reach back into the app.
  expect(await popup.evaluate('window.opener')).toBeNull();
});
