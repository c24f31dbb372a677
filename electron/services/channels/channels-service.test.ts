import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL_IDS, type ChannelId } from '../../../shared/catalog/channels.js';
import { AppError } from '../../../shared/errors.js';
import { createHandlers } from '../api/index.js';
import { dispatch } from '../api/dispatch.js';
import { createAppServices, type AppServices } from '../app.js';

// The test-only scrypt cost (file-store.ts): these tests open a vault per step.
const FILE_VAULT = { CHANNEL_DESK_VAULT: 'file', CHANNEL_DESK_VAULT_PASSPHRASE: 'channels test passphrase', CHANNEL_DESK_VAULT_TEST_KDF_N: '1024' };

/** A complete, valid form per channel, each with a distinct secret to scan for. */
const FORMS: Record<ChannelId, { region: 'ap-southeast-1'; values: Record<string, string>; secret: string }> = {
  dingtalk: {
    region: 'ap-southeast-1',
    values: {
      appId: 'a1b2c3d4-0001',
      agentId: '3000123',
      appKey: 'dingkey0001',
      robotCode: 'dingkey0001',
      cardTemplateId: 'tpl-0001.schema',
      corpId: 'dingcorp0001',
    },
    secret: 'SECRET-dingtalk-Zx81!q',
  },
  'dingtalk-enterprise': {
    region: 'ap-southeast-1',
    values: { appKey: 'dingkey0002', robotCode: 'dingkey0002', cardTemplateId: 'tpl-0002.schema' },
    secret: 'SECRET-enterprise-Yw72?p',
  },
  feishu: { region: 'ap-southeast-1', values: { appId: 'cli_a1b2c3d4e5f6' }, secret: 'SECRET-feishu-Xv63#o' },
  lark: { region: 'ap-southeast-1', values: { appId: 'cli_f6e5d4c3b2a1' }, secret: 'SECRET-lark-Wu54$n' },
};

let dir: string;
let services: AppServices;
const call = (name: string, input: unknown) => dispatch(createHandlers(services), name, input, { transport: 'http' });
const fail = async (name: string, input: unknown): Promise<AppError> => {
  const err = await call(name, input).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
};

async function saveAll(): Promise<void> {
  for (const channel of CHANNEL_IDS) {
    const f = FORMS[channel];
    await call('channels.save', { channel, region: f.region, values: f.values, secrets: { appSecret: f.secret }, baseUrls: {} });
  }
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-channels-'));
  services = await createAppServices({ dataDir: dir, mode: 'headless', env: FILE_VAULT });
});
afterEach(async () => {
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('channels', () => {
  it('lists four unconfigured channels with defaults and what is missing', async () => {
    const { channels } = (await call('channels.list', {})) as {
      channels: { channel: string; status: string; missing: string[]; baseUrls: Record<string, unknown>; secrets: unknown }[];
    };
    expect(channels.map((c) => c.channel)).toEqual([...CHANNEL_IDS]);
    expect(channels.every((c) => c.status === 'not-configured')).toBe(true);
    const dt = channels[0]!;
    expect(dt.missing).toEqual(['region', 'values.appId', 'values.agentId', 'values.appKey', 'secrets.appSecret', 'values.robotCode', 'values.cardTemplateId']);
    expect(dt.baseUrls).toEqual({
      apiBaseUrl: { url: 'https://api.dingtalk.com', defaultUrl: 'https://api.dingtalk.com', overridden: false },
      oapiBaseUrl: { url: 'https://oapi.dingtalk.com', defaultUrl: 'https://oapi.dingtalk.com', overridden: false },
    });
    expect(dt.secrets).toEqual({ appSecret: { set: false, changedAt: null } });
  });

  it('save → configured; secret shows only as set; enable → enabled; secret went to the vault', async () => {
    await saveAll();
    const view = (await call('channels.get', { channel: 'feishu' })) as Record<string, unknown>;
    expect(view).toMatchObject({ status: 'configured', region: 'ap-southeast-1', values: { appId: 'cli_a1b2c3d4e5f6' }, missing: [] });
    expect((view.secrets as { appSecret: { set: boolean; changedAt: string } }).appSecret.set).toBe(true);
    expect(JSON.stringify(view)).not.toContain(FORMS.feishu.secret);
    expect(await services.vault.get('channel/feishu/appSecret')).toBe(FORMS.feishu.secret);

    const enabled = (await call('channels.setEnabled', { channel: 'feishu', enabled: true })) as { status: string };
    expect(enabled.status).toBe('enabled');
    // A later save without a secret keeps the stored one.
    await call('channels.save', { channel: 'feishu', region: 'cn-hangzhou', values: { appId: 'cli_a1b2c3d4e5f6' }, secrets: { appSecret: '' }, baseUrls: {} });
    expect(await services.vault.get('channel/feishu/appSecret')).toBe(FORMS.feishu.secret);
  });

  it('no secret in the settings file after saving every channel (byte scan)', async () => {
    await saveAll();
    for (const c of CHANNEL_IDS) await call('channels.setEnabled', { channel: c, enabled: true });
    const bytes = fs.readFileSync(services.settings.filePath);
    for (const c of CHANNEL_IDS) expect(bytes.includes(Buffer.from(FORMS[c].secret)), c).toBe(false);
    for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('settings'))) {
      const other = fs.readFileSync(path.join(dir, f));
      for (const c of CHANNEL_IDS) expect(other.includes(Buffer.from(FORMS[c].secret)), f).toBe(false);
    }
  });

  it('invalid values give field errors with dotted paths and save nothing', async () => {
    const before = fs.readFileSync(services.settings.filePath, 'utf8');
    const err = await fail('channels.save', {
      channel: 'dingtalk',
      region: 'ap-southeast-1',
      values: { appKey: 'has space', agentId: 'abc', robotCode: 'dingkey0001', appSecret: 'in-the-wrong-place', nope: 'x' },
      secrets: { appSecret: 'short' },
      baseUrls: { apiBaseUrl: 'ftp://api.example.com', oapiBaseUrl: 'https://user:pw@oapi.example.com' },
    });
    expect(err.code).toBe('BAD_INPUT');
    expect(err.issues?.map((i) => i.path).sort()).toEqual(
      ['baseUrls.apiBaseUrl', 'baseUrls.oapiBaseUrl', 'secrets.appSecret', 'values.agentId', 'values.appKey', 'values.appSecret', 'values.nope'].sort(),
    );
    for (const i of err.issues ?? []) expect(i.message.zh.length).toBeGreaterThan(0);
    expect(fs.readFileSync(services.settings.filePath, 'utf8')).toBe(before);
    expect(await services.vault.has('channel/dingtalk/appSecret')).toBe(false);
  });

  it('rejects a region the platform does not support, and a malformed base URL', async () => {
    const err = await fail('channels.save', { channel: 'feishu', region: 'cn-hongkong', values: {}, baseUrls: { apiBaseUrl: 'not a url' } });
    expect(err.issues?.map((i) => i.path)).toEqual(['region', 'baseUrls.apiBaseUrl']);
    const unknown = await fail('channels.save', { channel: 'feishu', region: 'us-east-1', values: {} });
    expect(unknown.issues?.[0]?.path).toBe('region');
  });

  it('message link settings: saved and shown, absent keys kept, "" back to the default; bad ones named in both languages', async () => {
    await saveAll();
    const f = FORMS.dingtalk;
    const base = { channel: 'dingtalk', region: f.region, values: f.values, baseUrls: {} };
    const links = { dmsHomepageUrl: 'https://dms.aliyun.com/', ticketLinkPattern: 'https://dms.aliyun.com/order/{{ticket_id}}', dingtalkOpen: 'micro-app' };
    const saved = (await call('channels.save', { ...base, links })) as { links: Record<string, unknown> };
    expect(saved.links).toEqual({
      dmsHomepageUrl: 'https://dms.aliyun.com',
      defaultDmsHomepageUrl: 'https://dms-ap-southeast-1.alibabacloud.com',
      ticketLinkPattern: 'https://dms.aliyun.com/order/{{ticket_id}}',
      dingtalkOpen: 'micro-app',
    });
    // A save without links (an older client) keeps them.
    expect(((await call('channels.save', base)) as { links: unknown }).links).toEqual(saved.links);
    const cleared = (await call('channels.save', { ...base, links: { dmsHomepageUrl: '', ticketLinkPattern: '', dingtalkOpen: '' } })) as { links: unknown };
    expect(cleared.links).toEqual({
      dmsHomepageUrl: '',
      defaultDmsHomepageUrl: 'https://dms-ap-southeast-1.alibabacloud.com',
      ticketLinkPattern: '',
      dingtalkOpen: 'page-link',
    });

    const before = fs.readFileSync(path.join(dir, 'settings.json'), 'utf8');
    const err = await fail('channels.save', {
      ...base,
      values: { ...f.values, corpId: '' },
      links: { dmsHomepageUrl: 'http://dms.aliyun.com', ticketLinkPattern: 'https://evil.example/{{ticket_id}}', dingtalkOpen: 'micro-app' },
    });
    expect(err.issues?.map((i) => i.path)).toEqual(['links.dmsHomepageUrl', 'links.dingtalkOpen']);
    expect(err.issues?.[0]?.message).toMatchObject({ en: expect.stringContaining('https://'), zh: expect.stringContaining('https://') });
    const off = await fail('channels.save', {
      ...base,
      links: { ticketLinkPattern: 'https://dms-ap-southeast-1.alibabacloud.com.evil.example/{{ticket_id}}' },
    });
    expect(off.issues).toEqual([
      {
        path: 'links.ticketLinkPattern',
        message: {
          en: "The link must stay on the DMS homepage's host: start it with https://dms-ap-southeast-1.alibabacloud.com/",
          zh: '链接必须留在 DMS 首页所在的主机上：请以 https://dms-ap-southeast-1.alibabacloud.com/ 开头',
        },
      },
    ]);
    // DingTalk Enterprise has no AgentId, Feishu no DingTalk open mode.
    const ent = FORMS['dingtalk-enterprise'];
    const noAgent = await fail('channels.save', {
      channel: 'dingtalk-enterprise',
      region: ent.region,
      values: { ...ent.values, corpId: 'dingcorp02' },
      links: { dingtalkOpen: 'micro-app' },
    });
    expect(noAgent.issues?.map((i) => i.path)).toEqual(['links.dingtalkOpen']);
    const fs_ = FORMS.feishu;
    const notFeishu = await fail('channels.save', { channel: 'feishu', region: fs_.region, values: fs_.values, links: { dingtalkOpen: 'page-link' } });
    expect(notFeishu.issues?.map((i) => i.path)).toEqual(['links.dingtalkOpen']);
    expect(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')).toBe(before);
  });

  it('approve from chat: off by default; saved and shown; absent keys kept; DingTalk needs a well-formed approval template id', async () => {
    await saveAll();
    const view = (c: ChannelId) => call('channels.get', { channel: c }) as Promise<{ approval: unknown }>;
    for (const c of CHANNEL_IDS) expect((await view(c)).approval).toEqual({ approveFromChat: false, approvalCardTemplateId: '' });

    const feishu = { channel: 'feishu', region: 'ap-southeast-1', values: FORMS.feishu.values };
    await call('channels.save', { ...feishu, approval: { approveFromChat: true } });
    expect((await view('feishu')).approval).toEqual({ approveFromChat: true, approvalCardTemplateId: '' });
    // A save that leaves the section out (an older form, the CLI) keeps it.
    await call('channels.save', feishu);
    expect(services.settings.read().channels.feishu.approveFromChat).toBe(true);

    const dingtalk = { channel: 'dingtalk', region: 'ap-southeast-1', values: FORMS.dingtalk.values };
    const before = fs.readFileSync(services.settings.filePath, 'utf8');
    const missing = await fail('channels.save', { ...dingtalk, approval: { approveFromChat: true, approvalCardTemplateId: '  ' } });
    expect(missing.issues).toEqual([
      {
        path: 'approval.approvalCardTemplateId',
        message: expect.objectContaining({
          en: expect.stringContaining('needs the approval card template ID'),
          zh: expect.stringContaining('审批卡片模板 ID'),
        }),
      },
    ]);
    const bad = await fail('channels.save', { ...dingtalk, approval: { approveFromChat: false, approvalCardTemplateId: 'has space/..' } });
    expect(bad.issues).toEqual([
      { path: 'approval.approvalCardTemplateId', message: expect.objectContaining({ zh: expect.stringContaining('审批卡片模板 ID：4 到 128') }) },
    ]);
    // A template id on a Feishu channel is not a setting of it.
    const notHere = await fail('channels.save', { ...feishu, approval: { approvalCardTemplateId: 'tpl-approve.schema' } });
    expect(notHere.issues?.map((i) => i.path)).toEqual(['approval.approvalCardTemplateId']);
    expect(fs.readFileSync(services.settings.filePath, 'utf8')).toBe(before);

    await call('channels.save', { ...dingtalk, approval: { approveFromChat: true, approvalCardTemplateId: ' tpl-approve.schema ' } });
    expect((await view('dingtalk')).approval).toEqual({ approveFromChat: true, approvalCardTemplateId: 'tpl-approve.schema' });
    // Clearing the template while approve-from-chat stays on is refused; both off together is fine.
    expect((await fail('channels.save', { ...dingtalk, approval: { approvalCardTemplateId: '' } })).issues?.[0]?.path).toBe('approval.approvalCardTemplateId');
    await call('channels.save', { ...dingtalk, approval: { approveFromChat: false, approvalCardTemplateId: '' } });
    expect((await view('dingtalk')).approval).toEqual({ approveFromChat: false, approvalCardTemplateId: '' });
  });

  it('base URL overrides are normalised and can be reset to the default', async () => {
    await call('channels.save', {
      channel: 'dingtalk-enterprise',
      region: null,
      values: {},
      baseUrls: { apiBaseUrl: 'http://127.0.0.1:4010/', oapiBaseUrl: '' },
    });
    let v = (await call('channels.get', { channel: 'dingtalk-enterprise' })) as { baseUrls: Record<string, { url: string; overridden: boolean }> };
    expect(v.baseUrls.apiBaseUrl).toMatchObject({ url: 'http://127.0.0.1:4010', overridden: true });
    expect(v.baseUrls.oapiBaseUrl).toMatchObject({ url: 'https://oapi.dingtalk.com', overridden: false });
    await call('channels.save', { channel: 'dingtalk-enterprise', region: null, values: {}, baseUrls: { apiBaseUrl: '' } });
    v = (await call('channels.get', { channel: 'dingtalk-enterprise' })) as typeof v;
    expect(v.baseUrls.apiBaseUrl?.overridden).toBe(false);
  });

  it('enable requires region, every required value and the secret; lists what is missing', async () => {
    await call('channels.save', { channel: 'lark', region: null, values: { appId: 'cli_f6e5d4c3b2a1' } });
    const err = await fail('channels.setEnabled', { channel: 'lark', enabled: true });
    expect(err.code).toBe('BAD_INPUT');
    expect(err.issues?.map((i) => i.path)).toEqual(['region', 'secrets.appSecret']);
    expect(services.settings.read().channels.lark.enabled).toBe(false);
  });

  it('an enabled channel refuses a save that clears a required value; clearing its secret disables it', async () => {
    await saveAll();
    await call('channels.setEnabled', { channel: 'feishu', enabled: true });
    const err = await fail('channels.save', { channel: 'feishu', region: 'ap-southeast-1', values: { appId: '' } });
    expect(err.issues?.map((i) => i.path)).toEqual(['values.appId']);
    const v = (await call('channels.clearSecret', { channel: 'feishu', field: 'appSecret' })) as { enabled: boolean; secrets: { appSecret: { set: boolean } } };
    expect(v.enabled).toBe(false);
    expect(v.secrets.appSecret.set).toBe(false);
    expect(await services.vault.has('channel/feishu/appSecret')).toBe(false);
  });

  it('malformed input is rejected by the contract before reaching the service', async () => {
    for (const [name, input] of [
      ['channels.get', { channel: 'slack' }],
      ['channels.save', { channel: 'feishu' }],
      ['channels.save', { channel: 'feishu', region: null, secrets: { other: 'x' } }],
      ['channels.setEnabled', { channel: 'feishu', enabled: 'yes' }],
      ['channels.clearSecret', { channel: 'feishu', field: 'appId' }],
    ] as const) {
      expect((await fail(name, input)).code, name).toBe('BAD_INPUT');
    }
  });
});

describe('guide and app', () => {
  it('Feishu Singapore guide shows the exact URLs; ticks persist across a restart', async () => {
    let g = (await call('guide.setRegion', { channel: 'feishu', region: 'ap-southeast-1' })) as {
      urls: Record<string, string>;
      progress: { done: number; total: number };
    };
    expect(g.urls).toEqual({
      homepage: 'https://dms-ap-southeast-1.alibabacloud.com',
      redirectUrl: 'https://dms-ap-southeast-1.alibabacloud.com/console/mobile/index/',
      trustedH5Domain: 'https://dms-ap-southeast-1.alibabacloud.com',
    });
    // Steps (the last: "Open DMS" on a phone) and permissions (with the chat picker's im:chat:readonly).
    expect(g.progress).toEqual({ done: 0, total: 15 });
    await call('guide.setChecked', { channel: 'feishu', id: 'create-app', checked: true });
    await call('guide.setChecked', { channel: 'feishu', id: 'perm-im-message', checked: true });
    g = (await call('guide.setChecked', { channel: 'feishu', id: 'open-dms-on-phone', checked: true })) as typeof g;
    expect(g.progress.done).toBe(3);
    await services.close();
    services = await createAppServices({ dataDir: dir, mode: 'headless', env: FILE_VAULT });
    const again = (await call('guide.get', { channel: 'feishu' })) as {
      region: string;
      steps: { id: string; checked: boolean }[];
      permissions: { id: string; checked: boolean }[];
    };
    expect(again.region).toBe('ap-southeast-1');
    expect(again.steps.find((s) => s.id === 'create-app')?.checked).toBe(true);
    expect(again.permissions.find((p) => p.id === 'perm-im-message')?.checked).toBe(true);
    expect(again.steps.at(-1)).toMatchObject({ id: 'open-dms-on-phone', checked: true });
    await call('guide.setChecked', { channel: 'feishu', id: 'create-app', checked: false });
    expect(((await call('guide.get', { channel: 'feishu' })) as typeof g).progress.done).toBe(2);
  });

  it('guide defaults to the channel region; rejects unknown ids and unsupported regions', async () => {
    await call('channels.save', { channel: 'dingtalk', region: 'cn-hongkong', values: {} });
    expect(((await call('guide.get', { channel: 'dingtalk' })) as { region: string }).region).toBe('cn-hongkong');
    expect(((await call('guide.get', { channel: 'lark' })) as { region: string }).region).toBe('cn-hangzhou');
    expect((await fail('guide.setRegion', { channel: 'lark', region: 'ap-northeast-2' })).issues?.[0]?.path).toBe('region');
    expect((await fail('guide.setChecked', { channel: 'lark', id: 'perm-docs-media-upload', checked: true })).issues?.[0]?.path).toBe('id');
  });

  it('app.info, app.setLanguage, app.openExternal', async () => {
    const info = (await call('app.info', {})) as Record<string, unknown>;
    expect(info).toMatchObject({
      mode: 'headless',
      dataDir: dir,
      language: null,
      settingsRecovery: null,
      vault: { backend: 'encrypted-file', available: true },
    });
    expect(await call('app.setLanguage', { language: 'zh-CN' })).toEqual({ language: 'zh-CN' });
    expect(((await call('app.info', {})) as { language: string }).language).toBe('zh-CN');
    expect(await call('app.openExternal', { url: 'https://open.feishu.cn/app' })).toEqual({ allowed: true, url: 'https://open.feishu.cn/app' });
    expect(await call('app.openExternal', { url: 'https://dms-x.alibabacloud.com.evil.com' })).toMatchObject({ allowed: false });
    expect((await fail('app.setLanguage', { language: 'fr-FR' })).code).toBe('BAD_INPUT');
  });

  it('app.info reports a settings recovery and an unavailable vault without throwing', async () => {
    await services.close();
    fs.writeFileSync(path.join(dir, 'settings.json'), '{broken');
    services = await createAppServices({ dataDir: dir, mode: 'headless', env: { CHANNEL_DESK_VAULT: 'file' } });
    const info = (await call('app.info', {})) as { settingsRecovery: { reason: string }; vault: { available: boolean; problem: { reason: string } } };
    expect(info.settingsRecovery.reason).toBe('invalid-json');
    expect(info.vault).toMatchObject({ available: false, problem: { reason: 'no-passphrase' } });
    const err = await fail('channels.save', { channel: 'feishu', region: null, values: {}, secrets: { appSecret: 'abcdefgh12345' } });
    expect(err.code).toBe('VAULT_UNAVAILABLE');
    expect(services.settings.read().secretsMeta).toEqual({});
  });
});
