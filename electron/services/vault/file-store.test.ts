import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { createFileStore, VAULT_FILE_NAME } from './file-store.js';
import { createVault } from './index.js';

const PASS = 'correct horse battery staple';
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-vault-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});
const vaultFile = () => path.join(dir, VAULT_FILE_NAME);
/** At scrypt N = 2^10: these tests are about the file, not the key derivation's cost (file-store-upgrade.test.ts is). */
const store = (passphrase: string | undefined) => createFileStore({ dataDir: dir, passphrase, kdfN: 1024 });

async function reasonOf(p: Promise<unknown>): Promise<unknown> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('VAULT_UNAVAILABLE');
  return (err as AppError).details?.reason;
}

describe('encrypted-file vault', () => {
  it('round trip across reopen; file is 0600 and holds no plaintext', async () => {
    const a = store(PASS);
    expect(await a.status()).toMatchObject({ backend: 'encrypted-file', available: true, location: vaultFile() });
    await a.set('channel/feishu/appSecret', 'feishu-secret-value-1');
    await Promise.all([a.set('dms/accessKeySecret', 'dms-secret-value-2'), a.set('inbox/signingSecret', 'inbox-secret-3')]);
    expect(await a.get('channel/feishu/appSecret')).toBe('feishu-secret-value-1');
    expect(fs.statSync(vaultFile()).mode & 0o777).toBe(0o600);
    const bytes = fs.readFileSync(vaultFile(), 'utf8');
    for (const s of ['feishu-secret-value-1', 'dms-secret-value-2', 'inbox-secret-3', 'appSecret', PASS]) expect(bytes).not.toContain(s);

    const b = store(PASS);
    expect(await b.get('dms/accessKeySecret')).toBe('dms-secret-value-2');
    expect(await b.get('inbox/signingSecret')).toBe('inbox-secret-3');
    expect(await b.has('channel/lark/appSecret')).toBe(false);
    await b.delete('channel/feishu/appSecret');
    expect(await store(PASS).has('channel/feishu/appSecret')).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([VAULT_FILE_NAME]);
  });

  it('wrong passphrase: clear error, status says so, nothing read or overwritten', async () => {
    await store(PASS).set('k', 'value-123456');
    const before = fs.readFileSync(vaultFile());
    const wrong = store('not the passphrase at all');
    expect(await reasonOf(wrong.get('k'))).toBe('wrong-passphrase');
    expect(await reasonOf(wrong.set('k', 'other'))).toBe('wrong-passphrase');
    const status = await wrong.status();
    expect(status.available).toBe(false);
    expect(status.problem?.message.en).toMatch(/passphrase/);
    expect(status.problem?.fix.zh).toMatch(/口令/);
    expect(fs.readFileSync(vaultFile()).equals(before)).toBe(true);
  });

  it('tampered ciphertext or header: integrity error, never garbage', async () => {
    await store(PASS).set('k', 'value-123456');
    const envelope = JSON.parse(fs.readFileSync(vaultFile(), 'utf8'));
    const data = Buffer.from(envelope.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 1;
    fs.writeFileSync(vaultFile(), JSON.stringify({ ...envelope, data: data.toString('base64') }));
    expect(await reasonOf(store(PASS).get('k'))).toBe('file-damaged');

    fs.writeFileSync(vaultFile(), 'not json');
    expect(await reasonOf(store(PASS).get('k'))).toBe('file-damaged');
  });

  it('refuses to open without a passphrase or with a short one', async () => {
    expect(await reasonOf(store(undefined).set('k', 'v'))).toBe('no-passphrase');
    expect(await reasonOf(store('short').set('k', 'v'))).toBe('weak-passphrase');
    expect(fs.existsSync(vaultFile())).toBe(false);
  });
});

describe('vault selection', () => {
  it('the file backend only when explicitly chosen; never as a fallback', async () => {
    expect(createVault({ dataDir: dir, installId: 'install-1', env: {} }).backend).toBe('keychain');
    expect(createVault({ dataDir: dir, installId: 'install-1', env: { CHANNEL_DESK_VAULT_PASSPHRASE: PASS } }).backend).toBe('keychain');
    const file = createVault({ dataDir: dir, installId: 'install-1', env: { CHANNEL_DESK_VAULT: 'file' } });
    expect(file.backend).toBe('encrypted-file');
    expect((await file.status()).problem?.reason).toBe('no-passphrase');
    expect(() => createVault({ dataDir: dir, installId: 'install-1', env: { CHANNEL_DESK_VAULT: 'plaintext' } })).toThrow(AppError);
  });
});
