import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { createHandlers } from '../api/index.js';
import { dispatch } from '../api/dispatch.js';
import { createAppServices, type AppServices } from '../app.js';

// Issue 10: a stored secret is only sent to the origin it was entered for; http only on loopback.
// The test-only scrypt cost (file-store.ts): these tests open a vault per step.
const ENV = { CHANNEL_DESK_VAULT: 'file', CHANNEL_DESK_VAULT_PASSPHRASE: 'secret target test passphrase', CHANNEL_DESK_VAULT_TEST_KDF_N: '1024' };
const SECRET = 'FS-secret-entered-for-fake-1';
const FEISHU = { channel: 'feishu', region: 'cn-hangzhou', values: { appId: 'cli_a1b2c3d4e5f6' } } as const;

let dir: string;
let services: AppServices;
const call = (name: string, input: unknown) => dispatch(createHandlers(services), name, input, { transport: 'http' });
const failure = async (work: Promise<unknown>): Promise<AppError> => {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
};
const files = () =>
  Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((f) => /^(settings|vault)/.test(f))
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
  );

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-secret-target-'));
  services = await createAppServices({ dataDir: dir, mode: 'headless', env: ENV });
  await call('channels.save', { ...FEISHU, secrets: { appSecret: SECRET }, baseUrls: { apiBaseUrl: 'http://127.0.0.1:4100' } });
});
afterEach(async () => {
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('channels.save: a base URL that changes origin needs the secret again', () => {
  it('refuses a new origin without the secret, naming secrets.appSecret in both languages; nothing changes', async () => {
    const before = files();
    const err = await failure(call('channels.save', { ...FEISHU, baseUrls: { apiBaseUrl: 'https://attacker.example.net' } }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.issues?.map((i) => i.path)).toEqual(['secrets.appSecret']);
    expect(err.issues?.[0]?.message.en).toContain('https://attacker.example.net');
    expect(err.issues?.[0]?.message.en).toContain('enter AppSecret again');
    expect(err.issues?.[0]?.message.zh).toContain('请重新输入 AppSecret');
    expect(files()).toEqual(before);
    expect(services.channels.get('feishu').baseUrls.apiBaseUrl?.url).toBe('http://127.0.0.1:4100');
    expect(await services.vault.get('channel/feishu/appSecret')).toBe(SECRET);
  });

  it('going back to the default address is a change of origin too', async () => {
    const err = await failure(call('channels.save', { ...FEISHU, baseUrls: {} }));
    expect(err.issues?.map((i) => i.path)).toEqual(['secrets.appSecret']);
  });

  it('accepts the new origin together with the secret, and a path-only change without it', async () => {
    await call('channels.save', { ...FEISHU, baseUrls: { apiBaseUrl: 'http://127.0.0.1:4100/' } });
    const v = (await call('channels.save', {
      ...FEISHU,
      secrets: { appSecret: 'FS-secret-for-new-host-2' },
      baseUrls: { apiBaseUrl: 'https://open.feishu.example.org' },
    })) as {
      baseUrls: { apiBaseUrl: { url: string } };
    };
    expect(v.baseUrls.apiBaseUrl.url).toBe('https://open.feishu.example.org');
    expect(await services.vault.get('channel/feishu/appSecret')).toBe('FS-secret-for-new-host-2');
  });

  it('plain http only for loopback hosts (127.0.0.0/8, ::1, localhost)', async () => {
    const err = await failure(
      call('channels.save', { ...FEISHU, secrets: { appSecret: 'x-secret-value-3' }, baseUrls: { apiBaseUrl: 'http://open.feishu.cn' } }),
    );
    expect(err.issues?.map((i) => i.path)).toEqual(['baseUrls.apiBaseUrl']);
    expect(err.issues?.[0]?.message.en).toContain('https://');
    expect(err.issues?.[0]?.message.zh).toContain('https://');
    for (const url of ['http://127.0.0.2:4200', 'http://[::1]:4200', 'http://localhost:4200']) {
      await call('channels.save', { ...FEISHU, secrets: { appSecret: 'FS-secret-loopback-4' }, baseUrls: { apiBaseUrl: url } });
    }
    expect(services.channels.get('feishu').baseUrls.apiBaseUrl?.url).toBe('http://localhost:4200');
  });
});

describe('config import: same rule, with the file path', () => {
  it('refuses an import that only moves the address; accepts it with the secret', async () => {
    const before = files();
    const err = await failure(services.config.importConfig({ version: 1, channels: { feishu: { apiBaseUrl: 'https://attacker.example.net' } } }));
    expect(err.issues?.map((i) => i.path)).toEqual(['channels.feishu.appSecret']);
    expect(err.text.zh).toContain('未做任何更改');
    expect(files()).toEqual(before);

    const http = await failure(
      services.config.importConfig({ version: 1, channels: { feishu: { apiBaseUrl: 'http://10.0.0.8', appSecret: 'FS-secret-5-value' } } }),
    );
    expect(http.issues?.map((i) => i.path)).toEqual(['channels.feishu.apiBaseUrl']);

    await services.config.importConfig({ version: 1, channels: { feishu: { apiBaseUrl: 'https://open.feishu.example.org', appSecret: 'FS-secret-6-value' } } });
    expect(await services.vault.get('channel/feishu/appSecret')).toBe('FS-secret-6-value');
  });
});

describe('DMS endpoint and its AccessKey secret', () => {
  beforeEach(async () => {
    await call('dms.saveConnection', {
      region: 'cn-hangzhou',
      tid: 1,
      accessKeyId: 'LTAItestid',
      accessKeySecret: 'dms-secret-value-7',
      endpoint: 'http://127.0.0.1:4300',
    });
  });

  it('saveConnection refuses a new endpoint without the secret; nothing changes', async () => {
    const before = files();
    const err = await failure(call('dms.saveConnection', { endpoint: 'dms.attacker.example.net' }));
    expect(err.issues?.map((i) => i.path)).toEqual(['accessKeySecret']);
    expect(err.issues?.[0]?.message.zh).toContain('AccessKey Secret');
    expect(files()).toEqual(before);
    await call('dms.saveConnection', { endpoint: 'dms.example.org', accessKeySecret: 'dms-secret-value-8' });
    expect(await services.vault.get('dms/accessKeySecret')).toBe('dms-secret-value-8');
  });

  it('switching between Alibaba Cloud regions (no override) keeps the secret', async () => {
    await call('dms.saveConnection', { endpoint: '', accessKeySecret: 'dms-secret-value-9' });
    await call('dms.saveConnection', { region: 'cn-shanghai' });
    expect(await services.vault.get('dms/accessKeySecret')).toBe('dms-secret-value-9');
  });

  it('config import: dms.accessKeySecret is required with a new endpoint; http beyond loopback refused', async () => {
    const err = await failure(services.config.importConfig({ version: 1, dms: { endpoint: 'https://dms.attacker.example.net' } }));
    expect(err.issues?.map((i) => i.path)).toEqual(['dms.accessKeySecret']);
    const http = await failure(services.config.importConfig({ version: 1, dms: { endpoint: 'http://192.168.1.9', accessKeySecret: 'dms-secret-value-10' } }));
    expect(http.issues?.map((i) => i.path)).toEqual(['dms.endpoint']);
    await services.config.importConfig({ version: 1, dms: { endpoint: 'http://127.0.0.9:4301', accessKeySecret: 'dms-secret-value-11' } });
    expect(services.settings.read().dms.endpoint).toBe('http://127.0.0.9:4301');
  });
});
