import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { InboxView } from '../../shared/contract/inbox.js';
import { AppError } from '../../shared/errors.js';
import { createHandlers } from '../../electron/services/api/index.js';
import { dispatch } from '../../electron/services/api/dispatch.js';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import { createRoutesListener } from '../../electron/services/net/routes.js';
import { recordInboxOrigin } from '../../electron/services/delivery/inbox/hook-route.js';
import { signedHeaders } from '../../electron/services/delivery/inbox/signature.js';
import { vaultKeys } from '../../electron/services/vault/secret-store.js';
import { dmsBody } from './delivery-harness.js';

const SECRET = 'inbox-signing-secret-do-not-leak-7f3a';
let dir: string;
let services: AppServices;
let server: http.Server;
let origin: string;
/** Every answer and error body the contract gave, to check that the secret never appears. */
const outputs: string[] = [];

async function call<T = InboxView>(name: string, input: unknown = {}): Promise<T> {
  try {
    const out = await dispatch(createHandlers(services), name, input, { transport: 'cli' });
    outputs.push(JSON.stringify(out));
    return out as T;
  } catch (err) {
    if (err instanceof AppError) outputs.push(JSON.stringify(err.toBody()), err.message);
    throw err;
  }
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'dms-event': 'Message Hook', ...headers } });
  outputs.push(await res.text());
  return res.status;
}

const settingsBytes = (): string => readFileSync(path.join(dir, 'settings.json'), 'utf8');

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-inbox-settings-'));
  services = await createAppServices({ dataDir: dir, mode: 'cli' });
  server = http.createServer(createRoutesListener([services.delivery.hookRoute]));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // What `serve` does once its listener is up.
  recordInboxOrigin(services.settings, origin);
});

afterAll(async () => {
  await new Promise<void>((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });
  await services.vault.delete(vaultKeys.inboxSigningSecret);
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await call('inbox.clearSigningSecret');
});

it('shows the URL that `inbox-url` prints, the header, and no secret', async () => {
  const view = await call('inbox.get');
  const token = services.settings.read().inbox.token;
  expect(view).toEqual({
    url: `${origin}/hooks/dms/${token}`,
    requireSignature: false,
    signingSecret: { set: false, changedAt: null },
    signatureHeader: 'x-channel-desk-signature',
    timestampHeader: 'x-channel-desk-timestamp',
  });
  expect(await post(view.url!, JSON.stringify(dmsBody()))).toBe(202);
});

it('refuses to require signatures without a secret, and saves nothing', async () => {
  const before = settingsBytes();
  await expect(call('inbox.save', { requireSignature: true })).rejects.toMatchObject({
    code: 'BAD_INPUT',
    issues: [expect.objectContaining({ path: 'signingSecret' })],
  });
  await expect(call('inbox.save', { requireSignature: true, signingSecret: '   ' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  // Too short a secret: refused with the field named, and the policy in the same call not applied.
  await expect(call('inbox.save', { requireSignature: true, signingSecret: 'short' })).rejects.toMatchObject({
    issues: [expect.objectContaining({ path: 'signingSecret' })],
  });
  expect(settingsBytes()).toBe(before);
  expect(await services.vault.has(vaultKeys.inboxSigningSecret)).toBe(false);
  expect(await call('inbox.get')).toMatchObject({ requireSignature: false, signingSecret: { set: false } });
});

it('with a secret and signatures required: unsigned → 401, wrongly signed → 401, signed → 202', async () => {
  const saved = await call('inbox.save', { signingSecret: SECRET, requireSignature: true });
  expect(saved.requireSignature).toBe(true);
  expect(saved.signingSecret.set).toBe(true);
  expect(Date.parse(saved.signingSecret.changedAt!)).not.toBeNaN();
  expect(await services.vault.get(vaultKeys.inboxSigningSecret)).toBe(SECRET);

  const body = JSON.stringify(dmsBody());
  expect(await post(saved.url!, body)).toBe(401);
  expect(await post(saved.url!, body, signedHeaders('some-other-secret-123', body))).toBe(401);
  expect(await post(saved.url!, body, signedHeaders(SECRET, body))).toBe(202);

  // An empty secret keeps the stored one; turning the requirement off lets unsigned bodies in again.
  const kept = await call('inbox.save', { signingSecret: '', requireSignature: false });
  expect(kept.signingSecret).toEqual(saved.signingSecret);
  expect(await services.vault.get(vaultKeys.inboxSigningSecret)).toBe(SECRET);
  expect(await post(saved.url!, JSON.stringify(dmsBody()))).toBe(202);

  // Requiring again needs no secret in the call: one is stored.
  expect((await call('inbox.save', { requireSignature: true })).requireSignature).toBe(true);
  expect(await post(saved.url!, JSON.stringify(dmsBody()))).toBe(401);

  // Clearing removes the secret and the requirement together.
  const cleared = await call('inbox.clearSigningSecret');
  expect(cleared).toMatchObject({ requireSignature: false, signingSecret: { set: false, changedAt: null } });
  expect(await services.vault.has(vaultKeys.inboxSigningSecret)).toBe(false);
  expect(await post(saved.url!, JSON.stringify(dmsBody()))).toBe(202);
});

it('rotating the token: the old URL answers 404 at once, the new one 202', async () => {
  const oldUrl = (await call('inbox.get')).url!;
  const rotated = await call('inbox.rotateToken');
  expect(rotated.url).not.toBe(oldUrl);
  expect(rotated.url!.startsWith(`${origin}/hooks/dms/`)).toBe(true);
  expect(rotated.url).toBe(`${origin}/hooks/dms/${services.settings.read().inbox.token}`);
  expect(await post(oldUrl, JSON.stringify(dmsBody()))).toBe(404);
  expect(await post(rotated.url!, JSON.stringify(dmsBody()))).toBe(202);
  expect((await call('inbox.get')).url).toBe(rotated.url);
});

it('never puts the secret in an output or in settings.json', async () => {
  await call('inbox.save', { signingSecret: SECRET, requireSignature: true });
  await call('inbox.get');
  await call('inbox.rotateToken');
  await expect(call('inbox.save', { signingSecret: `${SECRET.slice(0, 5)}` })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  expect(settingsBytes()).not.toContain(SECRET);
  expect(settingsBytes()).toContain(vaultKeys.inboxSigningSecret); // its "changed at" is there
  expect(outputs.length).toBeGreaterThan(10);
  for (const out of outputs) expect(out).not.toContain(SECRET);
});
