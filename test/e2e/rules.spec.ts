import { expect, selectOption, test } from './fixtures.js';

test('a rule adds a user; the simulator shows who is reached and calls out a person without a platform id', async ({ page, server }) => {
  await server.api('channels.save', { channel: 'feishu', region: 'cn-hangzhou', values: { appId: 'cli_a1b2c3d4e5f6a7b8' }, secrets: { appSecret: 'rules-e2e-secret-value' } });
  await server.api('channels.setEnabled', { channel: 'feishu', enabled: true });
  await server.api('users.upsert', { user: { uid: '4001', name: 'Bob', email: 'bob@example.com' } });

  await server.open(page, '/rules');
  await page.getByTestId('rule-add').click();
  await selectOption(page, 'rule-form-users', 'Bob');
  await page.getByTestId('rule-form-save').click();
  await expect(page.getByTestId('rule-row-ticket|data-export|pending-approval')).toContainText('Bob');
  const { rules } = await server.api('rules.list', {});
  expect(rules).toMatchObject([{ module: 'ticket', businessType: 'data-export', status: 'pending-approval', additionalUsers: ['4001'], enabled: true }]);

  // Bob was never resolved on Feishu: the simulator says he would get nothing, and why.
  await page.getByTestId('sim-run').click();
  const result = page.getByTestId('sim-result');
  await expect(result).toHaveAttribute('data-will-send', 'false');
  await expect(page.getByTestId('sim-missing-feishu-4001')).toContainText('no platform user id');
  await expect(page.getByTestId('sim-nobody-4001')).toContainText('No platform user id');

  // Switching the rule off is reported too.
  await page.getByTestId('rule-enabled-ticket|data-export|pending-approval').click();
  await expect.poll(async () => (await server.api('rules.list', {})).rules[0]?.enabled).toBe(false);
  await page.getByTestId('sim-run').click();
  await expect(page.getByTestId('sim-nobody-4001')).toContainText('switched off');
});
