import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDirectory, type Directory } from '../../electron/services/directory/directory.js';
import type { SettingsStore } from '../../electron/services/settings/settings-store.js';
import type { SecretStore } from '../../electron/services/vault/secret-store.js';
import { DINGTALK_SCOPES, startDingtalkFake } from '../fakes/dingtalk.js';
import { FEISHU_SCOPES, openIdFor, startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { openTestStores, type TestStores } from './test-stores.js';

const CSV = `uid,name,mobile,email
1001,Alice,13800000001,alice@example.com
1002,Bob,not-a-phone,bob@example.com
1003,Carol,,carol@example.com
,Nobody,13800000009,
1001,Alice again,13800000001,
1004,Dave,13800000004,
`;

describe('users directory', () => {
  let stores: TestStores;
  let settings: SettingsStore;
  let directory: Directory;
  let vault: SecretStore;
  const fakes: FakeServer[] = [];

  beforeEach(() => {
    stores = openTestStores('cd-directory-');
    ({ settings, vault } = stores);
    directory = createDirectory({ dataDir: stores.dataDir, settings, vault });
  });
  afterEach(async () => {
    for (const f of fakes.splice(0)) await f.close();
    await directory.close();
    stores.remove();
  });

  it('imports the good CSV rows and reports each bad one with its row number', () => {
    const report = directory.importCsv(CSV);
    expect(report.created).toBe(3);
    expect(report.errors.map((e) => e.row)).toEqual([3, 5, 6]);
    expect(report.errors[0]!.reason.en).toMatch(/Row 3: mobile number is invalid/);
    expect(report.errors[1]!.reason.en).toMatch(/uid is missing/);
    expect(report.errors[2]!.reason.en).toMatch(/already appears on row 2/);
    expect(report.errors[0]!.reason.zh).toContain('第 3 行');
    expect(directory.list().users.map((u) => u.uid)).toEqual(['1001', '1003', '1004']);
    // Importing again updates instead of duplicating.
    expect(directory.importCsv('uid,name\n1001,Alice Li\n')).toMatchObject({ created: 0, updated: 0, errors: [{ row: 2 }] });
    expect(directory.importCsv('uid,name,email\n1001,Alice Li,alice@example.com\n')).toMatchObject({ created: 0, updated: 1 });
    expect(directory.importCsv('name,mobile\nX,1\n').errors[0]!.row).toBe(1);
  });

  it('adds, renames and deletes users', () => {
    directory.upsert({ uid: 'a', name: 'A', mobile: '13800000001', email: '' });
    directory.upsert({ uid: 'b', name: 'B', mobile: '', email: 'b@example.com' }, 'a');
    expect(directory.list().users.map((u) => u.uid)).toEqual(['b']);
    expect(directory.remove('b')).toBe(true);
    expect(directory.remove('b')).toBe(false);
  });

  it('resolves users on every enabled channel and explains what was not found', async () => {
    const feishu = await startFeishuFake({
      apps: [
        {
          appId: 'cli_a1b2c3d4e5f6g7h8',
          secret: 'feishu-secret-123',
          scopes: [FEISHU_SCOPES.lookup, 'im:message'],
          users: [{ id: 'fa', email: 'alice@example.com', inAvailability: false }],
        },
      ],
    });
    const dingtalk = await startDingtalkFake({
      apps: [{ appId: 'dingabc123456', secret: 'ding-secret-123', scopes: [], users: [{ id: 'da', mobile: '13800000001' }] }],
    });
    fakes.push(feishu, dingtalk);
    settings.update((s) => ({
      ...s,
      channels: {
        ...s.channels,
        feishu: { ...s.channels.feishu, enabled: true, values: { appId: 'cli_a1b2c3d4e5f6g7h8' }, baseUrls: { apiBaseUrl: feishu.baseUrl } },
        dingtalk: {
          ...s.channels.dingtalk,
          enabled: true,
          values: { appId: 'app-1234567', agentId: '1', appKey: 'dingabc123456', robotCode: 'dingabc123456', cardTemplateId: 'tpl-1' },
          baseUrls: { apiBaseUrl: dingtalk.baseUrl, oapiBaseUrl: dingtalk.baseUrl },
        },
        lark: { ...s.channels.lark, enabled: true },
      },
    }));
    await vault.set('channel/feishu/appSecret', 'feishu-secret-123');
    await vault.set('channel/dingtalk/appSecret', 'ding-secret-123');
    directory.importCsv(CSV);

    const report = await directory.resolve();
    const byUid = Object.fromEntries(report.users.map((u) => [u.uid, u.resolutions]));
    expect(byUid['1001']!.feishu).toMatchObject({ status: 'found', platformUserId: openIdFor('cli_a1b2c3d4e5f6g7h8', 'fa'), stale: false });
    expect(byUid['1003']!.feishu).toMatchObject({ status: 'not_found', code: 'userNotFound' });
    expect(byUid['1003']!.feishu!.explanation!.fix.en).toMatch(/availability/);
    // DingTalk without the lookup permission: every user shows the explained error.
    expect(byUid['1001']!.dingtalk).toMatchObject({ status: 'error', code: '88' });
    expect(report.channelErrors.map((e) => e.channel).sort()).toEqual(['dingtalk', 'lark']);
    expect(report.channelErrors.find((e) => e.channel === 'lark')!.message.en).toMatch(/incomplete/);

    dingtalk.setScopes('dingabc123456', [DINGTALK_SCOPES.lookup]);
    const again = await directory.resolve({ channels: ['dingtalk'] });
    const d = Object.fromEntries(again.users.map((u) => [u.uid, u.resolutions.dingtalk]));
    expect(d['1001']).toMatchObject({ status: 'found', platformUserId: 'da' });
    expect(d['1003']).toMatchObject({ status: 'not_found', code: 'noMobile' });
    expect(d['1004']).toMatchObject({ status: 'not_found', code: '60121' });

    // The sender's view: ids for fresh results only.
    expect(directory.platformId('1001', 'dingtalk')).toBe('da');
    expect(directory.platformId('1003', 'feishu')).toBeNull();
    // A send refused for availability marks the user: new deliveries say so for a while, then the kept id is tried again.
    const openId = openIdFor('cli_a1b2c3d4e5f6g7h8', 'fa');
    directory.noteRecipientFailure('feishu', openId, {
      channel: 'feishu',
      code: '230013',
      httpStatus: 400,
      retryable: false,
      retryAfterMs: null,
      missingScopes: [],
      explanation: { message: { en: '', zh: '' }, fix: { en: '', zh: '' }, consoleUrl: null },
    });
    expect(directory.list().users.find((u) => u.uid === '1001')!.resolutions.feishu).toMatchObject({ status: 'outside_availability', code: '230013' });
    expect(directory.platformId('1001', 'feishu')).toBeNull();
    expect(directory.missingReason('1001', 'feishu')).toBe('outside-availability');
    const later = createDirectory({ dataDir: stores.dataDir, settings, vault, now: () => new Date(Date.now() + 11 * 60_000) });
    expect(later.platformId('1001', 'feishu')).toBe(openId);
    await later.close();
    directory.upsert({ uid: '1001', name: 'Alice', mobile: '13800000002', email: 'alice@example.com' });
    expect(directory.platformId('1001', 'dingtalk')).toBeNull();
    expect(directory.list().users.find((u) => u.uid === '1001')!.resolutions.dingtalk!.stale).toBe(true);
  });
});
