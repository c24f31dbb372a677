import { readFileSync } from 'node:fs';
import { expect, holdAnswers, test } from './fixtures.js';

const APP = 'cli_configfile0a1b2c3';
const SECRET = 'config-file-secret-value-01';

test('Settings exports the config without secrets; a bad file changes nothing and says where; a good one imports', async ({ page, server }) => {
  await server.api('channels.save', { channel: 'feishu', region: 'ap-southeast-1', values: { appId: APP }, secrets: { appSecret: SECRET } });
  await server.api('users.upsert', { user: { uid: '3001', name: 'Alice', email: 'alice@example.com' } });
  await server.open(page, '/settings');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('config-export').click()]);
  const exported = readFileSync((await download.path())!, 'utf8');
  expect(exported).not.toContain(SECRET);
  const file = JSON.parse(exported) as { channels: { feishu: { appId: string; secretsSet: string[] } }; users: { uid: string; name: string; email: string }[] };
  expect(file.channels.feishu.appId).toBe(APP);
  expect(file.channels.feishu.secretsSet).toEqual(['appSecret']);

  // A wrong AppId and a new user: nothing may be imported.
  const bad = structuredClone(file);
  bad.channels.feishu.appId = 'not-an-app-id';
  bad.users.push({ uid: '3002', name: 'Bob', email: 'bob@example.com' });
  await page.getByTestId('config-import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  const error = page.getByTestId('config-import-error');
  await expect(error).toContainText('channels › feishu › appId');
  await expect(error).not.toContainText('channels.feishu.appId');
  expect((await server.api('users.list', {})).users.map((u) => u.uid)).toEqual(['3001']);

  const good = structuredClone(file);
  good.users.push({ uid: '3002', name: 'Bob', email: 'bob@example.com' });
  await page.getByTestId('config-import-file').setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
  await expect(page.getByTestId('config-import-result')).toContainText('2 users');
  await expect(error).toHaveCount(0);
  expect((await server.api('users.list', {})).users.map((u) => u.uid).sort()).toEqual(['3001', '3002']);
  // The stored secret survived the import of a file whose secret is empty.
  const channel = await server.api('channels.get', { channel: 'feishu' });
  expect(JSON.stringify(channel)).toContain('"appSecret"');
});

for (const lang of ['en-US', 'zh-CN'] as const) {
  test(`${lang}: a bad file is explained in words with every did-you-mean at once; a good one is summed up in a sentence`, async ({ page, server }) => {
    const en = lang === 'en-US';
    await server.open(page, '/settings');
    // Chosen on the page, as the admin does.
    if (!en) await page.getByTestId('settings-language').getByText('中文').click();
    await expect(page.getByTestId('config-file-card')).toContainText(en ? 'Import configuration' : '导入配置');
    const bad = {
      version: 1,
      channels: { feishu: { enabled: 'yes', appSecert: '' } },
      rules: [{ module: 'Ticket', businessType: 'Data Exportin', status: 'Pending Approval', channels: ['feishu'] }],
    };
    await page.getByTestId('config-import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    const error = page.getByTestId('config-import-error');
    await expect(error).toContainText(en ? '`channels.feishu.enabled` must be true or false.' : '`channels.feishu.enabled` 必须是 true 或 false。');
    await expect(error).toContainText(en ? 'has an unknown key "appSecert" (did you mean "appSecret"?)' : '含有未知的键 "appSecert"（是否应为 "appSecret"？）');
    // The rule's misspelt business type is named in the same answer, not after the schema errors are fixed.
    await expect(error).toContainText(en ? 'did you mean "Data Exporting"?' : '您是否要输入 "Data Exporting"？');
    await expect(error).not.toContainText(/Invalid input|expected|received|无效输入|期望|实际接收/);
    // A sentence that names its place is not preceded by the place again.
    await expect(error).not.toContainText(en ? 'At channels › feishu › enabled' : '位置 channels › feishu › enabled');

    const good = { version: 1, users: [{ uid: '3001', name: 'Alice', email: 'alice@example.com' }] };
    await page.getByTestId('config-import-file').setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
    await expect(page.getByTestId('config-import-result')).toHaveText(
      en ? 'Imported 1 user. The file has no rules, so the stored rules stay as they were.' : '已导入 1 个用户。文件中没有规则，已有的规则保持不变。',
    );
  });
}

test("the import's answer stays on screen when the page's other cards arrive after it", async ({ page, server }) => {
  // The app info (keychain and data folder cards) answers only once the import has been answered.
  const release = await holdAnswers(page, 'app.info');
  await server.open(page, '/settings', { settle: false });
  await expect(page.getByTestId('config-file-card')).toContainText('Import configuration');
  const good = { version: 1, users: [{ uid: '3001', name: 'Alice', email: 'alice@example.com' }] };
  await page.getByTestId('config-import-file').setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
  const result = page.getByTestId('config-import-result');
  await expect(result).toContainText('Imported 1 user.');
  release();
  await expect(page.getByTestId('vault-status')).toBeVisible();
  await expect(result).toContainText('Imported 1 user.');
});

test('the config file card stays where it is while the app info arrives above it', async ({ page, server }) => {
  // The keychain and data folder cards (app info) sit above the config file card; their answer comes last.
  const release = await holdAnswers(page, 'app.info');
  await server.open(page, '/settings', { settle: false });
  // The other cards above it have their data.
  await expect(page.getByTestId('inbox-url')).toBeVisible();
  await expect(page.getByTestId('reminder-defaults-save')).toBeVisible();
  await expect(page.getByTestId('retention-save')).toBeVisible();
  const card = page.getByTestId('config-file-card');
  const before = await card.boundingBox();
  release();
  await expect(page.getByTestId('vault-status')).toBeVisible();
  await expect(page.getByTestId('data-dir')).toBeVisible();
  expect(await card.boundingBox()).toEqual(before);
});
