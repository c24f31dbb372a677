import { FEISHU_SCOPES, openIdFor, startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { expect, test, feishuOnFake } from './fixtures.js';

const APP = 'cli_e2e0a1b2c3d4e5f6';
const SECRET = 'e2e-feishu-app-secret-value';

// Two full test runs through the UI on a 2-core machine shared with other suites.
test.slow();

let fake: FakeServer;
test.beforeEach(async () => {
  fake = await startFeishuFake({
    apps: [{ appId: APP, secret: SECRET, scopes: ['im:message'], users: [{ id: 'u1', mobile: '13800000001', email: 'alice@example.com' }] }],
  });
});
test.afterEach(async () => {
  await fake.close();
});

test('credential test on the Channels page: diagnosed missing scope, then success after granting it', async ({ page, server }) => {
  // Point the channel at the fake platform by saving its base URL through the contract.
  await server.api('channels.save', feishuOnFake(fake, APP, SECRET));
  await server.open(page, '/channels');
  await page.getByTestId('channel-configure-feishu').click();
  const panel = page.getByTestId('credtest-panel-feishu');
  await panel.getByTestId('credtest-to-feishu').fill('alice@example.com');
  await panel.getByTestId('credtest-run-feishu').click();

  await expect(panel.getByTestId('credtest-state-feishu')).toHaveAttribute('data-state', 'failed');
  await expect(panel.getByTestId('credtest-step-feishu-token')).toHaveAttribute('data-status', 'pass');
  await expect(panel.getByTestId('credtest-step-feishu-permission')).toHaveAttribute('data-status', 'fail');
  const diagnosis = panel.getByTestId('credtest-diagnosis-feishu-permission');
  await expect(diagnosis).toContainText('[99991672]');
  await expect(diagnosis).toContainText(`Missing permission: ${FEISHU_SCOPES.lookup}`);
  await expect(diagnosis).toContainText('publish a new app version');
  await expect(panel.getByTestId('credtest-step-feishu-send')).toHaveAttribute('data-status', 'skipped');
  expect(fake.delivered).toHaveLength(0);
  await expect(page.locator('body')).not.toContainText(SECRET);

  // The admin grants the scope on the platform and runs the test again.
  fake.setScopes(APP, [FEISHU_SCOPES.lookup, 'im:message']);
  await panel.getByTestId('credtest-run-feishu').click();
  await expect(panel.getByTestId('credtest-state-feishu')).toHaveAttribute('data-state', 'passed');
  for (const step of ['config', 'reachable', 'token', 'permission', 'recipient', 'send']) {
    await expect(panel.getByTestId(`credtest-step-feishu-${step}`)).toHaveAttribute('data-status', 'pass');
  }
  expect(fake.delivered).toHaveLength(1);
  // A card whose "Open DMS" button the admin taps on a phone (setup guide, last step).
  expect(fake.delivered[0]).toMatchObject({ recipient: openIdFor(APP, 'u1'), msgType: 'interactive' });
  expect(fake.delivered[0]!.links).toEqual([
    expect.objectContaining({ at: 'button', label: 'Open DMS / 打开 DMS', url: `https://applink.feishu.cn/client/web_app/open?appId=${APP}` }),
  ]);

  // The card shows the last result.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('channel-last-test-feishu')).toHaveAttribute('data-ok', 'true');
  const listed = await server.api('channels.list', {});
  expect(listed.channels.find((c) => c.channel === 'feishu')?.lastTest?.ok).toBe(true);
});

test('credential test with a wrong secret says so, and passes once the secret is fixed', async ({ page, server }) => {
  fake.setScopes(APP, [FEISHU_SCOPES.lookup, 'im:message']);
  await server.api('channels.save', feishuOnFake(fake, APP, 'wrong-secret-value-1'));
  await server.open(page, '/channels');
  await page.getByTestId('channel-configure-feishu').click();
  const panel = page.getByTestId('credtest-panel-feishu');
  await panel.getByTestId('credtest-run-feishu').click();
  await expect(panel.getByTestId('credtest-diagnosis-feishu-token')).toContainText('[10014]');

  await server.api('channels.save', feishuOnFake(fake, APP, SECRET));
  await panel.getByTestId('credtest-run-feishu').click();
  await expect(panel.getByTestId('credtest-state-feishu')).toHaveAttribute('data-state', 'passed');
  await expect(panel.getByTestId('credtest-step-feishu-send')).toHaveAttribute('data-status', 'skipped');
});
