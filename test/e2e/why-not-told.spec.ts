/**
 * Issue 17, item 6: "Why was nobody told?" is answered where the admin looks. An event whose rule is off
 * expands to the reason per person and chat with a link to the page that fixes it (not "No data");
 * switching a rule off in the list asks first and offers Undo. In both languages.
 */
import { FEISHU_SCOPES, startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { expect, exportPendingApproval, test, feishuReady } from './fixtures.js';

const APP = 'cli_whynottold0a1b2c';
const SECRET = 'why-not-told-secret-value';
const CHAT = 'oc_dba00000000000000000000000001';
const KEY = 'ticket|data-export|pending-approval';

let fake: FakeServer;
test.beforeEach(async () => {
  fake = await startFeishuFake({
    apps: [
      {
        appId: APP,
        secret: SECRET,
        scopes: [FEISHU_SCOPES.send[0], FEISHU_SCOPES.lookup, FEISHU_SCOPES.chats[0]],
        users: [{ id: 'u1', email: 'alice@example.com' }],
        chats: [{ chatId: CHAT, name: 'DBA approvals' }],
      },
    ],
  });
});
test.afterEach(async () => {
  await fake.close();
});

const TEXT = {
  'en-US': {
    confirm: 'Switch off notifications for Ticket > Data Exporting > Pending Approval?',
    done: 'Notifications for Ticket > Data Exporting > Pending Approval are off.',
    title: 'Not sent, and why',
    ruleOff: 'The rule for this event is switched off.',
    fix: 'Open Rules to fix it',
    rules: 'Rules',
  },
  'zh-CN': {
    confirm: '关闭“工单 > 数据导出 > 待审批”的通知？',
    done: '已关闭“工单 > 数据导出 > 待审批”的通知。',
    title: '未发送的对象及原因',
    ruleOff: '此事件的规则已关闭。',
    fix: '前往“通知规则”修复',
    rules: '通知规则',
  },
} as const;

for (const lang of ['en-US', 'zh-CN'] as const) {
  test(`a rule switched off asks first and can be undone; its event shows who was not told and why, with the fix (${lang})`, async ({ page, server }) => {
    const text = TEXT[lang];
    await feishuReady(server, fake, APP, SECRET);
    await server.api('users.upsert', { user: { uid: '3001', name: 'Alice', email: 'alice@example.com' } });
    await server.api('rules.save', {
      rule: { module: 'ticket', businessType: 'data-export', status: 'pending-approval', chats: [{ channel: 'feishu', chatId: CHAT, name: 'DBA approvals' }] },
    });
    await server.open(page, '/rules');
    if (lang === 'zh-CN') await page.getByTestId('language-switch').getByText('中文').click();
    const enabled = () => server.api('rules.list', {}).then((r) => r.rules[0]?.enabled);

    // Off asks first; cancelling keeps it on.
    await page.getByTestId(`rule-enabled-${KEY}`).click();
    await expect(page.locator('.ant-modal-confirm-title')).toHaveText(text.confirm);
    await page.locator('.ant-modal-confirm').getByRole('button').first().click();
    await expect(page.getByTestId(`rule-enabled-${KEY}`)).toBeChecked();
    expect(await enabled()).toBe(true);
    // Confirmed, then undone.
    await page.getByTestId(`rule-enabled-${KEY}`).click();
    await page.getByTestId('rule-off-ok').click();
    await expect(page.getByTestId('rule-off-done')).toContainText(text.done);
    await expect.poll(enabled).toBe(false);
    await page.getByTestId('rule-off-undo').click();
    await expect.poll(enabled).toBe(true);
    await expect(page.getByTestId(`rule-enabled-${KEY}`)).toBeChecked();
    // Off for real.
    await page.getByTestId(`rule-enabled-${KEY}`).click();
    await page.getByTestId('rule-off-ok').click();
    await expect.poll(enabled).toBe(false);

    await server.api('events.notify', { event: exportPendingApproval() });
    await page.getByTestId('nav-deliveries').click();
    await page.getByTestId('event-row-880001').locator('.ant-table-row-expand-icon').click();
    const notes = page.getByTestId('event-notes');
    await expect(notes).toContainText(text.title);
    await expect(notes.getByTestId('event-note-rule-disabled')).toHaveCount(2);
    await expect(notes.getByTestId('event-note-rule-disabled').first()).toContainText(`Alice (3001)`);
    await expect(notes.getByTestId('event-note-rule-disabled').first()).toContainText(text.ruleOff);
    await expect(notes.getByTestId('event-note-rule-disabled').nth(1)).toContainText('DBA approvals');
    await expect(page.locator('.ant-empty')).toHaveCount(0);
    await notes.getByTestId('event-note-fix-rule-disabled').first().click();
    await expect(page.getByTestId('page-title')).toHaveText(text.rules);
  });
}
