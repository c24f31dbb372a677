import { createCipheriv, createHmac, randomBytes, scryptSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileStore, VAULT_FILE_NAME, VAULT_TEST_KDF_N_ENV } from './file-store.js';
import { createVault } from './index.js';
import { VAULT_PASSPHRASE_FILE_ENV } from './passphrase.js';

const PASS = 'correct horse battery staple';
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-vault-v2-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
const vaultFile = () => path.join(dir, VAULT_FILE_NAME);
const envelope = () => JSON.parse(fs.readFileSync(vaultFile(), 'utf8')) as { version: number; kdf: { N: number; r: number; salt: string } };

/** A vault file exactly as version 1 wrote it (scrypt N=2^15). */
function writeVersion1(secrets: Record<string, string>): void {
  const kdf = { name: 'scrypt', N: 2 ** 15, r: 8, p: 1, salt: randomBytes(16).toString('base64') };
  const key = scryptSync(PASS, Buffer.from(kdf.salt, 'base64'), 64, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r });
  const check = createHmac('sha256', key.subarray(32)).update('channel-desk-vault passphrase check').digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.subarray(0, 32), iv);
  cipher.setAAD(Buffer.from(JSON.stringify(['channel-desk-vault', 1, kdf.name, kdf.N, kdf.r, kdf.p, kdf.salt])));
  const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  const env = {
    format: 'channel-desk-vault',
    version: 1,
    kdf,
    check: check.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  fs.writeFileSync(vaultFile(), JSON.stringify(env), { mode: 0o600 });
}

describe('file vault format version 2', () => {
  it('writes new files as version 2 with scrypt N ≥ 2^17', async () => {
    await createFileStore({ dataDir: dir, passphrase: PASS }).set('k', 'value-123456');
    expect(envelope().version).toBe(2);
    expect(envelope().kdf.N).toBeGreaterThanOrEqual(2 ** 17);
    expect(await createFileStore({ dataDir: dir, passphrase: PASS }).get('k')).toBe('value-123456');
  });

  it('opens a version 1 file, and upgrades it (new salt, N ≥ 2^17) on the next write, keeping every secret', async () => {
    writeVersion1({ 'dms/accessKeySecret': 'old-dms-secret', 'channel/feishu/appSecret': 'old-feishu-secret' });
    const oldSalt = envelope().kdf.salt;
    const store = createFileStore({ dataDir: dir, passphrase: PASS });
    expect(await store.get('dms/accessKeySecret')).toBe('old-dms-secret');
    expect(envelope().version).toBe(1);

    await store.set('inbox/signingSecret', 'new-inbox-secret');
    expect(envelope()).toMatchObject({ version: 2, kdf: { N: 2 ** 17 } });
    expect(envelope().kdf.salt).not.toBe(oldSalt);
    const reopened = createFileStore({ dataDir: dir, passphrase: PASS });
    expect(await reopened.get('channel/feishu/appSecret')).toBe('old-feishu-secret');
    expect(await reopened.get('inbox/signingSecret')).toBe('new-inbox-secret');
  });

  it('refuses a version 2 header whose cost was lowered (file damaged)', async () => {
    await createFileStore({ dataDir: dir, passphrase: PASS }).set('k', 'value-123456');
    const e = envelope();
    fs.writeFileSync(vaultFile(), JSON.stringify({ ...e, kdf: { ...e.kdf, N: 2 ** 14 } }));
    const status = await createFileStore({ dataDir: dir, passphrase: PASS }).status();
    expect(status).toMatchObject({ available: false, problem: { reason: 'file-damaged' } });
  });
});

describe('test-only scrypt cost (CHANNEL_DESK_VAULT_TEST_KDF_N)', () => {
  const fileEnv = { CHANNEL_DESK_VAULT: 'file', CHANNEL_DESK_VAULT_PASSPHRASE: PASS };

  it('lowers the cost of files it writes; a process without it refuses such a file (file damaged)', async () => {
    await createVault({ dataDir: dir, installId: 'i', env: { ...fileEnv, [VAULT_TEST_KDF_N_ENV]: '1024' } }).set('k', 'value-123456');
    expect(envelope().kdf.N).toBe(1024);
    expect(await createVault({ dataDir: dir, installId: 'i', env: { ...fileEnv, [VAULT_TEST_KDF_N_ENV]: '1024' } }).get('k')).toBe('value-123456');
    const status = await createVault({ dataDir: dir, installId: 'i', env: fileEnv }).status();
    expect(status).toMatchObject({ available: false, problem: { reason: 'file-damaged' } });
  });

  it('never raises the cost and ignores what is not a power of two from 1024 up', async () => {
    for (const value of ['1000', String(2 ** 18)]) {
      fs.rmSync(vaultFile(), { force: true });
      await createVault({ dataDir: dir, installId: 'i', env: { ...fileEnv, [VAULT_TEST_KDF_N_ENV]: value } }).set('k', 'value-123456');
      expect(envelope().kdf.N).toBe(2 ** 17);
    }
  });
});

describe('passphrase from a file', () => {
  it('reads CHANNEL_DESK_VAULT_PASSPHRASE_FILE (trailing newline dropped)', async () => {
    const file = path.join(dir, 'passphrase');
    fs.writeFileSync(file, `${PASS}\n`, { mode: 0o600 });
    // At the test-only scrypt cost: this test is about where the passphrase comes from.
    const env = { CHANNEL_DESK_VAULT: 'file', [VAULT_PASSPHRASE_FILE_ENV]: file, [VAULT_TEST_KDF_N_ENV]: '1024' };
    await createVault({ dataDir: dir, installId: 'install-1', env }).set('k', 'from-file-123');
    expect(await createFileStore({ dataDir: dir, passphrase: PASS, kdfN: 1024 }).get('k')).toBe('from-file-123');
  });

  it('an unreadable passphrase file is a clear error naming it', () => {
    const missing = path.join(dir, 'nope');
    expect(() => createVault({ dataDir: dir, installId: 'i', env: { CHANNEL_DESK_VAULT: 'file', [VAULT_PASSPHRASE_FILE_ENV]: missing } })).toThrow(
      expect.objectContaining({ code: 'VAULT_UNAVAILABLE', message: expect.stringContaining(missing) }),
    );
  });
});
