import { openIdFor, startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { expect, feishuReady, selectOption, test } from './fixtures.js';

const APP = 'cli_a1b2c3d4e5f6a7b8';
const SECRET = 'templates-e2e-secret-value';

let fake: FakeServer;
test.beforeEach(async () => {
  fake = await startFeishuFake({
    apps: [{ appId: APP, secret: SECRET, scopes: ['im:message', 'contact:user.id:readonly'], users: [{ id: 'u1', email: 'alice@example.com' }] }],
  });
});
test.afterEach(async () => {
  await fake.close();
});

test('a message template: an unknown variable is named as typed, the preview follows, and the saved template reaches Feishu', async ({ page, server }) => {
  await feishuReady(server, fake, APP, SECRET);
  await server.api('users.upsert', { user: { uid: '3001', name: 'Alice', email: 'alice@example.com' } });

  await server.open(page, '/rules');
  await page.getByTestId('rule-add').click();
  await page.getByTestId('rule-form-template-tab-feishu').click();
  const input = page.getByTestId('rule-form-template-feishu');
  const error = page.getByTestId('rule-form-template-error-feishu');
  const preview = page.getByTestId('rule-form-template-preview-feishu');

  // Blank: the default message, in Feishu's notification language (Chinese).
  await expect(preview).toHaveAttribute('data-language', 'zh-CN');
  await expect(preview).toContainText('提交人');

  await input.fill('审批 #{{tiket_id}}');
  await expect(error).toContainText('unknown variable {{tiket_id}} — did you mean {{ticket_id}}?');
  await expect(preview).toHaveCount(0);
  // Saving is refused while the template is wrong.
  await page.getByTestId('rule-form-save').click();
  await expect(page.getByTestId('rule-form')).toContainText('Fix the message template of Feishu first.');
  expect((await server.api('rules.list', {})).rules).toEqual([]);

  await input.fill('{{business_type}}：#{{ticket_id}} {{title}}，请 {{approvers}} 审批');
  await expect(error).toHaveCount(0);
  // As Feishu shows it: the Markdown escape of the sender (orders\_2026) is not in the preview.
  await expect(preview).toContainText('数据导出：#1234567 orders_2026，请 Li Lei 审批');

  await page.getByTestId('rule-form-save').click();
  await expect(page.getByTestId('rule-row-ticket|data-export|pending-approval')).toBeVisible();
  expect((await server.api('rules.list', {})).rules[0]?.templates).toEqual({ feishu: '{{business_type}}：#{{ticket_id}} {{title}}，请 {{approvers}} 审批' });

  const sent = await server.api('events.sendTest', {
    module: 'ticket',
    businessType: 'data-export',
    status: 'pending-approval',
    eventUsers: ['3001'],
    submitterUid: '',
  });
  expect(sent.deliveries).toBe(1);
  await expect.poll(() => fake.delivered.length, { timeout: 15_000 }).toBe(1);
  expect(fake.delivered[0]!.recipient).toBe(openIdFor(APP, 'u1'));
  expect(JSON.stringify(fake.delivered[0]!.content)).toMatch(/数据导出：#test-\d+ Channel Desk test \/ 测试，请 3001 审批/);
});

test("the template preview shows a sample of the rule's own event kind and every problem at once", async ({ page, server }) => {
  await server.open(page, '/rules');
  await page.getByTestId('rule-add').click();
  await selectOption(page, 'rule-form-business-type', 'Data Change');
  await selectOption(page, 'rule-form-status', 'Approved');
  await page.getByTestId('rule-form-template-tab-lark').click();
  const input = page.getByTestId('rule-form-template-lark');
  const preview = page.getByTestId('rule-form-template-preview-lark');

  await input.fill('{{business_type}} / {{status}} #{{ticket_id}}');
  await expect(preview).toContainText('Data Change / Approved #1234567');
  await expect(preview).not.toContainText('Data Exporting');

  await input.fill('{{#approvers}}{{tiket_id}} {{statsu}}');
  const error = page.getByTestId('rule-form-template-error-lark');
  await expect(error.locator('li')).toHaveText([
    'unbalanced section {{#approvers}} — missing {{/approvers}}',
    'unknown variable {{tiket_id}} — did you mean {{ticket_id}}?',
    'unknown variable {{statsu}} — did you mean {{status}}?',
  ]);
});
