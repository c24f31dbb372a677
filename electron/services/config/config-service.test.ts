import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configFileSchema } from '../../../shared/config-file.js';
import { AppError } from '../../../shared/errors.js';
import { VALIDATOR_TEXT } from '../../../test/fixtures/validator-text.js';
import { runCli } from '../../cli/main.js';
import { createAppServices, type AppServices } from '../app.js';
import { rotateInboxToken } from '../delivery/inbox/inbox-settings.js';
import { vaultKeys } from '../vault/secret-store.js';

// The CLI builds its services from process.env: use the opt-in file vault so the test needs no keyring.
// The test-only scrypt cost (file-store.ts): these tests open a vault per step.
const ENV = { CHANNEL_DESK_VAULT: 'file', CHANNEL_DESK_VAULT_PASSPHRASE: 'config test passphrase', CHANNEL_DESK_VAULT_TEST_KDF_N: '1024' };
const saved: Record<string, string | undefined> = {};
beforeAll(() => {
  for (const [k, v] of Object.entries(ENV)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const SECRETS = { dingtalk: 'DT-secret-value-9f8e7d', feishu: 'FS-secret-value-1a2b3c', lark: 'LK-secret-value-4d5e6f' };

const FILE = {
  version: 1,
  channels: {
    dingtalk: {
      enabled: true,
      region: 'ap-southeast-1',
      appId: 'a1b2c3d4-0001',
      agentId: '3000123',
      appKey: 'dingkey0001',
      appSecret: SECRETS.dingtalk,
      robotCode: 'dingkey0001',
      cardTemplateId: 'tpl-0001.schema',
      corpId: '',
      apiBaseUrl: 'https://api.dingtalk.com',
      oapiBaseUrl: 'https://oapi.dingtalk.com',
    },
    'dingtalk-enterprise': { enabled: false, region: 'cn-hongkong', appKey: 'dingkey0002', apiBaseUrl: 'http://127.0.0.1:4999' },
    feishu: { enabled: true, region: 'cn-hangzhou', appId: 'cli_a1b2c3d4e5f6', appSecret: SECRETS.feishu, apiBaseUrl: 'https://open.feishu.cn' },
    lark: { enabled: false, region: 'ap-southeast-1', appId: 'cli_f6e5d4c3b2a1', appSecret: SECRETS.lark },
  },
  users: [
    { uid: '1001', name: 'Li Lei', mobile: '13800000000', email: 'lilei@example.com' },
    { uid: '1002', name: 'Han Meimei', mobile: '', email: 'han@example.com' },
  ],
  rules: [{ module: 'Ticket', businessType: 'Data Exporting', status: 'Pending Approval', enabled: true, additionalUsers: ['1001'], channels: ['feishu'] }],
};

let dir: string;
let services: AppServices;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-config-'));
  services = await createAppServices({ dataDir: dir, mode: 'cli', env: ENV });
});
afterEach(async () => {
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const snapshot = () => {
  const files = Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((f) => /^(settings|vault)/.test(f))
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
  );
  return files;
};

describe('config import / export', () => {
  it('round trip: import, export, import the export into a fresh folder → same configuration', async () => {
    const r = await services.config.importConfig(FILE);
    expect(r).toEqual({ channels: ['dingtalk', 'dingtalk-enterprise', 'feishu', 'lark'], users: 2, rules: 1, secretsStored: 3 });
    expect(await services.vault.get('channel/feishu/appSecret')).toBe(SECRETS.feishu);
    expect(services.channels.get('dingtalk').status).toBe('enabled');
    expect(services.channels.get('dingtalk-enterprise').baseUrls.apiBaseUrl).toMatchObject({ url: 'http://127.0.0.1:4999', overridden: true });
    // The default written in the file is not stored as an override.
    expect(services.settings.read().channels.feishu.baseUrls).toEqual({});

    const exported = services.config.exportText();
    const parsed = configFileSchema.parse(JSON.parse(exported));
    expect(parsed.channels?.feishu).toMatchObject({ appSecret: '', secretsSet: ['appSecret'], apiBaseUrl: 'https://open.feishu.cn' });
    expect(parsed.channels?.['dingtalk-enterprise']).toMatchObject({ appSecret: '', secretsSet: [], oapiBaseUrl: 'https://oapi.dingtalk.com' });
    expect(Object.keys(parsed.channels?.['dingtalk-enterprise'] ?? {})).not.toContain('appId');

    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-config-b-'));
    const second = await createAppServices({ dataDir: other, mode: 'cli', env: ENV });
    try {
      // Secrets are not in the export, so the enabled channels cannot be enabled on a machine without them…
      const err = await second.config.importText(exported).catch((e: unknown) => e);
      expect((err as AppError).issues?.map((i) => i.path)).toEqual(['channels.dingtalk.appSecret', 'channels.feishu.appSecret']);
      // …until the admin adds them to the file.
      const withSecrets = JSON.parse(exported);
      withSecrets.channels.dingtalk.appSecret = SECRETS.dingtalk;
      withSecrets.channels.feishu.appSecret = SECRETS.feishu;
      await second.config.importConfig(withSecrets);
      expect(second.config.exportConfig()).toEqual({
        ...services.config.exportConfig(),
        channels: { ...services.config.exportConfig().channels, lark: { ...services.config.exportConfig().channels!.lark, secretsSet: [] } },
      });
    } finally {
      await second.close();
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('message link settings: exported as stored ("" = default), imported with the same checks, named by file path', async () => {
    await services.config.importConfig(FILE);
    const exported = services.config.exportConfig();
    expect(exported.channels?.dingtalk).toMatchObject({ dmsHomepageUrl: '', ticketLinkPattern: '', dingtalkOpen: 'page-link' });
    expect(exported.channels?.feishu).toMatchObject({ dmsHomepageUrl: '', ticketLinkPattern: '' });
    expect(Object.keys(exported.channels?.feishu ?? {})).not.toContain('dingtalkOpen');

    const pattern = 'https://dms-cn-hangzhou.alibabacloud.com/?orderId={{ticket_id}}';
    await services.config.importConfig({
      version: 1,
      channels: { feishu: { ticketLinkPattern: pattern }, dingtalk: { dingtalkOpen: 'micro-app', corpId: 'dingcorp0001' } },
    });
    expect(services.settings.read().channels.feishu.links).toEqual({ ticketLinkPattern: pattern });
    expect(services.settings.read().channels.dingtalk.links).toEqual({ dingtalkOpen: 'micro-app' });
    // A file without link keys keeps them.
    await services.config.importConfig({ version: 1, channels: { feishu: { enabled: true } } });
    expect(services.config.exportConfig().channels?.feishu).toMatchObject({ ticketLinkPattern: pattern });

    const before = snapshot();
    const err = (await services.config
      .importConfig({
        version: 1,
        channels: {
          feishu: { ticketLinkPattern: 'https://evil.example/{{ticket_id}}' },
          lark: { dmsHomepageUrl: 'ftp://dms' },
          dingtalk: { dingtalkOpen: 'micro-app', corpId: '' },
        },
      })
      .catch((e: unknown) => e)) as AppError;
    expect(err.issues?.map((i) => i.path)).toEqual(['channels.dingtalk.dingtalkOpen', 'channels.feishu.ticketLinkPattern', 'channels.lark.dmsHomepageUrl']);
    expect(snapshot()).toEqual(before);
  });

  it('approve from chat: exported per channel (template id on DingTalk only), imported with the same checks, round trip without secrets', async () => {
    const fresh = structuredClone(FILE) as Record<string, any>;
    fresh.channels.dingtalk.approveFromChat = true;
    fresh.channels.dingtalk.approvalCardTemplateId = 'tpl-approve.schema';
    fresh.channels.feishu.approveFromChat = true;
    await services.config.importConfig(fresh);
    const exported = services.config.exportConfig().channels!;
    expect(exported.dingtalk).toMatchObject({ approveFromChat: true, approvalCardTemplateId: 'tpl-approve.schema' });
    expect(exported['dingtalk-enterprise']).toMatchObject({ approveFromChat: false, approvalCardTemplateId: '' });
    expect(exported.feishu).toMatchObject({ approveFromChat: true });
    expect(exported.lark).toMatchObject({ approveFromChat: false });
    expect(exported.feishu).not.toHaveProperty('approvalCardTemplateId');
    const text = services.config.exportText();
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);

    // The export imports into a fresh folder as the same configuration.
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-config-approval-'));
    const second = await createAppServices({ dataDir: other, mode: 'cli', env: ENV });
    try {
      await second.vault.set('channel/dingtalk/appSecret', SECRETS.dingtalk);
      await second.vault.set('channel/feishu/appSecret', SECRETS.feishu);
      await second.vault.set('channel/lark/appSecret', SECRETS.lark);
      await second.config.importText(text);
      expect(second.config.exportConfig().channels).toEqual(services.config.exportConfig().channels);
    } finally {
      await second.close();
      fs.rmSync(other, { recursive: true, force: true });
    }

    // Absent keys keep the stored values; bad ones are named by their file path and change nothing.
    await services.config.importConfig({ version: 1, channels: { dingtalk: { region: 'ap-southeast-1' } } });
    expect(services.settings.read().channels.dingtalk).toMatchObject({ approveFromChat: true, approvalCardTemplateId: 'tpl-approve.schema' });
    const before = snapshot();
    const err = (await services.config
      .importConfig({
        version: 1,
        channels: { dingtalk: { approvalCardTemplateId: '' }, 'dingtalk-enterprise': { approveFromChat: false, approvalCardTemplateId: 'bad id!' } },
      })
      .catch((e: unknown) => e)) as AppError;
    expect(err.issues?.map((i) => i.path)).toEqual(['channels.dingtalk.approvalCardTemplateId', 'channels.dingtalk-enterprise.approvalCardTemplateId']);
    expect(err.issues?.[0]?.message.en).toContain('needs the approval card template ID');
    expect(snapshot()).toEqual(before);
    // Feishu has no approval card template: the key is refused by the file schema.
    const feishuTemplate = await services.config
      .importConfig({ version: 1, channels: { feishu: { approvalCardTemplateId: 'tpl-approve.schema' } } })
      .catch((e: unknown) => e);
    expect((feishuTemplate as AppError).issues?.[0]?.path).toBe('channels.feishu');
  });

  it('an export never contains a secret', async () => {
    await services.config.importConfig(FILE);
    const exported = services.config.exportText();
    for (const s of Object.values(SECRETS)) expect(exported).not.toContain(s);
  });

  it('an invalid import changes nothing (settings and vault untouched) and names every path', async () => {
    await services.config.importConfig({ version: 1, channels: { lark: { appId: 'cli_f6e5d4c3b2a1', appSecret: 'lark-original-secret' } } });
    const before = snapshot();
    const bad = structuredClone(FILE) as Record<string, any>;
    bad.channels.feishu.apiBaseUrl = 'ftp://open.feishu.cn';
    bad.channels.lark.appSecret = 'lark-replacement-secret';
    bad.users.push({ uid: '1001', name: 'dup' });
    const err = await services.config.importConfig(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BAD_INPUT');
    expect((err as AppError).issues?.map((i) => i.path)).toEqual(['channels.feishu.apiBaseUrl', 'users.2.uid']);
    // The summary counts; each issue names its place in its own sentence.
    expect((err as AppError).text).toEqual({
      en: 'The configuration file has 2 problems; nothing was changed.',
      zh: '配置文件有 2 处问题，未做任何更改。',
    });
    expect(snapshot()).toEqual(before);
    expect(await services.vault.get('channel/lark/appSecret')).toBe('lark-original-secret');
    expect(await services.vault.has('channel/feishu/appSecret')).toBe(false);
  });

  it.each([
    ['unknown version', { version: 2 }, 'version'],
    ['unknown channel', { version: 1, channels: { slack: {} } }, 'channels'],
    ['key not of this channel', { version: 1, channels: { 'dingtalk-enterprise': { appId: 'x' } } }, 'channels.dingtalk-enterprise'],
    ['region not for this platform', { version: 1, channels: { feishu: { region: 'cn-hongkong' } } }, 'channels.feishu.region'],
    ['malformed value', { version: 1, channels: { feishu: { appId: 'not-cli' } } }, 'channels.feishu.appId'],
    ['enable without required values', { version: 1, channels: { lark: { enabled: true, region: 'cn-hangzhou' } } }, 'channels.lark.appId'],
    ['rule with unknown channel', { version: 1, rules: [{ module: 'Ticket', businessType: 'x', status: 'y', channels: ['sms'] }] }, 'rules.0.channels.0'],
    ['user without uid', { version: 1, users: [{ name: 'x' }] }, 'users.0.uid'],
  ])('%s → BAD_INPUT at %s', async (_why, file, pathPrefix) => {
    const before = snapshot();
    const err = await services.config.importConfig(file).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('BAD_INPUT');
    expect((err as AppError).issues?.[0]?.path.startsWith(pathPrefix)).toBe(true);
    expect(snapshot()).toEqual(before);
  });

  it('schema errors come in words, with the did-you-mean checks, in the first answer', async () => {
    const bad = structuredClone(FILE) as Record<string, any>;
    bad.channels.feishu.enabled = 'yes';
    bad.channels.feishu.appSecert = bad.channels.feishu.appSecret;
    bad.rules[0].businessType = 'Data Exportin';
    bad.rules[0].enabled = 'no';
    const err = (await services.config.importConfig(bad).catch((e: unknown) => e)) as AppError;
    const byPath = Object.fromEntries((err.issues ?? []).map((i) => [i.path, i.message]));
    expect(byPath['channels.feishu.enabled']).toEqual({
      en: '`channels.feishu.enabled` must be true or false.',
      zh: '`channels.feishu.enabled` 必须是 true 或 false。',
    });
    expect(byPath['channels.feishu']?.en).toBe('`channels.feishu` has an unknown key "appSecert" (did you mean "appSecret"?).');
    expect(byPath['rules.0.enabled']?.zh).toBe('`rules.0.enabled` 必须是 true 或 false。');
    // Before, this one came only after the schema errors were fixed and the file imported again.
    expect(byPath['rules.0.businessType']?.en).toContain('did you mean "Data Exporting"?');
    expect(byPath['rules.0.businessType']?.zh).toContain('您是否要输入');
    for (const m of Object.values(byPath)) {
      expect(`${m.en} ${m.zh}`).not.toMatch(VALIDATOR_TEXT);
      expect(m.zh).toMatch(/\p{Script=Han}/u);
    }
  });

  it('not JSON → BAD_INPUT, nothing changed', async () => {
    const before = snapshot();
    await expect(services.config.importText('{"version": 1,')).rejects.toMatchObject({
      code: 'BAD_INPUT',
      issues: [
        {
          path: '',
          message: {
            en: 'JSON syntax error near line 1, column 15: check the brackets, quotes and commas there.',
            zh: '第 1 行第 15 列附近有 JSON 语法错误：请检查那里的括号、引号和逗号。',
          },
        },
      ],
    });
    expect(snapshot()).toEqual(before);
  });
});

describe('config file: inbox section', () => {
  const INBOX_SECRET = 'inbox-signing-secret-7c6b5a49';
  const errorPaths = (err: unknown) => (err as AppError).issues?.map((i) => i.path);

  it('round trip: the secret goes to the vault, the export marks it set and carries neither it nor the path token', async () => {
    rotateInboxToken(services);
    const token = services.settings.read().inbox.token ?? '';
    expect(token).not.toBe('');
    const r = await services.config.importConfig({ version: 1, inbox: { requireSignature: true, signingSecret: ` ${INBOX_SECRET} ` } });
    expect(r.secretsStored).toBe(1);
    expect(await services.vault.get(vaultKeys.inboxSigningSecret)).toBe(INBOX_SECRET);
    expect(services.settings.read().inbox).toMatchObject({ requireSignature: true, token });

    const exported = services.config.exportText();
    expect(JSON.parse(exported).inbox).toEqual({ requireSignature: true, signingSecret: '', secretsSet: ['signingSecret'] });
    expect(exported).not.toContain(INBOX_SECRET);
    expect(exported).not.toContain(token);

    // Re-importing the export: "" keeps the stored secret, so requiring signatures stays valid.
    await services.config.importText(exported);
    expect(await services.vault.get(vaultKeys.inboxSigningSecret)).toBe(INBOX_SECRET);
    expect(services.config.exportText()).toBe(exported);
    expect(services.settings.read().inbox.token).toBe(token);
  });

  it('requireSignature without any secret is refused at inbox.requireSignature; settings and vault untouched', async () => {
    const before = snapshot();
    const err = await services.config.importConfig({ ...FILE, inbox: { requireSignature: true, signingSecret: '' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BAD_INPUT');
    expect(errorPaths(err)).toEqual(['inbox.requireSignature']);
    expect(snapshot()).toEqual(before);
    // The valid channel secrets of the same file were not stored either.
    expect(await services.vault.has('channel/feishu/appSecret')).toBe(false);
    expect(await services.vault.has(vaultKeys.inboxSigningSecret)).toBe(false);
    expect(services.settings.read().inbox.requireSignature).toBe(false);
  });

  it('a too short secret is refused at inbox.signingSecret, with the length the Settings page requires', async () => {
    const before = snapshot();
    const err = await services.config.importConfig({ version: 1, inbox: { signingSecret: 'short-secret' } }).catch((e: unknown) => e);
    expect(errorPaths(err)).toEqual(['inbox.signingSecret']);
    expect((err as AppError).issues?.[0]?.message.en).toContain('16');
    expect(snapshot()).toEqual(before);
  });
});

describe('CLI: channel-desk config', () => {
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli({
      argv: ['--data-dir', dir, ...argv],
      env: {},
      cwd: dir,
      platform: 'linux',
      home: dir,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      signal: new AbortController().signal,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('import a file, export to stdout and to a file; exit codes', async () => {
    await services.close();
    const input = path.join(dir, 'in.json');
    fs.writeFileSync(input, JSON.stringify(FILE));
    const imported = await cli('config', 'import', input);
    expect(imported).toMatchObject({ code: 0 });
    expect(imported.out).toBe(
      'Imported the DingTalk, DingTalk Enterprise, Feishu and Lark channels, 2 users and 1 rule. 3 secrets were stored in the keychain.',
    );

    const stdout = await cli('config', 'export');
    expect(stdout.code).toBe(0);
    expect(configFileSchema.parse(JSON.parse(stdout.out)).users).toHaveLength(2);
    for (const s of Object.values(SECRETS)) expect(stdout.out).not.toContain(s);

    const outFile = path.join(dir, 'out.json');
    expect((await cli('config', 'export', outFile)).code).toBe(0);
    expect(fs.readFileSync(outFile, 'utf8').trimEnd()).toBe(stdout.out);
    expect(fs.statSync(outFile).mode & 0o777).toBe(0o600);

    fs.writeFileSync(input, JSON.stringify({ version: 1, channels: { feishu: { apiBaseUrl: 'not a url' } } }));
    const bad = await cli('config', 'import', input);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('channels.feishu.apiBaseUrl');

    expect((await cli('config', 'import')).code).toBe(1);
    expect((await cli('config', 'frobnicate')).code).toBe(1);
    expect((await cli('config', 'import', path.join(dir, 'missing.json'))).err).toContain('missing.json');
    services = await createAppServices({ dataDir: dir, mode: 'cli', env: ENV });
  });
});
