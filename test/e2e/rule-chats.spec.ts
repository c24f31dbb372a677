import { startFeishuFake, FEISHU_SCOPES, openIdFor, type FakeServer } from '../fakes/feishu.js';
import { expect, selectOption, test, feishuOnFake, exportPendingApproval, feishuReady } from './fixtures.js';

const APP = 'cli_chats0e2e1a2b3c4';
const SECRET = 'rule-chats-e2e-secret-value';

let fake: FakeServer;
test.beforeEach(async () => {
  fake = await startFeishuFake({
    apps: [
      {
        appId: APP,
        secret: SECRET,
        scopes: [FEISHU_SCOPES.send[0], FEISHU_SCOPES.lookup, FEISHU_SCOPES.chats[0]],
        users: [{ id: 'u1', email: 'alice@example.com' }],
        chats: [
          { chatId: 'oc_dba00000000000000000000000001', name: 'DBA approvals' },
          { chatId: 'oc_ops00000000000000000000000002', name: 'Ops on call' },
          { chatId: 'oc_left0000000000000000000000003', name: 'Bot left here', botMember: false },
        ],
      },
    ],
  });
});
test.afterEach(async () => {
  await fake.close();
});

test('the chat picker lists the chats the Feishu bot is in; a saved rule shows its chats, a DingTalk id comes with a hint', async ({ page, server }) => {
  await server.api('channels.save', feishuOnFake(fake, APP, SECRET));
  await server.open(page, '/rules');
  await page.getByTestId('rule-add').click();

  // Feishu (the default): the bot's chats from GET /open-apis/im/v1/chats; not the one it left.
  await page.getByTestId('rule-chat-picker').click();
  const options = page.locator('.ant-select-dropdown .ant-select-item-option');
  await expect(options.filter({ hasText: 'DBA approvals' })).toHaveCount(1);
  await expect(options.filter({ hasText: 'Ops on call' })).toHaveCount(1);
  await expect(options.filter({ hasText: 'Bot left here' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await selectOption(page, 'rule-chat-picker', 'DBA approvals');
  await expect(page.getByTestId('rule-chat-tag')).toHaveText(['Feishu · DBA approvals']);

  // DingTalk: no list; the id is typed, with where to find it, and a wrong shape is refused.
  await selectOption(page, 'rule-chat-channel', 'DingTalk');
  await expect(page.getByTestId('rule-chat-hint')).toContainText('openConversationId');
  await page.getByTestId('rule-chat-id').fill('oc_wrong');
  await page.getByTestId('rule-chat-name').fill('DBA group');
  await page.getByTestId('rule-chat-add').click();
  await expect(page.getByTestId('rule-chat-problem')).toContainText('starts with "cid"');
  await page.getByTestId('rule-chat-id').fill('cidDbaGroup0000==');
  await page.getByTestId('rule-chat-add').click();
  await expect(page.getByTestId('rule-chat-tag')).toHaveText(['Feishu · DBA approvals', 'DingTalk · DBA group']);

  await page.getByTestId('rule-form-save').click();
  const row = page.getByTestId('rule-row-ticket|data-export|pending-approval');
  await expect(row.getByTestId('rule-row-chat')).toHaveText(['Feishu · DBA approvals', 'DingTalk · DBA group']);
  expect((await server.api('rules.list', {})).rules[0]?.chats).toEqual([
    { channel: 'feishu', chatId: 'oc_dba00000000000000000000000001', name: 'DBA approvals' },
    { channel: 'dingtalk', chatId: 'cidDbaGroup0000==', name: 'DBA group' },
  ]);

  await page.getByTestId('language-switch').getByText('中文').click();
  await expect(row.getByTestId('rule-row-chat').first()).toHaveText('飞书 · DBA approvals');
});

test('without the chat-list permission the picker says which permission to add', async ({ page, server }) => {
  fake.setScopes(APP, [FEISHU_SCOPES.send[0], FEISHU_SCOPES.lookup]);
  await server.api('channels.save', feishuOnFake(fake, APP, SECRET));
  await server.open(page, '/rules');
  await page.getByTestId('rule-add').click();
  await expect(page.getByTestId('rule-form').getByTestId('error-alert')).toContainText('im:chat:readonly');
});

test('a chat delivery is in the Delivery log under the chat’s name; a chat the bot left is explained with the fix', async ({ page, server }) => {
  await feishuReady(server, fake, APP, SECRET);
  await server.api('rules.save', {
    rule: {
      module: 'Ticket',
      businessType: 'Data Exporting',
      status: 'Pending Approval',
      chats: [
        { channel: 'feishu', chatId: 'oc_dba00000000000000000000000001', name: 'DBA approvals' },
        { channel: 'feishu', chatId: 'oc_left0000000000000000000000003', name: 'Bot left here' },
      ],
    },
  });
  const { eventId } = await server.api('events.notify', {
    event: exportPendingApproval({ taskId: '880077', targetUsers: [] }),
  });
  await expect
    .poll(async () => (await server.api('sender.deliveries', { eventId })).deliveries.map((d) => d.state).sort(), { timeout: 20_000 })
    .toEqual(['dead', 'sent']);
  expect(fake.delivered.filter((m) => m.chatId === 'oc_dba00000000000000000000000001')).toHaveLength(1);

  await server.open(page, '/deliveries');
  const row = page.getByTestId('event-row-880077');
  await row.locator('.ant-table-row-expand-icon').click();
  await expect(page.getByTestId('delivery-chat').filter({ hasText: 'DBA approvals' })).toContainText('Group chat DBA approvals (oc_dba');
  await expect(page.getByText('The bot is not a member of the chat')).toBeVisible();
});

test('"Send this event for real" names who and which chats get it; chats are opt-in; the unreachable are listed, not sent to', async ({ page, server }) => {
  await feishuReady(server, fake, APP, SECRET);
  await server.api('users.upsert', { user: { uid: '3001', name: 'Alice', email: 'alice@example.com' } });
  await server.api('users.upsert', { user: { uid: '3002', name: 'Bob', email: 'bob@example.com' } });
  await server.api('users.resolve', {});
  await server.api('rules.save', {
    rule: {
      module: 'ticket',
      businessType: 'data-export',
      status: 'pending-approval',
      additionalUsers: ['3001', '3002'],
      chats: [
        { channel: 'feishu', chatId: 'oc_dba00000000000000000000000001', name: 'DBA approvals' },
        { channel: 'feishu', chatId: 'oc_ops00000000000000000000000002', name: 'Ops on call' },
      ],
      reminders: { firstAfterMinutes: 1 },
    },
  });
  await server.open(page, '/rules');
  await page.getByTestId('sim-run').click();
  await expect(page.getByTestId('sim-chat-oc_dba00000000000000000000000001')).toHaveText('Feishu · DBA approvals');
  await expect(page.getByTestId('sim-chat-oc_ops00000000000000000000000002')).toHaveText('Feishu · Ops on call');

  await page.getByTestId('sim-send').click();
  const confirm = page.getByTestId('sim-send-confirm');
  await expect(confirm).toContainText('[Test]');
  await expect(confirm.getByTestId('sim-send-person-feishu-3001')).toHaveText('Alice (3001) · Feishu');
  await expect(confirm.getByTestId('sim-send-skip-feishu-3002')).toHaveText('Bob (3002) · Feishu · no such person on the platform');
  const dba = confirm.getByTestId('sim-send-chat-oc_dba00000000000000000000000001');
  const ops = confirm.getByTestId('sim-send-chat-oc_ops00000000000000000000000002');
  await expect(dba).not.toBeChecked();
  await expect(ops).not.toBeChecked();
  await expect(page.getByTestId('sim-send-ok')).toHaveText('Send 1 message(s)');
  await ops.click();
  await expect(page.getByTestId('sim-send-ok')).toHaveText('Send 2 message(s)');
  await page.getByTestId('sim-send-ok').click();
  await expect(page.getByTestId('sim-sent')).toContainText('Queued 2 message(s), marked as a test.');

  await expect.poll(() => fake.delivered.length, { timeout: 20_000 }).toBe(2);
  expect(fake.delivered.map((d) => d.recipient).sort()).toEqual(['oc_ops00000000000000000000000002', openIdFor(APP, 'u1')].sort());
  expect(fake.delivered.every((d) => JSON.stringify(d.content).includes('[测试]'))).toBe(true);
  const [event] = (await server.api('sender.events', {})).items;
  const { deliveries } = await server.api('sender.deliveries', { eventId: event!.id });
  expect(deliveries.filter((d) => d.state === 'dead')).toEqual([]);

  await page.getByTestId('language-switch').getByText('中文').click();
  await page.getByTestId('sim-send').click();
  await expect(page.getByTestId('sim-send-confirm')).toContainText('[测试]');
  await expect(page.getByTestId('sim-send-confirm').getByTestId('sim-send-skip-feishu-3002')).toContainText('平台上无此人');
});
