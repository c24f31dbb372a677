import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures.js';

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
