import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import { createHandlers } from '../../electron/services/api/index.js';
import { dispatch } from '../../electron/services/api/dispatch.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.js';
import { FEISHU_SCOPES, openIdFor, startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { TEST_VAULT_ENV } from './test-stores.js';

const APP = 'cli_a1b2c3d4e5f6a7b8';
const SECRET = 'feishu-Secret-0123456789';

describe('test typed values, notification language, send a test event', () => {
  let dataDir: string;
  let app: AppServices;
  let fake: FakeServer;
  const call = async <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
    (await dispatch(createHandlers(app), m, input, { transport: 'http' })) as MethodOutput<M>;

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cd-typed-'));
    app = await createAppServices({
      dataDir,
      mode: 'cli',
      env: TEST_VAULT_ENV,
      delivery: { retry: { baseMs: 20, maxMs: 100, maxFailures: 2, maxAttempts: 5 } },
    });
    fake = await startFeishuFake({
      apps: [{ appId: APP, secret: SECRET, scopes: [FEISHU_SCOPES.lookup, 'im:message'], users: [{ id: 'u1', email: 'alice@example.com' }] }],
    });
  });
  afterEach(async () => {
    await app.close();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const typed = (secret: string) => ({
    region: 'cn-hangzhou' as const,
    values: { appId: APP },
    secrets: { appSecret: secret },
    baseUrls: { apiBaseUrl: fake.baseUrl },
  });
  const settingsFile = () => readFileSync(path.join(dataDir, 'settings.json'), 'utf8');

  async function finished(runId: string) {
    return app.credentialTests.wait(runId);
  }

  it('tests the typed secret without storing anything; saving exactly those values makes it the last test', async () => {
    await call('channels.save', { channel: 'feishu', ...typed('stored-but-wrong-1') });
    const before = settingsFile();

    const { runId } = await call('credtest.start', { channel: 'feishu', to: 'alice@example.com', draft: typed(SECRET) });
    const run = await finished(runId);
    expect(run).toMatchObject({ state: 'passed', typed: true });
    expect(fake.delivered).toHaveLength(1);
    // Nothing stored: same settings file, same vault value, no "last test" for the stored (wrong) config.
    expect(settingsFile()).toBe(before);
    expect(await app.vault.get('channel/feishu/appSecret')).toBe('stored-but-wrong-1');
    expect((await call('channels.get', { channel: 'feishu' })).lastTest).toBeNull();

    // The stored config still fails: the typed pass did not leak into it.
    const stored = await finished((await call('credtest.start', { channel: 'feishu' })).runId);
    expect(stored.state).toBe('failed');
    expect(stored.steps.find((s) => s.status === 'fail')?.code).toBe('10014');

    const saved = await call('channels.save', { channel: 'feishu', ...typed(SECRET) });
    expect(saved.lastTest?.ok).toBe(true);
  });

  it('typed values with a format error fail at the config step and name the field', async () => {
    const { runId } = await call('credtest.start', { channel: 'feishu', draft: { ...typed(SECRET), values: { appId: 'not-an-app-id' } } });
    const run = await finished(runId);
    expect(run.state).toBe('failed');
    const config = run.steps.find((s) => s.id === 'config')!;
    expect(config).toMatchObject({ status: 'fail', code: 'config' });
    expect(config.fix?.en).toContain('values.appId');
    expect(run.steps.find((s) => s.id === 'token')?.status).not.toBe('pass');
  });

  it('notification language: defaults per platform, preview by the sender code, UI language changes nothing', async () => {
    const view = await call('messages.get', {});
    const lang = Object.fromEntries(view.channels.map((c) => [c.channel, c.language]));
    expect(lang).toEqual({ dingtalk: 'zh-CN', 'dingtalk-enterprise': 'zh-CN', feishu: 'zh-CN', lark: 'en-US' });
    const feishu = view.channels.find((c) => c.channel === 'feishu')!;
    expect(feishu.preview).toMatchObject({ format: 'post', title: '[DMS] 数据导出 · 待审批' });
    expect(JSON.parse(feishu.preview.body)).toMatchObject({ msg_type: 'post', content: { zh_cn: { title: '[DMS] 数据导出 · 待审批' } } });
    expect(view.channels.find((c) => c.channel === 'lark')!.preview.title).toBe('[DMS] Data Exporting · Pending Approval');
    // The post's title is the headline; its body does not say it again.
    expect(feishu.preview.body.split('[DMS] 数据导出 · 待审批').length - 1).toBe(1);
    // The preview reads as the platform shows it: no Markdown escapes or markers.
    for (const c of view.channels) {
      expect(c.preview.readable, c.channel).toContain('orders_2026');
      expect(c.preview.readable, c.channel).toContain("SELECT id, amount FROM orders WHERE created_at >= '2026-11-01'");
      expect(c.preview.readable, c.channel).not.toMatch(/\\[_*#()[\]]|\*\*|^### /m);
    }
    expect(feishu.preview.readable.startsWith('[DMS] 数据导出 · 待审批\n')).toBe(true);
    expect(feishu.preview.readable.split('[DMS] 数据导出 · 待审批').length - 1).toBe(1);

    const english = await call('messages.setLanguage', { channel: 'feishu', language: 'en-US' });
    expect(english.channels.find((c) => c.channel === 'feishu')!.preview.title).toBe('[DMS] Data Exporting · Pending Approval');
    await call('messages.setLanguage', { channel: 'feishu', language: null });

    // The admin's UI is in English; approvers on Feishu still get Chinese.
    app.settings.update((s) => ({ ...s, ui: { language: 'en-US' } }));
    await call('channels.save', { channel: 'feishu', ...typed(SECRET) });
    await call('channels.setEnabled', { channel: 'feishu', enabled: true });
    await call('users.upsert', { user: { uid: '3001', name: 'Alice', email: 'alice@example.com' } });
    await call('users.resolve', {});
    app.startBackground();
    const sent = await call('events.sendTest', {
      module: 'ticket',
      businessType: 'data-export',
      status: 'pending-approval',
      eventUsers: ['3001'],
      submitterUid: '',
    });
    expect(sent.deliveries).toBe(1);
    await expect.poll(() => fake.delivered.length, { timeout: 10_000 }).toBe(1);
    const msg = fake.delivered[0]!;
    expect(msg.recipient).toBe(openIdFor(APP, 'u1'));
    expect(JSON.stringify(msg.content)).toContain('数据导出');
    expect(JSON.stringify(msg.content)).not.toContain('Data Exporting');

    // Marked as a test in the delivery log.
    const events = await call('sender.events', {});
    expect(events.items[0]).toMatchObject({ source: 'test', taskName: 'Channel Desk test / 测试' });
    // The platform has the message a moment before the sender records it.
    await expect.poll(() => app.delivery.outbox.log.counts().sent, { timeout: 5_000 }).toBe(1);
    expect((await call('home.checklist', {})).steps.find((s) => s.id === 'delivered')?.status).toBe('done');
  });
});
