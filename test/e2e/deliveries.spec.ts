import { openIdFor, startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { expect, test, feishuOnFake, exportPendingApproval, feishuReady } from './fixtures.js';

const APP = 'cli_e2edeliv0a1b2c3d4';
const SECRET = 'e2e-delivery-secret-value';

test.slow();

let fake: FakeServer;
test.beforeEach(async () => {
  fake = await startFeishuFake({
    apps: [{ appId: APP, secret: SECRET, scopes: ['im:message', 'contact:user.id:readonly'], users: [{ id: 'u1', email: 'alice@example.com' }] }],
  });
});
test.afterEach(async () => {
  await fake.close();
});

test('a failing channel produces a dead letter, the banner and an explained log entry; retry after the fix delivers it', async ({ page, server }) => {
  const channel = (secret: string) => feishuOnFake(fake, APP, secret, 'ap-southeast-1');
  await feishuReady(server, fake, APP, SECRET, 'ap-southeast-1');
  await server.api('users.upsert', { user: { uid: '3001', name: 'Alice', email: 'alice@example.com' } });
  await server.api('users.resolve', {});
  // The app secret is rotated on the platform but not here: every send now fails at the token.
  await server.api('channels.save', channel('rotated-but-not-updated'));

  const { eventId } = await server.api('events.notify', {
    event: exportPendingApproval(),
  });
  await expect.poll(async () => (await server.api('sender.deliveries', { eventId })).deliveries[0]?.state, { timeout: 20_000 }).toBe('dead');

  await server.open(page, '/deliveries');
  const banner = page.getByTestId('failure-banner');
  await expect(banner).toBeVisible({ timeout: 15_000 });
  await expect(banner).toContainText('1 notification could not be delivered');
  await expect(banner).toHaveAttribute('data-level', 'failures');

  const row = page.getByTestId('event-row-880001');
  await expect(row.getByTestId('event-880001-dead')).toBeVisible();
  await row.locator('.ant-table-row-expand-icon').click();
  const { deliveries } = await server.api('sender.deliveries', { eventId });
  const id = deliveries[0]!.id;
  const explained = page.getByTestId(`delivery-error-${id}`);
  await expect(explained).toHaveAttribute('data-code', '10014');
  await expect(explained).toContainText('Fix:');
  expect(fake.delivered).toHaveLength(0);

  // The admin fixes the secret, then retries the dead letter from the log.
  await server.api('channels.save', channel(SECRET));
  await page.getByTestId(`delivery-retry-${id}`).click();
  await expect(page.getByTestId(`delivery-state-${id}`)).toHaveText('sent', { timeout: 20_000 });
  expect(fake.delivered).toHaveLength(1);
  expect(fake.delivered[0]!.recipient).toBe(openIdFor(APP, 'u1'));
  await expect(banner).toBeHidden({ timeout: 15_000 });
});

test('"Retry all failed" asks with the count, then reports how many failed again, or that all went out', async ({ page, server }) => {
  const channel = (secret: string) => feishuOnFake(fake, APP, secret);
  await server.api('channels.save', channel(SECRET));
  await server.api('channels.setEnabled', { channel: 'feishu', enabled: true });
  await server.api('users.upsert', { user: { uid: '3001', name: 'Alice', email: 'alice@example.com' } });
  await server.api('users.resolve', {});
  await server.api('channels.save', channel('rotated-but-not-updated'));
  for (const taskId of ['880101', '880102']) await server.api('events.notify', { event: exportPendingApproval({ taskId }) });
  const dead = async () => (await server.api('sender.status', {})).counts.dead;
  await expect.poll(dead, { timeout: 20_000 }).toBe(2);

  await server.open(page, '/deliveries');
  await page.getByTestId('retry-all').click();
  await expect(page.locator('.ant-popconfirm')).toContainText('Retry all 2 dead letters now?');
  await page.getByTestId('retry-all-ok').click();
  await expect(page.locator('.ant-message')).toContainText('2 deliveries queued again');
  // Still the wrong secret: both fail again, and the page says so.
  await expect(page.locator('.ant-message')).toContainText('2 of the 2 retried deliveries failed again', { timeout: 20_000 });

  await server.api('channels.save', channel(SECRET));
  await page.getByTestId('retry-all').click();
  await page.getByTestId('retry-all-ok').click();
  await expect(page.locator('.ant-message')).toContainText('All 2 retried deliveries went out.', { timeout: 20_000 });
  expect(fake.delivered).toHaveLength(2);
});

for (const lang of ['en-US', 'zh-CN'] as const) {
  test(`${lang}: the banner's "Retry all failed" asks with the count, then reports how many failed again`, async ({ page, server }) => {
    const words =
      lang === 'en-US'
        ? {
            confirm: 'Retry all 2 dead letters now?',
            queued: '2 deliveries queued again',
            again: '2 of the 2 retried deliveries failed again: open the Delivery log to see why.',
          }
        : { confirm: '现在重试全部 2 条死信？', queued: '已重新排队 2 条投递', again: '重试的 2 条投递中有 2 条再次失败：请打开投递日志查看原因。' };
    const channel = (secret: string) => feishuOnFake(fake, APP, secret);
    await feishuReady(server, fake, APP, SECRET);
    await server.api('users.upsert', { user: { uid: '3001', name: 'Alice', email: 'alice@example.com' } });
    await server.api('users.resolve', {});
    await server.api('channels.save', channel('rotated-but-not-updated'));
    for (const taskId of ['880201', '880202']) await server.api('events.notify', { event: exportPendingApproval({ taskId }) });
    await expect.poll(async () => (await server.api('sender.status', {})).counts.dead, { timeout: 20_000 }).toBe(2);
    await server.api('app.setLanguage', { language: lang });

    // On another page than the log: the banner is app-wide.
    await server.open(page, '/channels');
    const banner = page.getByTestId('failure-banner');
    await banner.getByTestId('failure-banner-retry-all').click();
    await expect(page.locator('.ant-popconfirm')).toContainText(words.confirm);
    await page.getByTestId('failure-banner-retry-all-ok').click();
    await expect(page.locator('.ant-message')).toContainText(words.queued);
    // Still the wrong secret: the banner goes while they are queued, comes back, and the report says so.
    await expect(page.locator('.ant-message')).toContainText(words.again, { timeout: 20_000 });
    await expect(banner).toBeVisible();
    expect(fake.delivered).toHaveLength(0);
  });
}
