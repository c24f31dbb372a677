import { DINGTALK_SCOPES, startDingtalkFake } from '../fakes/dingtalk.js';
import { expect, selectOption, test } from './fixtures.js';

const DT_APP = 'dingmsg123456';
const DT_SECRET = 'dingtalk-Secret-e2e-0123';

test.slow();

test('a card template the platform does not know: the Test marks the card template field; fixing it passes', async ({ page, server }) => {
  const fake = await startDingtalkFake({
    apps: [
      {
        appId: DT_APP,
        secret: DT_SECRET,
        scopes: Object.values(DINGTALK_SCOPES),
        cardTemplates: ['published-1.schema'],
        users: [{ id: 'mgr1', mobile: '13900000001' }],
      },
    ],
  });
  try {
    await server.api('channels.save', {
      channel: 'dingtalk',
      region: 'cn-hangzhou',
      values: { appId: 'app-1234567', agentId: '12345', appKey: DT_APP, robotCode: DT_APP, cardTemplateId: 'draft-only.schema' },
      secrets: { appSecret: DT_SECRET },
      baseUrls: { apiBaseUrl: fake.baseUrl, oapiBaseUrl: fake.baseUrl },
    });
    await server.open(page, '/channels');
    await page.getByTestId('language-switch').getByText('中文').click();
    await expect(page.getByTestId('page-title')).toHaveText('通知渠道');
    await page.getByTestId('channel-configure-dingtalk').click();
    const form = page.getByTestId('channel-form-dingtalk');
    const panel = page.getByTestId('credtest-panel-dingtalk');
    await panel.getByTestId('credtest-to-dingtalk').fill('13900000001');
    await panel.getByTestId('credtest-run-dingtalk').click();
    await expect(panel.getByTestId('credtest-state-dingtalk')).toHaveAttribute('data-state', 'failed');
    await expect(panel.getByTestId('credtest-diagnosis-dingtalk-send')).toContainText('param.cardTemplateNotExist');
    const marked = form.locator('.ant-form-item-has-error');
    await expect(marked).toHaveCount(1);
    await expect(marked).toContainText('Card template ID');
    await expect(marked.getByTestId('field-cardTemplateId')).toBeVisible();

    // Editing the field clears the stale result and the mark; the published template passes.
    await form.getByTestId('field-cardTemplateId').fill('published-1.schema');
    await expect(panel.getByTestId('credtest-state-dingtalk')).toHaveCount(0);
    await expect(marked).toHaveCount(0);
    await panel.getByTestId('credtest-run-dingtalk').click();
    await expect(panel.getByTestId('credtest-state-dingtalk')).toHaveAttribute('data-state', 'passed');
    await expect(panel.getByTestId('credtest-passed-dingtalk')).toContainText('这些值可以使用');
    await expect(panel.getByTestId('credtest-save-enable-dingtalk')).toHaveText('保存并启用');
    expect(fake.delivered).toHaveLength(1);
    expect(fake.delivered[0]).toMatchObject({ msgType: 'card', content: { cardTemplateId: 'published-1.schema' } });
    // Not saved by the test.
    expect((await server.api('channels.get', { channel: 'dingtalk' })).values.cardTemplateId).toBe('draft-only.schema');
  } finally {
    await fake.close();
  }
});

for (const ui of ['en-US', 'zh-CN'] as const) {
  test(`notification language per channel with a preview of the exact message (${ui} UI)`, async ({ page, server }) => {
    await server.api('app.setLanguage', { language: ui });
    await server.open(page, '/channels');
    await page.getByTestId('channel-configure-feishu').click();
    const feishu = page.getByTestId('notify-language-feishu');
    // Chinese by default for Feishu, whatever the UI language.
    await expect(page.getByTestId('message-preview-feishu')).toHaveAttribute('data-language', 'zh-CN');
    await expect(page.getByTestId('message-preview-title-feishu')).toHaveText('[DMS] 数据导出 · 待审批');
    await expect(feishu).toContainText(ui === 'en-US' ? 'Rich text (post)' : '富文本（post）');

    await selectOption(feishu, 'notify-language-select-feishu', ui === 'en-US' ? 'English' : '英文');
    await expect(page.getByTestId('message-preview-title-feishu')).toHaveText('[DMS] Data Exporting · Pending Approval');
    expect((await server.api('messages.get', {})).channels.find((c) => c.channel === 'feishu')?.language).toBe('en-US');
    await page.getByTestId('channel-drawer').locator('.ant-drawer-close').click();
    await expect(page.getByTestId('channel-drawer')).toBeHidden();

    // Lark defaults to English.
    await page.getByTestId('channel-configure-lark').click();
    await expect(page.getByTestId('message-preview-lark')).toHaveAttribute('data-language', 'en-US');
    await expect(page.getByTestId('message-preview-title-lark')).toHaveText('[DMS] Data Exporting · Pending Approval');
  });
}
