import { startFakeDms, type FakeDms } from '../fakes/dms-openapi.js';
import { openIdFor, startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { expect, feishuReady, test } from './fixtures.js';

const AK_SECRET = 'e2e-users-dms-secret-value';
const APP = 'cli_e2eusersdms00001';
const APP_SECRET = 'e2e-users-dms-feishu-secret';
let dms: FakeDms;
let feishu: FakeServer;

test.beforeEach(async () => {
  dms = await startFakeDms({
    tid: 3000,
    keys: [{ id: 'LTAIe2eUsers', secret: AK_SECRET, actions: '*' }],
    users: [
      { userId: '11', uid: '200000000000011', nickName: 'Sam', email: 'sam@example.com' },
      { userId: '12', uid: '200000000000012', nickName: 'Nora', email: 'nora@example.com' },
      // Refused by the Users form, so skipped and reported, never stored.
      { userId: '13', uid: 'chat:oc_team', nickName: 'Not A Person', email: 'team@example.com' },
    ],
  });
  feishu = await startFeishuFake({
    apps: [{ appId: APP, secret: APP_SECRET, scopes: ['im:message', 'contact:user.id:readonly'], users: [{ id: 'sam', email: 'sam@example.com' }] }],
  });
});
test.afterEach(async () => {
  await dms.close();
  await feishu.close();
});

test('Import from DMS fills the Users table and looks everyone up, in one click', async ({ page, server }) => {
  await feishuReady(server, feishu, APP, APP_SECRET);
  await server.api('dms.saveConnection', { region: 'cn-hangzhou', tid: 3000, accessKeyId: 'LTAIe2eUsers', accessKeySecret: AK_SECRET, endpoint: dms.endpoint });

  await server.open(page, '/users');
  await page.getByTestId('users-import-dms').click();
  await page.getByTestId('users-dms-run').click();
  const report = page.getByTestId('users-dms-report');
  await expect(report).toContainText('added 2');
  await expect(page.getByTestId('users-dms-lookup-feishu')).toContainText('found 1 · no such person 1');
  await expect(page.getByTestId('users-dms-invalid')).toContainText('Not imported, 1 user(s) with values the Users form refuses');
  await expect(page.getByTestId('users-dms-invalid')).toContainText('Not A Person (chat:oc_team): uid: Not a DMS uid');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('user-resolution-200000000000011-feishu')).toHaveAttribute('data-status', 'found');
  await expect(page.getByTestId('user-resolution-200000000000012-feishu')).toHaveAttribute('data-status', 'not_found');
  const { users } = await server.api('users.list', {});
  expect(users.map((u) => u.uid).sort()).toEqual(['200000000000011', '200000000000012']);
  expect(users.find((u) => u.uid === '200000000000011')?.resolutions.feishu?.platformUserId).toBe(openIdFor(APP, 'sam'));
});
