import type { Page } from '@playwright/test';
import { Outbox } from '../../electron/services/delivery/outbox/outbox.js';
import type { ApprovalPress } from '../../electron/services/delivery/outbox/approvals-store.js';
import type { LongConnectionView } from '../../shared/contract/approvals.js';
import type { Language } from '../../shared/i18n-text.js';
import { text } from '../../shared/i18n-text.js';
import { expect, selectOption, test, type Server } from './fixtures.js';

const DINGTALK = {
  channel: 'dingtalk',
  region: 'cn-hangzhou',
  values: { appId: 'a1b2c3d4-e5f6', agentId: '3012345678', appKey: 'dingabc123xyz456', robotCode: 'dingabc123xyz456', cardTemplateId: 'f1e2d3c4.schema' },
} as const;

const WORDS = {
  'en-US': {
    section: 'Approve from chat',
    templateRequired: 'Approve from chat on DingTalk needs the approval card template ID.',
    notRunning: 'Approve from chat: Not running',
    tab: 'Approvals',
    empty: 'No approvals yet.',
  },
  'zh-CN': {
    section: '在聊天中审批',
    templateRequired: '在钉钉中审批需要填写审批卡片模板 ID。',
    notRunning: '在聊天中审批：未运行',
    tab: '审批记录',
    empty: '尚无审批记录。',
  },
} as const;

async function openForm(page: Page, channel: string) {
  await page.getByTestId(`channel-configure-${channel}`).click();
  const form = page.getByTestId(`channel-form-${channel}`);
  await expect(form).toBeVisible();
  return form;
}

for (const lang of ['en-US', 'zh-CN'] as const satisfies readonly Language[]) {
  test(`channel form (${lang}): approve from chat needs the DingTalk template id, is saved and shown after a reload`, async ({ page, server }) => {
    const w = WORDS[lang];
    await server.api('app.setLanguage', { language: lang });
    await server.api('channels.save', DINGTALK);
    await server.open(page, '/channels');

    let form = await openForm(page, 'dingtalk');
    const section = form.getByTestId('approve-from-chat');
    await expect(section).toContainText(w.section);
    await expect(section.getByTestId('approval-connection-dingtalk')).toHaveAttribute('data-phase', 'notRunning');
    await section.getByTestId('approve-from-chat-switch').click();
    await form.getByTestId('channel-save').click();
    await expect(section.getByText(w.templateRequired)).toBeVisible();
    expect((await server.api('channels.get', { channel: 'dingtalk' })).approval.approveFromChat).toBe(false);

    await section.getByTestId('approval-template-id').fill('approve-card-01.schema');
    await expect(section.getByText(w.templateRequired)).toHaveCount(0);
    await form.getByTestId('channel-save').click();
    await expect
      .poll(async () => (await server.api('channels.get', { channel: 'dingtalk' })).approval)
      .toEqual({ approveFromChat: true, approvalCardTemplateId: 'approve-card-01.schema' });

    await page.reload();
    // The channel card shows the long connection of a channel with approve-from-chat on (none runs in this version).
    await expect(page.getByTestId('approval-connection-dingtalk')).toHaveText(w.notRunning);
    form = await openForm(page, 'dingtalk');
    await expect(form.getByTestId('approve-from-chat-switch')).toBeChecked();
    await expect(form.getByTestId('approval-template-id')).toHaveValue('approve-card-01.schema');
  });
}

test("a template id the service refuses is shown on its field, in the service's words", async ({ page, server }) => {
  await server.api('channels.save', DINGTALK);
  await server.open(page, '/channels');
  const form = await openForm(page, 'dingtalk');
  await form.getByTestId('approval-template-id').fill('not a template id!');
  await form.getByTestId('channel-save').click();
  await expect(form.getByTestId('approve-from-chat')).toContainText('4 to 128 letters, digits');

  // What the form checks, the service checks again: a save whose template id is lost on the way is refused at that field.
  await page.route('**/api/channels.save', async (route) => {
    const body = route.request().postDataJSON() as { approval: Record<string, unknown> };
    await route.continue({ postData: JSON.stringify({ ...body, approval: { ...body.approval, approvalCardTemplateId: '' } }) });
  });
  await form.getByTestId('approve-from-chat-switch').click();
  await form.getByTestId('approval-template-id').fill('approve-card-01.schema');
  await form.getByTestId('channel-save').click();
  await expect(form.getByTestId('approve-from-chat')).toContainText('a template whose Approve / Reject buttons send a callback');
  expect((await server.api('channels.get', { channel: 'dingtalk' })).approval).toEqual({ approveFromChat: false, approvalCardTemplateId: '' });
});

const T0 = Date.parse('2026-12-07T13:00:00.000Z');
const press = (i: number, over: Partial<ApprovalPress> = {}): ApprovalPress => ({
  cardNonce: `nonce-${i}`,
  action: 'approve',
  pressedAt: T0 + i * 1_000,
  platform: 'feishu',
  presserId: `ou_presser_${i}`,
  dmsUserId: '51',
  dmsUid: '3001',
  orderId: String(880_000 + i),
  comment: '',
  ...over,
});

/** Writes presses through the outbox's own write path into the server's data folder (WAL: the server reads it live). */
function seedApprovals(server: Server, count: number): void {
  const outbox = Outbox.open(server.dataDir);
  try {
    const a = outbox.approvals;
    for (let i = 1; i <= count - 2; i++) {
      const r = a.claim(press(i)).record;
      a.finish(r.id, { outcome: 'approved', reason: null, message: null, requestId: `REQ-${i}`, at: T0 + i * 1_000 + 500 });
    }
    const refused = a.claim(press(count - 1, { platform: 'dingtalk', dmsUserId: null, dmsUid: null, action: 'reject', comment: 'not now' })).record;
    a.finish(refused.id, {
      outcome: 'refused',
      reason: 'unmapped',
      message: text('Your account is not linked to a DMS user in Users.', '您的账号未在“用户”中关联 DMS 用户。'),
      requestId: null,
      at: T0 + 90_000,
    });
    a.claim(press(count, { orderId: '889999' }));
  } finally {
    outbox.close();
  }
}

test('Delivery log › Approvals: explains how to turn it on, then lists presses with outcome, reason and RequestId, paged', async ({ page, server }) => {
  await server.api('users.upsert', { user: { uid: '3001', name: 'Alice', mobile: '', email: 'alice@example.com' } });
  await server.open(page, '/deliveries');
  await page.getByTestId('tab-approvals').click();
  await expect(page.getByTestId('approvals-empty')).toContainText(WORDS['en-US'].empty);
  await expect(page.getByTestId('approvals-empty')).toContainText('switch on “Approve from chat”');

  seedApprovals(server, 55);
  await page.reload();
  const table = page.getByTestId('approvals-table');
  await expect(table.locator('tbody tr[data-testid^="approval-row-"]')).toHaveCount(50);
  const newest = page.getByTestId('approval-row-55');
  await expect(newest).toHaveAttribute('data-outcome', 'pending');
  await expect(newest).toContainText('889999');
  await expect(newest).toContainText('In progress');
  const refused = page.getByTestId('approval-row-54');
  await expect(refused).toContainText('DingTalk');
  await expect(refused).toContainText('ou_presser_54');
  await expect(refused).toContainText('not mapped');
  await expect(refused).toContainText('Reject');
  await expect(refused).toContainText('not now');
  await expect(page.getByTestId('approval-outcome-54')).toHaveText('RefusedYour account is not linked to a DMS user in Users.');
  const approved = page.getByTestId('approval-row-53');
  await expect(approved).toContainText('Alice (3001)');
  await expect(approved).toContainText('REQ-53');

  await page.getByTestId('approvals-older').click();
  await expect(table.locator('tbody tr[data-testid^="approval-row-"]')).toHaveCount(5);
  await expect(page.getByTestId('approval-row-1')).toContainText('REQ-1');
  await expect(page.getByTestId('approvals-older')).toBeDisabled();
  await page.getByTestId('approvals-newer').click();
  await expect(page.getByTestId('approval-row-55')).toBeVisible();

  // Chinese, same rows.
  await page.getByTestId('language-switch').getByText('中文').click();
  await expect(page.getByTestId('tab-approvals')).toHaveText(WORDS['zh-CN'].tab);
  await expect(page.getByTestId('approval-outcome-54')).toHaveText('未执行您的账号未在“用户”中关联 DMS 用户。');
});

const at = (s: number) => new Date(T0 + s * 1_000).toISOString();

test('long connection states on Home, the channel card and the form; the test card shows the service answer', async ({ page, server }) => {
  await server.api('users.upsert', { user: { uid: '3001', name: 'Alice', mobile: '', email: 'alice@example.com' } });
  await server.api('channels.save', {
    channel: 'feishu',
    region: 'cn-hangzhou',
    values: { appId: 'cli_a1b2c3d4e5f6a7b8' },
    approval: { approveFromChat: true },
  });
  await server.api('channels.save', { ...DINGTALK, approval: { approveFromChat: true, approvalCardTemplateId: 'approve-card-01.schema' } });

  // The channel is not enabled: no connection runs, and the real service says why no test card goes out.
  await server.open(page, '/channels');
  await expect(page.getByTestId('approval-connection-feishu')).toHaveAttribute('data-phase', 'notRunning');
  let form = await openForm(page, 'feishu');
  await expect(form.getByTestId('approval-template-id')).toHaveCount(0);
  await selectOption(form, 'approval-test-user', 'Alice');
  await form.getByTestId('approval-test-send').click();
  const result = form.getByTestId('approval-test-result');
  await expect(result).toHaveAttribute('data-ok', 'false');
  await expect(result).toContainText('Enable the Feishu channel first');

  // The states a running service reports (connected with its last callback, failing with its explanation), as served.
  const connections: LongConnectionView[] = [
    { channel: 'feishu', phase: 'connected', since: at(0), lastCallbackAt: at(60), lastError: null, reconnects: 0 },
    {
      channel: 'dingtalk',
      phase: 'failing',
      since: at(30),
      lastCallbackAt: null,
      lastError: text('The Stream gateway refused the AppKey: check Stream mode.', 'Stream 网关拒绝了 AppKey：请检查 Stream 模式。'),
      reconnects: 3,
    },
  ];
  await page.route('**/api/approvals.connections', (route) => route.fulfill({ json: { connections } }));
  await page.route('**/api/approvals.sendTestCard', (route) =>
    route.fulfill({ json: { ok: true, message: text('Test card sent to Alice. Press its button on the phone.', '测试卡片已发送给 Alice。') } }),
  );
  await page.reload();
  await expect(page.getByTestId('approval-connection-feishu')).toHaveAttribute('data-phase', 'connected');
  await expect(page.getByTestId('approval-connection-feishu')).toHaveText('Approve from chat: Connected');
  await expect(page.getByTestId('approval-connection-dingtalk')).toHaveText('Approve from chat: Failing');
  await expect(page.getByTestId('channel-card-lark').getByTestId('approval-connection-lark')).toHaveCount(0);

  form = await openForm(page, 'dingtalk');
  await expect(form.getByTestId('approval-connection-error-dingtalk')).toContainText('The Stream gateway refused the AppKey: check Stream mode.');
  await expect(form.getByTestId('approval-connection-details-dingtalk')).toContainText('3');
  await selectOption(form, 'approval-test-user', 'Alice');
  await form.getByTestId('approval-test-send').click();
  await expect(form.getByTestId('approval-test-result')).toHaveAttribute('data-ok', 'true');
  await expect(form.getByTestId('approval-test-result')).toContainText('Test card sent to Alice.');

  await page.locator('.ant-drawer-close').click();
  await expect(page.getByTestId('channel-drawer')).toBeHidden();
  await page.getByTestId('nav-home').click();
  await expect(page.getByTestId('home-channel-feishu').getByTestId('approval-connection-feishu')).toHaveAttribute('data-phase', 'connected');
  const failing = page.getByTestId('home-channel-dingtalk').getByTestId('approval-connection-dingtalk');
  await expect(failing).toHaveAttribute('data-phase', 'failing');
  await failing.hover();
  await expect(page.getByRole('tooltip')).toContainText('The Stream gateway refused the AppKey');
  await expect(page.getByTestId('home-channel-lark').getByTestId('approval-connection-lark')).toHaveCount(0);
});

test('setup guide: the extra steps per platform; DMS page: the extra RAM actions and acting as the approver', async ({ page, server }) => {
  await server.open(page, '/setup-guide?platform=feishu');
  const feishu = page.getByTestId('guide-approve-from-chat');
  await expect(feishu).toContainText('card.action.trigger');
  await expect(feishu).toContainText('使用长连接接收回调');
  await expect(feishu).toContainText('Custom (self-built) apps only');
  await expect(feishu.getByTestId('guide-approval-step-approval-callback')).toBeVisible();

  await server.open(page, '/setup-guide?platform=dingtalk');
  const dingtalk = page.getByTestId('guide-approve-from-chat');
  await expect(dingtalk).toContainText('Stream mode');
  for (const words of ['回传请求', 'action=approve', 'nonce=${nonce}', 'comment', 'statusText', 'status == pending'])
    await expect(dingtalk).toContainText(words);
  // Not part of the checklist: the guide's progress is unchanged by them.
  const guide = await server.api('guide.get', { channel: 'dingtalk' });
  expect(guide.steps.map((st) => st.id)).not.toContain('approval-card-template');

  await server.open(page, '/dms');
  const ram = page.getByTestId('dms-approval-ram');
  for (const action of ['dms:ApproveOrder', 'dms:GetApprovalDetail', 'dms:GetOrderBaseInfo', 'dms:GetUser'])
    await expect(ram.getByTestId(`ram-${action}`)).toBeVisible();
  await expect(ram).toContainText('AssumeUser');
});

test.describe('at 1024×700', () => {
  test.use({ viewport: { width: 1024, height: 700 } });

  /** Neither the page nor the table scrolls sideways (antd scrolls `.ant-table-content` / `.ant-table-body`). */
  async function expectNoSidewaysScroll(page: Page): Promise<void> {
    const doc = await page.evaluate<{ sw: number; cw: number }>('({ sw: document.scrollingElement.scrollWidth, cw: document.scrollingElement.clientWidth })');
    expect(doc.sw).toBeLessThanOrEqual(doc.cw);
    for (const box of await page.locator('.ant-table-container, .ant-table-content, .ant-table-body').all()) {
      const size = await box.evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth }));
      expect(size.sw).toBeLessThanOrEqual(size.cw);
    }
  }

  test('the Approvals tab (Chinese, long comment and reason) and the form section fit without sideways scrolling', async ({ page, server }) => {
    await server.api('app.setLanguage', { language: 'zh-CN' });
    const outbox = Outbox.open(server.dataDir);
    try {
      const long = '请尽快处理这个导出工单，数据用于季度审计，涉及华东一区核心交易数据库'.repeat(3);
      const r = outbox.approvals.claim(press(1, { comment: long, presserId: `ou_${'f'.repeat(60)}` })).record;
      outbox.approvals.finish(r.id, {
        outcome: 'failed',
        reason: 'dms:forbidden',
        message: text(long, long),
        requestId: `REQ-${'A'.repeat(40)}`,
        at: T0 + 2_000,
      });
    } finally {
      outbox.close();
    }
    await server.open(page, '/deliveries');
    await page.getByTestId('tab-approvals').click();
    await expect(page.getByTestId('approval-row-1')).toBeVisible();
    await expectNoSidewaysScroll(page);

    await server.api('channels.save', DINGTALK);
    await server.open(page, '/channels');
    const form = await openForm(page, 'dingtalk');
    await form.getByTestId('approve-from-chat-switch').click();
    await expect(form.getByTestId('approval-test-send')).toBeVisible();
    const b = (await form.getByTestId('approval-test-send').boundingBox())!;
    expect(b.x + b.width).toBeLessThanOrEqual(1024);
    await expectNoSidewaysScroll(page);
  });
});
