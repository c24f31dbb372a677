import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page, Response } from '@playwright/test';
import type { ChannelId } from '../../shared/catalog/channels.js';
import { expect, selectOption, test, type Server } from './fixtures.js';

/** A fresh secret per run, long and random enough that finding it anywhere is never a coincidence. */
const newSecret = (tag: string) => `S3cr3t-${tag}-${randomBytes(12).toString('hex')}`;

interface ChannelCase {
  readonly id: ChannelId;
  readonly region: string;
  readonly values: Readonly<Record<string, string>>;
}

const CASES: readonly ChannelCase[] = [
  {
    id: 'dingtalk',
    region: 'cn-hangzhou',
    values: {
      appId: 'a1b2c3d4-e5f6',
      agentId: '3012345678',
      appKey: 'dingabc123xyz456',
      robotCode: 'dingabc123xyz456',
      cardTemplateId: 'f1e2d3c4-b5a6.schema',
    },
  },
  {
    id: 'dingtalk-enterprise',
    region: 'cn-hongkong',
    values: { appKey: 'dingent123456', robotCode: 'dingent123456', cardTemplateId: 'ent-card-01.schema', corpId: 'dingcorp0001' },
  },
  { id: 'feishu', region: 'ap-southeast-1', values: { appId: 'cli_a1b2c3d4e5f6a7b8' } },
  { id: 'lark', region: 'ap-northeast-1', values: { appId: 'cli_9z8y7x6w5v4u3t2s' } },
];

/** Every API answer body the page received, to prove no secret ever comes back. */
function recordApiResponses(page: Page): () => Promise<string[]> {
  const pending: Promise<string>[] = [];
  page.on('response', (res: Response) => {
    if (new URL(res.url()).pathname.startsWith('/api/')) pending.push(res.text().catch(() => ''));
  });
  return () => Promise.all(pending);
}

/** Every file in the data folder (settings, outbox, backups), as bytes. */
function dataFolderBytes(dir: string): Buffer[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f));
}

async function configure(page: Page, c: ChannelCase, secret: string | null, enable: boolean): Promise<void> {
  await page.getByTestId(`channel-configure-${c.id}`).click();
  const form = page.getByTestId(`channel-form-${c.id}`);
  await expect(form).toBeVisible();
  await selectOption(form, 'form-region', c.region);
  for (const [field, value] of Object.entries(c.values)) await form.getByTestId(`field-${field}`).fill(value);
  if (secret !== null) await form.getByTestId('field-appSecret').fill(secret);
  if (enable) await form.getByTestId('form-enabled').click();
  await form.getByTestId('channel-save').click();
}

async function closeDrawer(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(page.locator('.ant-drawer-open')).toHaveCount(0);
}

test('configure all four channels through the UI; after a reload values persist and secrets are only "set"', async ({ page, server }) => {
  const responses = recordApiResponses(page);
  const secrets = new Map(CASES.map((c) => [c.id, newSecret(c.id)]));
  await server.open(page, '/channels');

  for (const c of CASES) {
    await expect(page.getByTestId(`channel-status-${c.id}`)).toHaveAttribute('data-status', 'not-configured');
    await configure(page, c, secrets.get(c.id)!, true);
    await expect(page.getByTestId(`channel-status-${c.id}`)).toHaveAttribute('data-status', 'enabled');
    // The typed secret leaves the input as soon as it is saved.
    const form = page.getByTestId(`channel-form-${c.id}`);
    await expect(form.getByTestId('field-appSecret')).toHaveValue('');
    await expect(form.getByTestId('secret-status-appSecret')).toHaveAttribute('data-secret-set', 'true');
    await closeDrawer(page);
  }

  await page.reload();
  for (const c of CASES) {
    await expect(page.getByTestId(`channel-status-${c.id}`)).toHaveAttribute('data-status', 'enabled');
    await expect(page.getByTestId(`secret-status-${c.id}-appSecret`)).toHaveAttribute('data-secret-set', 'true');
    await page.getByTestId(`channel-configure-${c.id}`).click();
    const form = page.getByTestId(`channel-form-${c.id}`);
    for (const [field, value] of Object.entries(c.values)) await expect(form.getByTestId(`field-${field}`)).toHaveValue(value);
    await expect(form.getByTestId('field-appSecret')).toHaveValue('');
    await expect(form.getByTestId('secret-status-appSecret')).toContainText(/Set · changed/);
    await expect(form.getByTestId('form-region')).toContainText(c.region);
    await closeDrawer(page);
  }

  // The secrets are stored (the services report them set) and nowhere the UI or a file can show them.
  const html = await page.content();
  const bodies = (await responses()).join('\n');
  const files = dataFolderBytes(server.dataDir);
  expect(files.length).toBeGreaterThan(0);
  expect(readFileSync(join(server.dataDir, 'settings.json'), 'utf8')).toContain('cli_a1b2c3d4e5f6a7b8');
  for (const secret of secrets.values()) {
    expect(html).not.toContain(secret);
    expect(bodies).not.toContain(secret);
    for (const bytes of files) expect(bytes.includes(secret)).toBe(false);
  }
  const listed = await server.api('channels.list', {});
  for (const ch of listed.channels) expect(ch.secrets.appSecret?.set).toBe(true);
});

test('leaving the secret empty keeps the saved one; typing replaces it', async ({ page, server }) => {
  const c = CASES[2]!;
  await server.open(page, '/channels');
  await configure(page, c, newSecret('first'), false);
  await expect(page.getByTestId(`channel-status-${c.id}`)).toHaveAttribute('data-status', 'configured');
  const first = (await server.api('channels.get', { channel: c.id })).secrets.appSecret?.changedAt;
  expect(first).toBeTruthy();

  const form = page.getByTestId(`channel-form-${c.id}`);
  await form.getByTestId('field-appId').fill('cli_0000111122223333');
  await form.getByTestId('channel-save').click();
  await expect.poll(async () => (await server.api('channels.get', { channel: c.id })).values.appId).toBe('cli_0000111122223333');
  expect((await server.api('channels.get', { channel: c.id })).secrets.appSecret?.changedAt).toBe(first);

  await form.getByTestId('field-appSecret').fill(newSecret('second'));
  await form.getByTestId('channel-save').click();
  await expect.poll(async () => (await server.api('channels.get', { channel: c.id })).secrets.appSecret?.changedAt).not.toBe(first);
});

test('enabling without the AppSecret shows a field error and saves nothing', async ({ page, server }) => {
  const saves: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/channels.save') || r.url().includes('/api/channels.setEnabled')) saves.push(r.url());
  });
  await server.open(page, '/channels');
  const c = CASES[2]!;
  await configure(page, c, null, true);

  const form = page.getByTestId(`channel-form-${c.id}`);
  await expect(form.getByText('AppSecret is required to enable this channel.')).toBeVisible();
  expect(saves).toEqual([]);
  const stored = await server.api('channels.get', { channel: c.id });
  expect(stored).toMatchObject({ enabled: false, region: null, values: {}, status: 'not-configured' });
});

test('a malformed base URL shows a field error and saves nothing', async ({ page, server }) => {
  await server.open(page, '/channels');
  await page.getByTestId('channel-configure-dingtalk-enterprise').click();
  const form = page.getByTestId('channel-form-dingtalk-enterprise');
  await form.getByTestId('field-appKey').fill('dingent123456');
  await form.getByTestId('advanced-toggle').click();
  await form.getByTestId('baseurl-apiBaseUrl').fill('api.corp.example/v1');
  await form.getByTestId('channel-save').click();

  await expect(form.getByText(/Enter an http\(s\) URL without a path/)).toBeVisible();
  const stored = await server.api('channels.get', { channel: 'dingtalk-enterprise' });
  expect(stored.values).toEqual({});
  expect(stored.baseUrls.apiBaseUrl?.overridden).toBe(false);

  // A valid private-domain override is accepted and shown again after a reload.
  await form.getByTestId('baseurl-apiBaseUrl').fill('https://api.corp.example');
  // The error leaves as soon as the address is valid. Waiting for it also keeps the click off a Save button
  // that is still sliding up as the message collapses (a press and release on two spots is no click).
  await expect(form.getByText(/Enter an http\(s\) URL without a path/)).toHaveCount(0);
  await form.getByTestId('channel-save').click();
  await expect
    .poll(async () => (await server.api('channels.get', { channel: 'dingtalk-enterprise' })).baseUrls.apiBaseUrl)
    .toMatchObject({
      url: 'https://api.corp.example',
      overridden: true,
    });
});

test('Message links: a ticket link pattern off the DMS host is refused in the form; a valid one and the micro-app choice are saved', async ({
  page,
  server,
}) => {
  await server.api('channels.save', { channel: 'dingtalk', region: 'cn-hangzhou', values: { agentId: '3000123' } });
  await server.open(page, '/channels');
  await page.getByTestId('channel-configure-dingtalk').click();
  const form = page.getByTestId('channel-form-dingtalk');
  await form.getByTestId('links-toggle').click();
  await expect(form.getByTestId('links-unverified')).toContainText('app_id');
  // Without CorpId the DMS app form cannot be chosen.
  await expect(form.getByRole('radio', { name: /The DMS app/ })).toBeDisabled();
  await form.getByTestId('links-pattern').fill('https://evil.example/{{ticket_id}}');
  await form.getByTestId('channel-save').click();
  await expect(form.getByText(/start it with https:\/\/dms-cn-hangzhou\.alibabacloud\.com\//)).toBeVisible();
  expect((await server.api('channels.get', { channel: 'dingtalk' })).links.ticketLinkPattern).toBe('');

  await form.getByTestId('links-pattern').fill('https://dms-cn-hangzhou.alibabacloud.com/order/{{ticket_id}}');
  await form.getByTestId('field-corpId').fill('dingcorp0001');
  await form.getByRole('radio', { name: /The DMS app/ }).check();
  await expect(form.getByText(/start it with/)).toHaveCount(0);
  await form.getByTestId('channel-save').click();
  await expect
    .poll(async () => (await server.api('channels.get', { channel: 'dingtalk' })).links)
    .toMatchObject({ ticketLinkPattern: 'https://dms-cn-hangzhou.alibabacloud.com/order/{{ticket_id}}', dingtalkOpen: 'micro-app' });
});

test('the card switch refuses to enable an unconfigured channel and marks the missing fields', async ({ page, server }) => {
  await server.open(page, '/channels');
  await page.getByTestId('channel-enable-lark').click();
  const form = page.getByTestId('channel-form-lark');
  await expect(form).toBeVisible();
  await expect(form.locator('.ant-form-item-explain-error').first()).toBeVisible();
  expect((await server.api('channels.get', { channel: 'lark' })).enabled).toBe(false);
});

/** Regenerates docs/screenshot.png for the README when UPDATE_SCREENSHOT=1; always writes .tmp/. */
test('screenshot of the Channels page', async ({ page, server }) => {
  await seedForScreenshot(server);
  await server.open(page, '/channels');
  await expect(page.getByTestId('channel-status-feishu')).toHaveAttribute('data-status', 'enabled');
  const root = resolve(import.meta.dirname, '../..');
  const shot = join(root, '.tmp', 'screenshot.png');
  await page.screenshot({ path: shot, animations: 'disabled' });
  if (process.env['UPDATE_SCREENSHOT'] === '1') {
    mkdirSync(join(root, 'docs'), { recursive: true });
    copyFileSync(shot, join(root, 'docs', 'screenshot.png'));
  }
});

async function seedForScreenshot(server: Server): Promise<void> {
  const dt = CASES[0]!;
  await server.api('channels.save', { channel: 'dingtalk', region: 'cn-hangzhou', values: { ...dt.values }, secrets: { appSecret: newSecret('shot') } });
  await server.api('channels.save', {
    channel: 'feishu',
    region: 'ap-southeast-1',
    values: { appId: 'cli_a1b2c3d4e5f6a7b8' },
    secrets: { appSecret: newSecret('shot') },
  });
  await server.api('channels.setEnabled', { channel: 'feishu', enabled: true });
  await server.api('channels.save', { channel: 'lark', region: 'ap-northeast-1', values: { appId: 'cli_9z8y7x6w5v4u3t2s' } });
}
