import { readFileSync } from 'node:fs';
import { startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { expect, test, feishuReady } from './fixtures.js';

const APP = 'cli_usersscale0a1b2c3';
const SECRET = 'users-scale-secret-value';

let fake: FakeServer;
test.beforeEach(async () => {
  fake = await startFeishuFake({
    apps: [
      {
        appId: APP,
        secret: SECRET,
        scopes: ['im:message', 'contact:user.id:readonly'],
        users: [
          { id: 'u1', email: 'user7@example.com' },
          { id: 'u2', email: 'user8@example.com' },
          { id: 'u3', email: 'user9@example.com' },
        ],
      },
    ],
  });
});
test.afterEach(async () => {
  await fake.close();
});

const csv = (n: number) =>
  ['uid,name,mobile,email', ...Array.from({ length: n }, (_, i) => `${1000 + i},User ${String(i).padStart(3, '0')},,user${i}@example.com`)].join('\n');

test('120 users: search, sort, select some, look them up, delete them', async ({ page, server }) => {
  await feishuReady(server, fake, APP, SECRET, 'ap-southeast-1');
  await server.api('users.importCsv', { csv: csv(120) });
  await server.open(page, '/users');

  await page.getByTestId('users-search').locator('input').fill('user10@example');
  await expect(page.locator('[data-testid^="user-row-"]')).toHaveCount(1);
  await expect(page.getByTestId('user-row-1010')).toBeVisible();
  // Every word must match, anywhere: "User 042" by name, uid 1042.
  await page.getByTestId('users-search').locator('input').fill('042 user');
  await expect(page.locator('[data-testid^="user-row-"]')).toHaveCount(1);
  await expect(page.getByTestId('user-row-1042')).toBeVisible();
  await page.getByTestId('users-search').locator('input').fill('nobody-like-this');
  await expect(page.getByTestId('users-table')).toContainText('No user matches “nobody-like-this”.');
  await page.getByTestId('users-search').locator('input').fill('');

  // Sort by name, descending: User 119 first.
  const nameHeader = page.getByTestId('users-table').locator('th', { hasText: 'Name' });
  await nameHeader.click();
  await nameHeader.click();
  await expect(page.locator('[data-testid^="user-row-"]').first()).toHaveAttribute('data-testid', 'user-row-1119');

  await page.getByTestId('users-search').locator('input').fill('User 00');
  await expect(page.getByTestId('user-row-1007')).toBeVisible();
  for (const uid of ['1007', '1008', '1009']) await page.getByTestId(`user-row-${uid}`).getByRole('checkbox').check();
  await expect(page.getByTestId('users-bulk')).toContainText('3 selected');

  await page.getByTestId('users-bulk-resolve').click();
  for (const uid of ['1007', '1008', '1009']) await expect(page.getByTestId(`user-resolution-${uid}-feishu`)).toHaveAttribute('data-status', 'found');
  // Everyone else was looked up in the background when imported: 1006 is not in the fake's directory.
  await expect(page.getByTestId('user-resolution-1006-feishu')).toHaveAttribute('data-status', 'not_found');

  await page.getByTestId('users-bulk-delete').click();
  await page
    .locator('.ant-popconfirm')
    .getByRole('button', { name: /OK|Yes|确定/ })
    .click();
  await expect(page.getByTestId('user-row-1007')).toHaveCount(0);
  const { users } = await server.api('users.list', {});
  expect(users).toHaveLength(117);
  expect(users.map((u) => u.uid)).not.toContain('1008');
  expect(users.map((u) => u.uid)).toContain('1006');
});

test('the form says the mobile and e-mail rules while typing, before anything is sent', async ({ page, server }) => {
  await server.open(page, '/users');
  await page.getByTestId('users-add').click();
  const form = page.getByTestId('user-form');
  await expect(form).toContainText('Digits, optionally starting with + (country code)');
  await page.getByTestId('user-form-uid').fill('5001');
  await page.getByTestId('user-form-mobile').fill('phone?');
  await page.getByTestId('user-form-email').fill('not-an-address');
  let upserts = 0;
  page.on('request', (r) => {
    if (r.url().endsWith('/api/users.upsert')) upserts++;
  });
  await page.getByTestId('user-form-save').click();
  await expect(form).toContainText('Not a mobile number');
  await expect(form).toContainText('Not an e-mail address');
  expect(upserts).toBe(0);
  // Neither given: the service's answer, in words, under the field; never a field path or a raw code.
  await page.getByTestId('user-form-mobile').fill('');
  await page.getByTestId('user-form-email').fill('');
  // The field errors go as the fields are cleared, and Save moves up with them: click it where it ends up.
  await expect(form).not.toContainText('Not a mobile number');
  await expect(form).not.toContainText('Not an e-mail address');
  await page.getByTestId('user-form-save').click();
  await expect(form).toContainText('Enter a mobile number or an e-mail');
  await expect(page.locator('.ant-notification')).toContainText('Some values need fixing');
  await expect(page.locator('body')).not.toContainText('user.mobile');
  await expect(page.locator('body')).not.toContainText('Invalid input');
  await page.getByTestId('user-form-mobile').fill('+86 138 0000 0001');
  await page.getByTestId('user-form-email').fill('dave@example.com');
  await expect(form).not.toContainText('Enter a mobile number or an e-mail');
  await page.getByTestId('user-form-save').click();
  await expect(page.getByTestId('user-row-5001')).toBeVisible();
});

test('the CSV template downloads and imports as it is', async ({ page, server }) => {
  await server.open(page, '/users');
  await page.getByTestId('users-import').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('users-csv-template').click()]);
  expect(download.suggestedFilename()).toBe('users-template.csv');
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text.split(/\r?\n/)[0]).toBe('uid,name,mobile,email');
  await page.getByTestId('users-csv-text').fill(text);
  await page.getByTestId('users-csv-run').click();
  await expect(page.getByTestId('users-csv-report')).toContainText('1 added, 0 updated');
});

test('when the service fails the page says so with Retry, and loading never shows "No users yet"', async ({ page, server }) => {
  await server.api('users.upsert', { user: { uid: '3001', name: 'Alice', email: 'alice@example.com' } });
  let fail = true;
  let release: () => void = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/api/users.list', async (route) => {
    if (fail) return route.abort('connectionrefused');
    await held;
    return route.continue();
  });
  await server.open(page, '/users');
  await expect(page.getByTestId('error-alert')).toBeVisible();
  await expect(page.getByTestId('page-users')).not.toContainText('No users yet');

  fail = false;
  await page.getByTestId('error-alert').getByText('Retry').click();
  // The answer is held back: the table is loading and must not claim the list is empty.
  await expect(page.getByTestId('page-users').locator('[aria-busy="true"]')).toHaveCount(1);
  await expect(page.getByTestId('users-table')).toBeVisible();
  await expect(page.getByTestId('page-users')).not.toContainText('No users yet');
  release();
  await expect(page.getByTestId('user-row-3001')).toBeVisible();
  await expect(page.getByTestId('error-alert')).toHaveCount(0);
});
