import { expect, test } from './fixtures.js';

const CSV = ['uid,name,mobile,email', '2001,Alice,13800000001,alice@example.com', '2002,Bob,phone?,bob@example.com', '2003,Carol,,carol@example.com'].join(
  '\n',
);

test('CSV import with one bad row reports that row and imports the others', async ({ page, server }) => {
  await server.open(page, '/users');
  await expect(page.getByTestId('page-users')).toBeVisible();
  await page.getByTestId('users-import').click();
  await page.getByTestId('users-csv-text').fill(CSV);
  await page.getByTestId('users-csv-run').click();

  const report = page.getByTestId('users-csv-report');
  await expect(report).toContainText('2 added, 0 updated');
  await expect(page.getByTestId('users-csv-error-3')).toContainText('Row 3: mobile number is invalid');
  await expect(report.locator('[data-testid^="users-csv-error-"]')).toHaveCount(1);

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('user-row-2001')).toBeVisible();
  await expect(page.getByTestId('user-row-2003')).toBeVisible();
  await expect(page.getByTestId('user-row-2002')).toHaveCount(0);
  const { users } = await server.api('users.list', {});
  expect(users.map((u) => u.uid)).toEqual(['2001', '2003']);
});

test('add and edit a user in the form', async ({ page, server }) => {
  await server.open(page, '/users');
  await page.getByTestId('users-add').click();
  await page.getByTestId('user-form-uid').fill('3001');
  await page.getByTestId('user-form-name').fill('Dave');
  await page.getByTestId('user-form-email').fill('dave@example.com');
  await page.getByTestId('user-form-save').click();
  await expect(page.getByTestId('user-row-3001')).toContainText('dave@example.com');

  await page.getByTestId('user-edit-3001').click();
  await page.getByTestId('user-form-mobile').fill('13900000001');
  await page.getByTestId('user-form-save').click();
  await expect(page.getByTestId('user-row-3001')).toContainText('13900000001');
});
