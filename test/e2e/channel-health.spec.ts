import { FEISHU_SCOPES, startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { exportPendingApproval, expect, feishuOnFake, test, feishuReady } from './fixtures.js';

const APP = 'cli_e2ehealth0a1b2c3';
const SECRET = 'e2e-health-feishu-secret';

test.slow();

let fake: FakeServer;
test.beforeEach(async () => {
  fake = await startFeishuFake({
    apps: [
      {
        appId: APP,
        secret: SECRET,
        scopes: [FEISHU_SCOPES.lookup, ...FEISHU_SCOPES.send],
        users: [
          { id: 'u1', mobile: '13800000001', email: 'alice@example.com' },
          { id: 'u2', mobile: '13800000002', email: 'bob@example.com' },
        ],
      },
    ],
  });
});
test.afterEach(async () => {
  await fake.close();
});

test('Chinese UI: a wrong App Secret is "failing" on Home with its cause before anything is sent; the checklist blames the channel, not the users; the right secret looks them up again', async ({
  page,
  server,
}) => {
  await server.api('app.setLanguage', { language: 'zh-CN' });
  await feishuReady(server, fake, APP, 'wrong-secret-value-1');
  await server.api('users.upsert', { user: { uid: '3001', name: 'Alice', email: 'alice@example.com' } });
  await server.api('users.upsert', { user: { uid: '3002', name: 'Bob', email: 'bob@example.com' } });
  await server.open(page);
  await expect(page.getByTestId('page-title')).toHaveText('首页');

  await expect(page.getByTestId('home-channel-state-feishu')).toHaveText('发送失败', { timeout: 10_000 });
  await expect(page.getByTestId('home-channel-feishu')).toHaveAttribute('data-tone', 'error');
  await expect(page.getByTestId('home-channel-error-feishu')).toContainText('[10014]');
  await expect(page.getByTestId('home-channel-error-feishu')).toContainText('App Secret 无效');
  await expect(page.getByTestId('home-step-users')).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('home-step-detail-users')).toContainText('飞书出现故障');
  await expect(page.getByTestId('home-step-detail-users')).not.toContainText('均未找到');
  await expect(page.getByTestId('home-step-credtest')).toHaveAttribute('data-status', 'failed');
  expect(fake.delivered).toHaveLength(0);

  // The right secret: the failed lookups run again by themselves, the channel recovers.
  await server.api('channels.save', feishuOnFake(fake, APP, SECRET));
  await expect(page.getByTestId('home-step-users')).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
  await expect(page.getByTestId('home-channel-feishu')).toHaveAttribute('data-tone', 'success');
  await expect(page.getByTestId('home-channel-error-feishu')).toHaveCount(0);
  await page.getByTestId('nav-users').click();
  await expect(page.getByTestId('user-resolution-3001-feishu')).toHaveAttribute('data-status', 'found');
  await expect(page.getByTestId('user-resolution-3002-feishu')).toHaveAttribute('data-status', 'found');
});

test('English UI: one person not on Feishu leaves a working channel "Delivering", counted as unreachable, not failing', async ({ page, server }) => {
  await server.api('app.setLanguage', { language: 'en-US' });
  await feishuReady(server, fake, APP, SECRET);
  await server.api('users.upsert', { user: { uid: '3001', name: 'Alice', email: 'alice@example.com' } });
  await server.api('users.upsert', { user: { uid: '3009', name: 'Nobody', email: 'nobody@example.com' } });
  await server.api('events.notify', {
    event: exportPendingApproval({ taskId: '880001', targetUsers: [{ uid: '3001', name: 'Alice' }], receivers: [{ uid: '3009', name: 'Nobody' }] }),
  });
  await expect.poll(() => fake.delivered.length, { timeout: 20_000 }).toBe(1);
  await server.open(page);
  await expect(page.getByTestId('page-title')).toHaveText('Home');
  await expect(page.getByTestId('home-channel-recipients-feishu')).toHaveText('1', { timeout: 10_000 });
  await expect(page.getByTestId('home-channel-state-feishu')).toHaveText('Delivering');
  await expect(page.getByTestId('home-channel-feishu')).toHaveAttribute('data-tone', 'warning');
  await expect(page.getByTestId('home-channel-error-feishu')).toHaveCount(0);
  await page.getByTestId('nav-channels').click();
  await expect(page.getByTestId('channel-delivery-feishu')).toContainText('Unreachable people and chats 1');
  await expect(page.getByTestId('channel-delivery-feishu')).not.toHaveAttribute('data-tone', 'error');
});

test('English UI: "Resolve all" beside a channel with a wrong App Secret warns with the cause instead of a success toast', async ({ page, server }) => {
  await server.api('app.setLanguage', { language: 'en-US' });
  await feishuReady(server, fake, APP, 'wrong-secret-value-1');
  await server.api('users.upsert', { user: { uid: '3001', name: 'Alice', email: 'alice@example.com' } });
  await server.open(page, '/users');
  await expect(page.getByTestId('page-title')).toHaveText('Users');

  await page.getByTestId('users-resolve').click();
  const warning = page.locator('.ant-message-warning');
  await expect(warning).toContainText('Lookups finished, but a channel is failing — Feishu:', { timeout: 10_000 });
  await expect(warning).toContainText('App secret invalid');
  await expect(page.locator('.ant-message-success')).toHaveCount(0);
  await expect(page.locator('.ant-message')).not.toContainText('Users resolved');
});
