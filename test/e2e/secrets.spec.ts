import { keyringLocked, lockKeyring, unlockKeyring } from '../integration/keyring-lock.js';
import { expect, test } from './fixtures.js';

// Issue 10: what the admin sees when an address moves away from a stored secret, and when the keychain locks.

test('moving a base URL to another host asks for the AppSecret again, in the form and on save', async ({ page, server }) => {
  await server.api('channels.save', { channel: 'feishu', region: 'cn-hangzhou', values: { appId: 'cli_a1b2c3d4e5f6a7b8' }, secrets: { appSecret: 'FS-secret-e2e-0001' }, baseUrls: {} });
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

test('a keychain locked while running shows the app-wide banner with the fix; it goes away once unlocked', async ({ page, server }) => {
  await server.api('channels.save', { channel: 'feishu', region: 'cn-hangzhou', values: { appId: 'cli_a1b2c3d4e5f6a7b8' }, secrets: { appSecret: 'FS-secret-e2e-0003' }, baseUrls: {} });
  await server.open(page, '/channels');
  await expect(page.getByTestId('vault-banner')).toHaveCount(0);
  await lockKeyring();
  try {
    // Anything that needs a secret meets the lock (here: a save); the banner follows on every page.
    await server.post('channels.save', { channel: 'feishu', region: 'cn-hangzhou', values: { appId: 'cli_a1b2c3d4e5f6a7b8' }, secrets: { appSecret: 'FS-secret-e2e-0004' }, baseUrls: {} });
    const banner = page.getByTestId('vault-banner');
    await expect(banner).toBeVisible({ timeout: 15_000 });
    await expect(banner).toHaveAttribute('data-reason', 'keychain-locked');
    await expect(banner).toContainText('Unlock your login keyring');
    await page.getByTestId('nav-deliveries').click();
    await expect(banner).toBeVisible();
  } finally {
    if (await keyringLocked()) await unlockKeyring('pw');
  }
  await expect(page.getByTestId('vault-banner')).toHaveCount(0, { timeout: 45_000 });
});
