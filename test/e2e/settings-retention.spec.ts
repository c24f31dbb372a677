import { expect, test } from './fixtures.js';

test('the Delivery log retention is set on the Settings page, checked as typed, and kept by the services', async ({ page, server }) => {
  await server.open(page, '/settings');
  const card = page.getByTestId('retention-card');
  const days = card.getByTestId('retention-days');
  await expect(days).toHaveValue('30');
  await expect(card).toContainText('Now: 30 days.');

  // Out of range: the field says the rule and nothing is stored.
  await days.fill('0');
  await card.getByTestId('retention-save').click();
  await expect(card.locator('.ant-form-item-explain-error')).toHaveText('Enter a whole number of days from 1 to 3650.');
  expect((await server.api('retention.get', {})).sentEventDays).toBe(30);

  await days.fill('7');
  await card.getByTestId('retention-save').click();
  await expect(page.locator('.ant-message')).toContainText('Finished events are now kept for 7 days.');
  await expect(card).toContainText('Now: 7 days.');
  expect((await server.api('retention.get', {})).sentEventDays).toBe(7);

  await page.reload();
  await page.getByTestId('language-switch').getByText('中文').click();
  await expect(page.getByTestId('retention-card')).toContainText('发送记录保留期');
  await expect(page.getByTestId('retention-days')).toHaveValue('7');
  await expect(page.getByTestId('retention-card')).toContainText('当前：7 天。');
});
