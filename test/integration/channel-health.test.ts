import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import { createHandlers } from '../../electron/services/api/index.js';
import { dispatch } from '../../electron/services/api/dispatch.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.js';
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
    expect(app.delivery.outbox.counts().sent + app.delivery.outbox.counts().dead).toBe(0);
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

  it('a working channel and one person not on Feishu: stays ok after the send, recipientProblems = 1; the credential test counts', async () => {
    await saveFeishu(SECRET);
    await call('channels.setEnabled', { channel: 'feishu', enabled: true });
    await call('users.upsert', { user: { uid: '3001', name: 'Alice', email: PEOPLE[0]!.email, mobile: '' } });
    await call('users.upsert', { user: { uid: '3009', name: 'Nobody', email: 'nobody@example.com', mobile: '' } });
    const passed = await app.credentialTests.run('feishu');
    expect(passed.state).toBe('passed');
    app.startBackground();
    app.delivery.intake.accept(dmsBody({ targetUsers: [{ uid: '3001', name: 'Alice' }], receivers: [{ uid: '3009', name: 'Nobody' }] }), { source: 'api' });
    await waitFor(() => settled(app.delivery) && app.delivery.outbox.counts().sent === 1, 'the delivery to settle', 10_000);
    expect(app.delivery.outbox.counts()).toMatchObject({ sent: 1, dead: 1 });

    const h = await feishu();
    expect(h).toMatchObject({ state: 'ok', recipientProblems: 1, deadLetters: 1, lastError: null });
    expect((await call('home.checklist', {})).steps.find((s) => s.id === 'credtest')).toMatchObject({ status: 'done', detail: { en: 'Passed: Feishu' } });
  });
});
