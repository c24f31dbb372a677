import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { startPrivateKeyring, type PrivateKeyring } from '../integration/keyring-lock.js';
import { expect, test } from './fixtures.js';

// Issue 10: what the admin sees when an address moves away from a stored secret, and when the keychain locks.

test('moving a base URL to another host asks for the AppSecret again, in the form and on save', async ({ page, server }) => {
  await server.api('channels.save', {
    channel: 'feishu',
    region: 'cn-hangzhou',
    values: { appId: 'cli_a1b2c3d4e5f6a7b8' },
    secrets: { appSecret: 'FS-secret-e2e-0001' },
    baseUrls: {},
  });
  await server.open(page, '/channels');
  await page.getByTestId('channel-configure-feishu').click();
  const form = page.getByTestId('channel-form-feishu');
  await form.getByTestId('advanced-toggle').click();

  // Plain http to a remote host is refused in the form.
  await form.getByTestId('baseurl-apiBaseUrl').fill('http://open.example.net');
  await form.getByTestId('channel-save').click();
  await expect(form.getByText(/plain http:\/\/ is allowed only for 127\.0\.0\.1/)).toBeVisible();

  await form.getByTestId('baseurl-apiBaseUrl').fill('https://open.example.net');
  await expect(form.getByTestId('secret-moved-notice')).toContainText('https://open.example.net');
  await form.getByTestId('channel-save').click();
  await expect(form.getByText(/enter AppSecret again/)).toBeVisible();
  expect((await server.api('channels.get', { channel: 'feishu' })).baseUrls.apiBaseUrl?.overridden).toBe(false);

  await form.getByTestId('field-appSecret').fill('FS-secret-e2e-0002');
  await expect(form.getByTestId('secret-moved-notice')).toHaveCount(0);
  await form.getByTestId('channel-save').click();
  await expect
    .poll(async () => (await server.api('channels.get', { channel: 'feishu' })).baseUrls.apiBaseUrl)
    .toMatchObject({ url: 'https://open.example.net', overridden: true });
});

/** `serve` on a private keyring (its own D-Bus session), so locking it cannot disturb parallel tests. */
async function serveOnPrivateKeyring(keyring: PrivateKeyring, dataDir: string) {
  // stdout is a pipe, so serve prints the token redacted; the full one is in the 0600 token file.
  const tokenFile = `${dataDir}.token.json`;
  const child = spawn(process.execPath, ['bin/channel-desk.js', 'serve', '--port', '0', '--data-dir', dataDir, '--token-file', tokenFile], {
    cwd: resolve(import.meta.dirname, '../..'),
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: keyring.address },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise<{ url: string; port: number; token: string }>((ok, fail) => {
    createInterface({ input: child.stdout }).once('line', () =>
      ok(JSON.parse(readFileSync(tokenFile, 'utf8')) as { url: string; port: number; token: string }),
    );
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}`)));
  });
  const api = async (method: string, input: unknown) =>
    fetch(`http://127.0.0.1:${ready.port}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ready.token}` },
      body: JSON.stringify(input),
    });
  const stop = async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return { ready, api, stop };
}

test('a keychain locked while running shows the app-wide banner with the fix; it goes away once unlocked', async ({ page }) => {
  const keyring = await startPrivateKeyring();
  const dataDir = mkdtempSync(join(tmpdir(), 'cd-e2e-kc-'));
  const server = await serveOnPrivateKeyring(keyring, dataDir);
  try {
    const feishu = { channel: 'feishu', region: 'cn-hangzhou', values: { appId: 'cli_a1b2c3d4e5f6a7b8' }, baseUrls: {} };
    expect((await server.api('channels.save', { ...feishu, secrets: { appSecret: 'FS-secret-e2e-0003' } })).status).toBe(200);
    await page.goto(server.ready.url);
    await expect(page.getByTestId('page-title')).not.toBeEmpty();
    await expect(page.getByTestId('vault-banner')).toHaveCount(0);

    await keyring.lock();
    // Anything that needs a secret meets the lock (here: a save); the banner follows on every page.
    expect((await server.api('channels.save', { ...feishu, secrets: { appSecret: 'FS-secret-e2e-0004' } })).status).toBe(503);
    const banner = page.getByTestId('vault-banner');
    await expect(banner).toBeVisible({ timeout: 15_000 });
    await expect(banner).toHaveAttribute('data-reason', 'keychain-locked');
    await expect(banner).toContainText('Unlock your login keyring');
    await page.getByTestId('nav-deliveries').click();
    await expect(banner).toBeVisible();
    // And in Chinese.
    expect((await server.api('app.setLanguage', { language: 'zh-CN' })).status).toBe(200);
    await page.reload();
    await expect(banner).toContainText('密钥暂不可用');
    await expect(banner).toContainText('请解锁登录密钥环');
    await page.screenshot({ path: test.info().outputPath('vault-banner-zh.png') });

    await keyring.unlock();
    await expect(page.getByTestId('vault-banner')).toHaveCount(0, { timeout: 45_000 });
  } finally {
    await server.stop();
    await keyring.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
