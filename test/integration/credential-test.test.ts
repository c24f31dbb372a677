import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelId } from '../../shared/catalog/channels.js';
import { createCredentialTests, type CredentialTests } from '../../electron/services/credential-test/credential-tests.js';
import type { SettingsStore } from '../../electron/services/settings/settings-store.js';
import type { SecretStore } from '../../electron/services/vault/secret-store.js';
import { testCommand } from '../../electron/cli/commands/test.js';
import { DINGTALK_SCOPES, startDingtalkFake } from '../fakes/dingtalk.js';
import { FEISHU_SCOPES, openIdFor, startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { openTestStores, TEST_VAULT_ENV, type TestStores } from './test-stores.js';
import { waitFor } from '../fixtures/wait-for.js';

const FEISHU_APP = 'cli_a1b2c3d4e5f6g7h8';
const FEISHU_SECRET = 'feishu-Secret-0123456789';
const DT_APP = 'dingabc123456';
const DT_SECRET = 'dingtalk-Secret-0123456789';

describe('credential test', () => {
  let stores: TestStores;
  let settings: SettingsStore;
  let vault: SecretStore;
  let tests: CredentialTests;
  const fakes: FakeServer[] = [];

  beforeEach(() => {
    stores = openTestStores('cd-credtest-');
    ({ settings, vault } = stores);
    tests = createCredentialTests({ settings, vault, stepTimeoutMs: 3000, env: {} });
  });
  afterEach(async () => {
    for (const f of fakes.splice(0)) await f.close();
    stores.remove();
  });

  async function configure(channel: ChannelId, baseUrl: string, values: Record<string, string>, secret: string) {
    settings.update((s) => ({
      ...s,
      channels: { ...s.channels, [channel]: { ...s.channels[channel], enabled: true, values, baseUrls: { apiBaseUrl: baseUrl, oapiBaseUrl: baseUrl } } },
    }));
    await vault.set(`channel/${channel}/appSecret`, secret);
  }

  async function feishu(opts: { scopes?: string[]; platform?: 'feishu' | 'lark'; startTime?: number } = {}) {
    const fake = await startFeishuFake({
      platform: opts.platform ?? 'feishu',
      ...(opts.startTime ? { startTime: opts.startTime } : {}),
      apps: [
        {
          appId: FEISHU_APP,
          secret: FEISHU_SECRET,
          scopes: opts.scopes ?? [FEISHU_SCOPES.lookup, 'im:message'],
          platform: 'feishu',
          users: [{ id: 'u1', mobile: '13800000001', email: 'alice@example.com' }],
        },
      ],
    });
    fakes.push(fake);
    return fake;
  }

  const stepsOf = (run: { steps: { id: string; status: string }[] }) => Object.fromEntries(run.steps.map((s) => [s.id, s.status]));

  it('passes every step and sends exactly one test message that the fake records', async () => {
    const fake = await feishu();
    await configure('feishu', fake.baseUrl, { appId: FEISHU_APP }, FEISHU_SECRET);
    const run = await tests.run('feishu', 'alice@example.com');
    expect(stepsOf(run)).toEqual({ config: 'pass', reachable: 'pass', token: 'pass', permission: 'pass', recipient: 'pass', send: 'pass' });
    expect(run.state).toBe('passed');
    expect(fake.delivered).toHaveLength(1);
    expect(fake.delivered[0]).toMatchObject({ recipient: openIdFor(FEISHU_APP, 'u1'), msgType: 'post' });
    expect(JSON.stringify(fake.delivered[0]!.content)).toContain('Channel Desk test message');
    for (const s of run.steps) if (s.status === 'pass') expect(s.durationMs).toBeGreaterThanOrEqual(0);
    expect(settings.read().credentialTests.feishu).toMatchObject({ ok: true, failedStep: null });
  });

  it('with a region, the test message carries "Open DMS" to the region’s homepage (the setup guide’s phone check)', async () => {
    const fake = await feishu();
    await configure('feishu', fake.baseUrl, { appId: FEISHU_APP }, FEISHU_SECRET);
    settings.update((s) => ({ ...s, channels: { ...s.channels, feishu: { ...s.channels.feishu, region: 'ap-southeast-1' } } }));
    expect((await tests.run('feishu', 'alice@example.com')).state).toBe('passed');
    expect(fake.delivered[0]).toMatchObject({ msgType: 'interactive' });
    expect(fake.delivered[0]!.links).toEqual([
      {
        at: 'button',
        url: `https://applink.feishu.cn/client/web_app/open?appId=${FEISHU_APP}`,
        label: 'Open DMS / 打开 DMS',
        multiUrl: {
          url: `https://applink.feishu.cn/client/web_app/open?appId=${FEISHU_APP}`,
          pc_url: `https://applink.feishu.cn/client/web_url/open?mode=window&url=${encodeURIComponent('https://dms-ap-southeast-1.alibabacloud.com')}`,
          ios_url: `https://applink.feishu.cn/client/web_app/open?appId=${FEISHU_APP}`,
          android_url: `https://applink.feishu.cn/client/web_app/open?appId=${FEISHU_APP}`,
        },
      },
    ]);
  });

  it('without a recipient, the optional steps are skipped and nothing is sent', async () => {
    const fake = await feishu();
    await configure('feishu', fake.baseUrl, { appId: FEISHU_APP }, FEISHU_SECRET);
    const run = await tests.run('feishu');
    expect(stepsOf(run)).toMatchObject({ permission: 'pass', recipient: 'skipped', send: 'skipped' });
    expect(run.state).toBe('passed');
    expect(fake.delivered).toHaveLength(0);
  });

  it('missing permission names the missing scope and the fix, then passes once granted', async () => {
    const fake = await feishu({ scopes: ['im:message'] });
    await configure('feishu', fake.baseUrl, { appId: FEISHU_APP }, FEISHU_SECRET);
    const run = await tests.run('feishu', 'alice@example.com');
    const perm = run.steps.find((s) => s.id === 'permission')!;
    expect(perm.status).toBe('fail');
    expect(perm.code).toBe('99991672');
    expect(perm.missingScopes).toEqual([FEISHU_SCOPES.lookup]);
    expect(perm.fix!.en).toContain(FEISHU_SCOPES.lookup);
    expect(perm.fix!.en).toMatch(/publish a new app version/);
    expect(perm.consoleUrl).toBe(`https://open.feishu.cn/app/${FEISHU_APP}/auth`);
    expect(stepsOf(run)).toMatchObject({ recipient: 'skipped', send: 'skipped' });
    expect(settings.read().credentialTests.feishu).toMatchObject({ ok: false, failedStep: 'permission', code: '99991672' });

    fake.setScopes(FEISHU_APP, [FEISHU_SCOPES.lookup, 'im:message']);
    expect((await tests.run('feishu', 'alice@example.com')).state).toBe('passed');
    expect(fake.delivered).toHaveLength(1);
  });

  it('DingTalk: legacy 88/60011 without a scope name still names the probe scope; card template is used', async () => {
    const fake = await startDingtalkFake({
      apps: [{ appId: DT_APP, secret: DT_SECRET, scopes: [DINGTALK_SCOPES.robot, DINGTALK_SCOPES.card], users: [{ id: 'mgr1', mobile: '13900000001' }] }],
    });
    fakes.push(fake);
    await configure(
      'dingtalk',
      fake.baseUrl,
      { appId: 'app-1234567', agentId: '12345', appKey: DT_APP, robotCode: DT_APP, cardTemplateId: 'tpl-1.schema' },
      DT_SECRET,
    );
    const failed = await tests.run('dingtalk', '13900000001');
    const perm = failed.steps.find((s) => s.id === 'permission')!;
    expect(perm).toMatchObject({ status: 'fail', code: '88', missingScopes: ['qyapi_get_member_by_mobile'] });
    expect(perm.diagnosis!.en).toMatch(/no permission/);

    fake.setScopes(DT_APP, Object.values(DINGTALK_SCOPES));
    const ok = await tests.run('dingtalk', '13900000001');
    expect(ok.state).toBe('passed');
    expect(fake.delivered).toEqual([expect.objectContaining({ recipient: 'mgr1', msgType: 'card' })]);
    expect(ok.steps.find((s) => s.id === 'send')!.detail!.en).toContain('tpl-1.schema');
  });

  it('a Feishu app on the Lark channel: 10003 with a hint about the platform', async () => {
    const lark = await feishu({ platform: 'lark' });
    await configure('lark', lark.baseUrl, { appId: FEISHU_APP }, FEISHU_SECRET);
    const run = await tests.run('lark');
    const token = run.steps.find((s) => s.id === 'token')!;
    expect(token).toMatchObject({ status: 'fail', code: '10003' });
    expect(run.warnings.map((w) => w.message.en).join(' ')).toMatch(/may belong to Feishu, not Lark/);
  });

  it('wrong secret fails the token step with the fix; incomplete config fails first', async () => {
    const fake = await feishu();
    await configure('feishu', fake.baseUrl, { appId: FEISHU_APP }, 'definitely-wrong-secret');
    const run = await tests.run('feishu');
    expect(run.steps.find((s) => s.id === 'token')).toMatchObject({ status: 'fail', code: '10014' });
    expect(JSON.stringify(run)).not.toContain('definitely-wrong-secret');

    await vault.delete('channel/feishu/appSecret');
    const incomplete = await tests.run('feishu');
    expect(incomplete.steps[0]).toMatchObject({ id: 'config', status: 'fail' });
    expect(incomplete.steps[0]!.diagnosis!.en).toContain('AppSecret');
    expect(stepsOf(incomplete)).toMatchObject({ reachable: 'skipped', token: 'skipped' });
  });

  it('unreachable host fails the reachability step', async () => {
    const fake = await feishu();
    const url = fake.baseUrl;
    await fake.close();
    fakes.pop();
    await configure('feishu', url, { appId: FEISHU_APP }, FEISHU_SECRET);
    const run = await tests.run('feishu');
    expect(run.steps.find((s) => s.id === 'reachable')).toMatchObject({ status: 'fail', code: 'ECONNREFUSED' });
  });

  it('warns about clock skew from the platform Date header', async () => {
    const fake = await feishu({ startTime: Date.now() + 20 * 60_000 });
    await configure('feishu', fake.baseUrl, { appId: FEISHU_APP }, FEISHU_SECRET);
    const run = await tests.run('feishu');
    expect(run.state).toBe('passed');
    expect(run.warnings.map((w) => w.message.en).join(' ')).toMatch(/clock differs .* by 20 minutes/);
  });

  it('runs in the background, times a slow step out, and can be cancelled', async () => {
    const fake = await feishu();
    await configure('feishu', fake.baseUrl, { appId: FEISHU_APP }, FEISHU_SECRET);
    const quick = createCredentialTests({ settings, vault, stepTimeoutMs: 200, env: {} });
    fake.injectFault({ kind: 'hang', path: 'tenant_access_token' });
    const timedOut = await quick.run('feishu');
    expect(timedOut.steps.find((s) => s.id === 'token')).toMatchObject({ status: 'fail', code: 'timeout' });

    fake.injectFault({ kind: 'hang', path: 'tenant_access_token' });
    const runId = tests.start('feishu');
    await waitFor(() => tests.get(runId).steps.find((s) => s.id === 'token')!.status === 'running', 'the token step to start');
    expect(tests.cancel(runId)).toBe(true);
    const done = await tests.wait(runId);
    expect(done).toMatchObject({ state: 'cancelled', finishedAt: expect.any(String) });
    expect(done.steps.find((s) => s.id === 'token')).toMatchObject({ status: 'fail', code: 'cancelled' });
  });

  it('CLI: `channel-desk test feishu --to …` prints each step and exits 0 only on success', async () => {
    const fake = await feishu({ scopes: ['im:message'] });
    const saved = { ...process.env };
    Object.assign(process.env, TEST_VAULT_ENV);
    try {
      await configure('feishu', fake.baseUrl, { appId: FEISHU_APP }, FEISHU_SECRET);
      const run = async (args: string[]) => {
        const out: string[] = [];
        const code = await testCommand.run(
          args,
          { dataDir: stores.dataDir },
          { out: (l) => out.push(l), err: (l) => out.push(l), lang: 'en-US', signal: new AbortController().signal },
        );
        return { code, out: out.join('\n') };
      };
      const failed = await run(['feishu', '--to', 'alice@example.com']);
      expect(failed.code).toBe(1);
      expect(failed.out).toMatch(/✗ Permission probe/);
      expect(failed.out).toContain('contact:user.id:readonly');
      expect(failed.out).not.toContain(FEISHU_SECRET);

      fake.setScopes(FEISHU_APP, [FEISHU_SCOPES.lookup, 'im:message']);
      const ok = await run(['feishu', '--to', 'alice@example.com']);
      expect(ok.code).toBe(0);
      expect(ok.out).toMatch(/✓ Send test message/);
      expect(fake.delivered).toHaveLength(1);
      expect((await run(['nowhere'])).code).toBe(2);
    } finally {
      process.env = saved;
    }
  });

  describe('typed values that move a base URL to another host', () => {
    const dtValues = { appId: 'app-1234567', agentId: '12345', appKey: DT_APP, robotCode: DT_APP, cardTemplateId: 'tpl-1.schema' };
    const cases = [
      {
        channel: 'feishu' as const,
        start: () => feishu(),
        values: { appId: FEISHU_APP },
        secret: FEISHU_SECRET,
        moved: (_stored: string, other: string) => ({ apiBaseUrl: other }),
      },
      {
        channel: 'dingtalk' as const,
        start: async () => {
          const fake = await startDingtalkFake({
            apps: [{ appId: DT_APP, secret: DT_SECRET, scopes: Object.values(DINGTALK_SCOPES), users: [{ id: 'mgr1', mobile: '13900000001' }] }],
          });
          fakes.push(fake);
          return fake;
        },
        values: dtValues,
        secret: DT_SECRET,
        // Only the API address changes; the OAPI address stays where it was.
        moved: (stored: string, other: string) => ({ apiBaseUrl: other, oapiBaseUrl: stored }),
      },
    ];

    for (const c of cases) {
      it(`${c.channel}: without the secret typed again, the config step names it and the new host receives nothing`, async () => {
        const stored = await c.start();
        const other = await c.start();
        await configure(c.channel, stored.baseUrl, c.values, c.secret);
        const draft = { region: null, values: c.values, secrets: {}, baseUrls: c.moved(stored.baseUrl, other.baseUrl) };

        const run = await tests.wait(tests.start(c.channel, undefined, draft));
        const config = run.steps.find((s) => s.id === 'config')!;
        expect(config).toMatchObject({ status: 'fail', code: 'config' });
        expect(config.diagnosis!.en).toContain('enter AppSecret again');
        expect(config.diagnosis!.zh).toContain('请重新输入 AppSecret');
        expect(config.fix!.en).toContain('secrets.appSecret');
        expect(run.steps.filter((s) => s.status === 'pass')).toEqual([]);
        expect(other.requests).toEqual([]);
        expect(other.tokensIssued()).toBe(0);
        expect(stored.requests).toEqual([]);

        // Typed again with the new address, the secret goes to the new host.
        const typed = await tests.wait(tests.start(c.channel, undefined, { ...draft, secrets: { appSecret: c.secret } }));
        expect(typed.steps.find((s) => s.id === 'token')?.status).toBe('pass');
        expect(other.tokensIssued()).toBeGreaterThan(0);
      });
    }
  });
});
