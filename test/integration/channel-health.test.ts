import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import { createHandlers } from '../../electron/services/api/index.js';
import { dispatch } from '../../electron/services/api/dispatch.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.js';
import { DINGTALK_SCOPES, startDingtalkFake } from '../fakes/dingtalk.js';
import { FEISHU_SCOPES, startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { dmsBody, settled, waitFor } from './delivery-harness.js';
import { TEST_VAULT_ENV } from './test-stores.js';

const APP = 'cli_a1b2c3d4e5f6a7b8';
const SECRET = 'feishu-Secret-0123456789';
const PEOPLE = [
  { id: 'u1', email: 'alice@example.com', mobile: '13800000001' },
  { id: 'u2', email: 'bob@example.com', mobile: '13800000002' },
  { id: 'u3', email: 'carol@example.com', mobile: '13800000003' },
];

/** One channel's health as Home, Channels and `status --json` get it. */
describe('channel health comes from the channel (Feishu fake, app services as serve runs them)', () => {
  let dataDir: string;
  let app: AppServices;
  let fake: FakeServer;
  const call = async <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
    (await dispatch(createHandlers(app), m, input, { transport: 'http' })) as MethodOutput<M>;
  const feishu = async () => (await call('health.get', {})).channels.find((c) => c.channel === 'feishu')!;

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cd-channel-health-'));
    // Headless: users are looked up in the background as soon as they are added.
    app = await createAppServices({
      dataDir,
      mode: 'headless',
      env: TEST_VAULT_ENV,
      delivery: { retry: { baseMs: 20, maxMs: 100, maxFailures: 2, maxAttempts: 5 } },
    });
    fake = await startFeishuFake({ apps: [{ appId: APP, secret: SECRET, scopes: [FEISHU_SCOPES.lookup, ...FEISHU_SCOPES.send], users: PEOPLE }] });
  });
  afterEach(async () => {
    await app.close();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const saveFeishu = (secret: string) =>
    call('channels.save', {
      channel: 'feishu',
      region: 'cn-hangzhou',
      values: { appId: APP },
      secrets: { appSecret: secret },
      baseUrls: { apiBaseUrl: fake.baseUrl },
    });

  it('a wrong App Secret: failing with the explained cause within seconds of the first failed lookup, nothing sent; the checklist does not blame the users', async () => {
    await saveFeishu('wrong-secret-0123456789');
    await call('channels.setEnabled', { channel: 'feishu', enabled: true });
    expect((await feishu()).state).toBe('idle');
    const started = Date.now();
    for (const [i, p] of PEOPLE.entries()) await call('users.upsert', { user: { uid: String(3001 + i), name: p.id, email: p.email, mobile: p.mobile } });

    await waitFor(() => app.directory.list().users.every((u) => u.resolutions.feishu?.status === 'error'), 'the background lookups to fail', 10_000);
    const h = await feishu();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(h).toMatchObject({ state: 'failing', recipientProblems: 0, deadLetters: 0, lastSuccessAt: null, lastError: { code: '10014' } });
    expect(h.lastError!.explanation.en).toContain('App secret invalid');
    expect(h.lastError!.explanation.zh).toContain('App Secret 无效');
    expect(app.delivery.outbox.log.counts().sent + app.delivery.outbox.log.counts().dead).toBe(0);
    expect((await call('health.get', {})).overall).toBe('degraded');

    const steps = (await call('home.checklist', {})).steps;
    const users = steps.find((s) => s.id === 'users')!;
    expect(users.status).toBe('failed');
    expect(users.detail.en).toContain('Feishu is failing');
    expect(users.detail.en).toContain('App secret invalid');
    expect(users.detail.zh).not.toContain('均未找到');
    expect(users.detail.en).not.toContain('none of');
    expect(steps.find((s) => s.id === 'credtest')).toMatchObject({ status: 'failed', detail: { en: expect.stringContaining('Feishu is failing') } });
  });

  const addPeople = async () => {
    for (const [i, p] of PEOPLE.entries()) await call('users.upsert', { user: { uid: String(3001 + i), name: p.id, email: p.email, mobile: p.mobile } });
  };
  const feishuStatuses = () => app.directory.list().users.map((u) => u.resolutions.feishu?.status);

  it('lookups follow the credentials: saving the right secret looks the failed users up again, no Resolve click', async () => {
    await saveFeishu('wrong-secret-0123456789');
    await call('channels.setEnabled', { channel: 'feishu', enabled: true });
    await addPeople();
    await waitFor(() => feishuStatuses().every((s) => s === 'error'), 'the lookups to fail with the wrong secret', 10_000);
    const lookupsBefore = fake.requests.filter((r) => r.path.endsWith('/batch_get_id')).length;

    await saveFeishu(SECRET);
    await waitFor(() => feishuStatuses().every((s) => s === 'found'), 'the users to be looked up again after the save', 10_000);
    const users = (await call('users.list', {})).users;
    expect(users.map((u) => [u.uid, u.resolutions.feishu?.status, u.resolutions.feishu?.code])).toEqual([
      ['3001', 'found', null],
      ['3002', 'found', null],
      ['3003', 'found', null],
    ]);
    // One batch_get_id call for the three (50 contacts a call), inside the rate budget.
    expect(fake.requests.filter((r) => r.path.endsWith('/batch_get_id')).length - lookupsBefore).toBe(1);
    expect(await feishu()).toMatchObject({ state: 'ok', lastError: null, recipientProblems: 0 });
  });

  it('lookups follow the credentials: a passed credential test looks the failed users up again', async () => {
    await saveFeishu('rotated-in-console-0123');
    await call('channels.setEnabled', { channel: 'feishu', enabled: true });
    await addPeople();
    await waitFor(() => feishuStatuses().every((s) => s === 'error'), 'the lookups to fail', 10_000);
    // The admin sets the platform's secret to the stored one, then runs the test.
    fake.setSecret(APP, 'rotated-in-console-0123');
    expect((await app.credentialTests.run('feishu')).state).toBe('passed');
    await waitFor(() => feishuStatuses().every((s) => s === 'found'), 'the users to be looked up again after the passed test', 10_000);
    expect((await feishu()).state).toBe('ok');
  });

  it('lookups follow the credentials on DingTalk Enterprise too, one getbymobile per user and never more than 20 a second', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ id: `staff${i}`, mobile: `1390000${String(i).padStart(4, '0')}` }));
    const ding = await startDingtalkFake({
      apps: [{ appId: 'dingent0123456', secret: SECRET, scopes: Object.values(DINGTALK_SCOPES), users: many, cardTemplates: ['tpl-1.schema'] }],
    });
    try {
      const save = (secret: string) =>
        call('channels.save', {
          channel: 'dingtalk-enterprise',
          region: 'cn-hangzhou',
          values: { appKey: 'dingent0123456', robotCode: 'dingent0123456', cardTemplateId: 'tpl-1.schema' },
          secrets: { appSecret: secret },
          baseUrls: { apiBaseUrl: ding.baseUrl, oapiBaseUrl: ding.baseUrl },
        });
      await save('wrong-secret-0123456789');
      await call('channels.setEnabled', { channel: 'dingtalk-enterprise', enabled: true });
      for (const [i, p] of many.entries()) await call('users.upsert', { user: { uid: String(5000 + i), name: p.id, email: '', mobile: p.mobile } });
      const statuses = () => app.directory.list().users.map((u) => u.resolutions['dingtalk-enterprise']?.status);
      await waitFor(() => statuses().length === 30 && statuses().every((s) => s === 'error'), 'the lookups to fail', 10_000);
      const since = Date.now();

      await save(SECRET);
      await waitFor(() => statuses().every((s) => s === 'found'), 'all 30 users found after the save', 15_000);
      const calls = ding.requests.filter((r) => r.path.endsWith('/user/getbymobile') && r.at >= since).map((r) => r.at);
      expect(calls).toHaveLength(30);
      const busiest = Math.max(...calls.map((t) => calls.filter((u) => u >= t && u < t + 1000).length));
      expect(busiest).toBeLessThanOrEqual(20);
    } finally {
      await ding.close();
    }
  });

  it('a working channel and one person not on Feishu: stays ok after the send, recipientProblems = 1; the credential test counts', async () => {
    await saveFeishu(SECRET);
    await call('channels.setEnabled', { channel: 'feishu', enabled: true });
    await call('users.upsert', { user: { uid: '3001', name: 'Alice', email: PEOPLE[0]!.email, mobile: '' } });
    await call('users.upsert', { user: { uid: '3009', name: 'Nobody', email: 'nobody@example.com', mobile: '' } });
    const passed = await app.credentialTests.run('feishu');
    expect(passed.state).toBe('passed');
    app.startBackground();
    app.delivery.intake.accept(dmsBody({ targetUsers: [{ uid: '3001', name: 'Alice' }], receivers: [{ uid: '3009', name: 'Nobody' }] }), { source: 'api' });
    await waitFor(() => settled(app.delivery) && app.delivery.outbox.log.counts().sent === 1, 'the delivery to settle', 10_000);
    expect(app.delivery.outbox.log.counts()).toMatchObject({ sent: 1, dead: 1 });

    const h = await feishu();
    expect(h).toMatchObject({ state: 'ok', recipientProblems: 1, deadLetters: 1, lastError: null });
    expect((await call('home.checklist', {})).steps.find((s) => s.id === 'credtest')).toMatchObject({ status: 'done', detail: { en: 'Passed: Feishu' } });
  });
});
