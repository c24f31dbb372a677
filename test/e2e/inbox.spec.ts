import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signedHeaders } from '../../electron/services/delivery/inbox/signature.js';
import { dmsBody } from '../integration/delivery-harness.js';
import { expect, test } from './fixtures.js';

const SECRET = 'e2e-inbox-signing-secret-do-not-leak';

async function postEvent(url: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'dms-event': 'Message Hook', ...headers } });
  await res.body?.cancel();
  return res.status;
}

test('see the inbox URL, set a signing secret and require signatures, rotate the URL', async ({ page, server }) => {
  await server.open(page, '/settings');
  const card = page.getByTestId('inbox-card');
  // `serve` without --inbox-host serves the hook on its own loopback origin.
  const url = await card.getByTestId('inbox-url').innerText();
  expect(url).toMatch(new RegExp(`^${server.origin}/hooks/dms/[A-Za-z0-9_-]{32}$`));
  expect(url).toBe((await server.api('inbox.get', {})).url);
  await expect(card.getByTestId('inbox-loopback')).toContainText('127.0.0.1');
  await expect(card.getByTestId('inbox-signature-header')).toContainText('x-channel-desk-signature: sha256=');
  await expect(card.getByTestId('secret-status-inbox-signing-secret')).toHaveAttribute('data-secret-set', 'false');

  // Requiring signatures without a secret is refused, with the reason under the secret field.
  await card.getByTestId('inbox-require').click();
  await card.getByTestId('inbox-save').click();
  await expect(card.locator('#inbox-settings_signingSecret_help')).toContainText('Set a signing secret before requiring signatures');
  expect((await server.api('inbox.get', {})).requireSignature).toBe(false);

  await card.getByTestId('inbox-secret').fill(SECRET);
  await card.getByTestId('inbox-save').click();
  await expect(card.getByTestId('secret-status-inbox-signing-secret')).toHaveAttribute('data-secret-set', 'true');
  await expect(card.getByTestId('inbox-secret')).toHaveValue('');

  await page.reload();
  await expect(card.getByTestId('secret-status-inbox-signing-secret')).toHaveAttribute('data-secret-set', 'true');
  await expect(card.getByTestId('secret-status-inbox-signing-secret')).toContainText('Set · changed');
  await expect(card.getByTestId('inbox-require')).toHaveAttribute('aria-checked', 'true');
  expect(await page.content()).not.toContain(SECRET);
  expect(readFileSync(join(server.dataDir, 'settings.json'), 'utf8')).not.toContain(SECRET);

  const body = JSON.stringify(dmsBody());
  expect(await postEvent(url, body)).toBe(401);
  expect(await postEvent(url, body, signedHeaders(SECRET, body))).toBe(202);

  // Rotate, confirmed: a new URL on the page, the old one is gone at once.
  await card.getByTestId('inbox-rotate').click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: 'OK' }).click();
  await expect(card.getByTestId('inbox-url')).not.toHaveText(url);
  const rotated = await card.getByTestId('inbox-url').innerText();
  const next = JSON.stringify(dmsBody());
  expect(await postEvent(url, next, signedHeaders(SECRET, next))).toBe(404);
  expect(await postEvent(rotated, next, signedHeaders(SECRET, next))).toBe(202);
});
