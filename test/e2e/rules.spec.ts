import { startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { expect, selectOption, test, feishuReady } from './fixtures.js';

let fake: FakeServer;
test.beforeEach(async () => {
  // Bob is not in this Feishu organization.
  fake = await startFeishuFake({
    apps: [
      {
        appId: 'cli_a1b2c3d4e5f6a7b8',
        secret: 'rules-e2e-secret-value',
        scopes: ['im:message', 'contact:user.id:readonly'],
        users: [{ id: 'u1', email: 'alice@example.com' }],
      },
    ],
  });
});
test.afterEach(async () => {
  await fake.close();
});

test('a rule adds a user; the simulator shows who is reached and calls out a person the platform does not know', async ({ page, server }) => {
  await feishuReady(server, fake, 'cli_a1b2c3d4e5f6a7b8', 'rules-e2e-secret-value');
  await server.api('users.upsert', { user: { uid: '4001', name: 'Bob', email: 'bob@example.com' } });

  await server.open(page, '/rules');
  await page.getByTestId('rule-add').click();
  await selectOption(page, 'rule-form-users', 'Bob');
  await page.getByTestId('rule-form-save').click();
  await expect(page.getByTestId('rule-row-ticket|data-export|pending-approval')).toContainText('Bob');
  const { rules } = await server.api('rules.list', {});
  expect(rules).toMatchObject([{ module: 'ticket', businessType: 'data-export', status: 'pending-approval', additionalUsers: ['4001'], enabled: true }]);

  // The simulator looks Bob up as the sender would: Feishu has no such person, so he would get nothing.
  await page.getByTestId('sim-run').click();
  const result = page.getByTestId('sim-result');
  await expect(result).toHaveAttribute('data-will-send', 'false');
  await expect(page.getByTestId('sim-missing-feishu-4001')).toContainText('no such person on the platform');
  await expect(page.getByTestId('sim-nobody-4001')).toContainText('The platform has no person with this mobile / e-mail');

  // Switching the rule off is reported too.
  await page.getByTestId('rule-enabled-ticket|data-export|pending-approval').click();
  await page.getByTestId('rule-off-ok').click();
  await expect.poll(async () => (await server.api('rules.list', {})).rules[0]?.enabled).toBe(false);
  await page.getByTestId('sim-run').click();
  await expect(page.getByTestId('sim-nobody-4001')).toContainText('switched off');
});

test('a custom rule (a value DMS sends that the catalogue lacks) is entered in the editor and marked Custom, in both languages', async ({ page, server }) => {
  await server.open(page, '/rules');
  await page.getByTestId('rule-add').click();
  await page.getByTestId('rule-form-custom').click();
  const businessType = page.getByTestId('rule-form-business-type').locator('input');
  await businessType.fill('Quantum Sync');
  await page.getByTestId('rule-form-save').click();
  const row = page.getByTestId('rule-row-ticket|Quantum Sync|pending-approval');
  await expect(row).toContainText('Quantum Sync');
  await expect(page.getByTestId('rule-custom-ticket|Quantum Sync|pending-approval')).toHaveText('Custom');
  expect((await server.api('rules.list', {})).rules).toMatchObject([
    { module: 'ticket', businessType: 'Quantum Sync', status: 'pending-approval', custom: true },
  ]);

  await page.getByTestId('language-switch').getByText('中文').click();
  await expect(page.getByTestId('rule-custom-ticket|Quantum Sync|pending-approval')).toHaveText('自定义');
});

test('an unknown value without "custom" is refused by the contract at its path, with the nearest catalogue name', async ({ server }) => {
  const res = await server.post('rules.save', { rule: { module: 'Ticket', businessType: 'Data Exportin', status: 'Pending Approval' } });
  expect(res.status).toBe(400);
  expect(JSON.stringify(res.body)).toContain('"path":"rule.businessType"');
  expect(JSON.stringify(res.body)).toContain('did you mean \\"Data Exporting\\"?');
  expect((await server.api('rules.list', {})).rules).toEqual([]);
});
