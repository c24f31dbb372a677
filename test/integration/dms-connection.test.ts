import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DmsTestRun } from '../../shared/contract/dms.js';
import { createHandlers } from '../../electron/services/api/index.js';
import { dispatch } from '../../electron/services/api/dispatch.js';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import { startFakeDms, type FakeDms } from '../fakes/dms-openapi.js';
import { runCliToEnd } from '../fixtures/cli-run.js';
import { waitFor } from '../fixtures/wait-for.js';

const SECRET = 'conn-test-secret-abcdef';
let dir: string;
let services: AppServices;
let fake: FakeDms;
const call = (name: string, input: unknown = {}): Promise<unknown> => dispatch(createHandlers(services), name, input, { transport: 'cli' });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-dmsconn-'));
  services = await createAppServices({ dataDir: dir, mode: 'cli' });
  fake = await startFakeDms({
    tid: 3000,
    keys: [
      { id: 'LTAIok', secret: SECRET, actions: '*' },
      { id: 'LTAInoList', secret: SECRET, actions: ['GetUser'] },
      { id: 'LTAIoff', secret: SECRET, inactive: true },
    ],
    orders: [{ pluginType: 'DATA_EXPORT', statusCode: 'toaudit', committerId: '1' }],
  });
});
afterAll(async () => {
  await fake.close();
  await services.vault.delete('dms/accessKeySecret');
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await call('dms.saveConnection', { region: 'cn-hangzhou', tid: 3000, accessKeyId: 'LTAIok', accessKeySecret: SECRET, endpoint: fake.endpoint });
});

async function runTest(): Promise<DmsTestRun> {
  const started = (await call('dms.testStart')) as DmsTestRun;
  return waitFor(async () => {
    const run = (await call('dms.testGet', { runId: started.runId })) as DmsTestRun;
    return run.state === 'running' ? null : run;
  }, 'the test run to finish');
}
const states = (run: DmsTestRun): string[] => run.steps.map((s) => `${s.id}:${s.status}`);

describe('DMS connection settings', () => {
  it('stores the secret in the vault only, never returns or writes it', async () => {
    const view = (await call('dms.getConnection')) as Record<string, unknown>;
    expect(view).toMatchObject({ tid: 3000, accessKeyId: 'LTAIok', secretSet: true, resolvedEndpoint: fake.endpoint });
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(readFileSync(services.settings.filePath, 'utf8')).not.toContain(SECRET);
    expect(await services.vault.get('dms/accessKeySecret')).toBe(SECRET);
    // An empty secret on save keeps the stored one.
    await call('dms.saveConnection', { accessKeySecret: '', pollSeconds: 30 });
    expect(await services.vault.get('dms/accessKeySecret')).toBe(SECRET);
  });

  it('refuses a plain-http endpoint that is not loopback', async () => {
    await expect(call('dms.saveConnection', { endpoint: 'http://dms-enterprise.cn-hangzhou.aliyuncs.com' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      issues: [expect.objectContaining({ path: 'endpoint' })],
    });
    // Back to the public endpoint: another origin, so the secret is entered again (issue 10).
    const view = (await call('dms.saveConnection', { endpoint: '', accessKeySecret: SECRET })) as { resolvedEndpoint: string };
    expect(view.resolvedEndpoint).toBe('https://dms-enterprise.cn-hangzhou.aliyuncs.com');
  });
});

describe('DMS connection test', () => {
  it('passes every step on a good connection', async () => {
    const run = await runTest();
    expect(run.state).toBe('passed');
    expect(states(run)).toEqual(['reach:pass', 'signature:pass', 'list-orders:pass', 'tenant:pass']);
    expect(run.steps[3]?.detail?.en).toMatch(/1 tickets visible/);
    // The unsigned reachability probe is answered 400 by DMS: a pass, never reported as "HTTP 400".
    expect(run.steps[0]?.detail).toEqual({ en: expect.stringMatching(/^https?:\/\/\S+ answered$/), zh: expect.stringMatching(/已应答$/) });
    expect(JSON.stringify(run.steps[0]?.detail)).not.toMatch(/HTTP \d/);
  });

  const failures: [string, Record<string, unknown>, string, RegExp][] = [
    ['unknown AccessKey ID', { accessKeyId: 'LTAIwho' }, 'signature', /does not know this AccessKey ID/],
    ['disabled AccessKey', { accessKeyId: 'LTAIoff' }, 'signature', /disabled/],
    ['wrong secret', { accessKeySecret: 'not-the-secret' }, 'signature', /secret does not match/],
    ['RAM without dms:ListOrders', { accessKeyId: 'LTAInoList' }, 'list-orders', /lacks "dms:ListOrders"/],
    ['wrong Tid', { tid: 9999 }, 'tenant', /tenant ID \(Tid\)/],
  ];
  it.each(failures)('%s fails at the right step with its explanation', async (_n, change, step, explanation) => {
    await call('dms.saveConnection', change);
    const run = await runTest();
    expect(run.state).toBe('failed');
    const failed = run.steps.find((s) => s.status === 'fail');
    expect(failed?.id).toBe(step);
    expect(failed?.diagnosis?.en).toMatch(explanation);
    expect(failed?.fix?.zh.length).toBeGreaterThan(5);
    const after = run.steps.slice(run.steps.indexOf(failed as never) + 1);
    expect(after.every((s) => s.status === 'skipped')).toBe(true);
    expect(JSON.stringify(run)).not.toContain(SECRET);
  });

  it('an unreachable endpoint fails the first step', async () => {
    await call('dms.saveConnection', { endpoint: 'http://127.0.0.1:1', accessKeySecret: SECRET });
    const run = await runTest();
    expect(states(run)).toEqual(['reach:fail', 'signature:skipped', 'list-orders:skipped', 'tenant:skipped']);
    expect(run.steps[0]?.diagnosis?.en).toMatch(/Could not reach/);
  });

  it('throttling and server errors are explained as retryable', async () => {
    fake.throttleNext(1, 'ListOrders');
    const run = await runTest();
    expect(run.steps.find((s) => s.status === 'fail')).toMatchObject({ code: 'Throttling.User', diagnosis: { en: expect.stringMatching(/throttling/) } });
  });

  it('a clock far off is explained with the skew', async () => {
    const skewed = await createAppServices({ dataDir: dir, mode: 'cli', now: () => new Date(Date.now() - 45 * 60_000) });
    try {
      const run = await skewed.dms.tests.run();
      const failed = run.steps.find((s) => s.status === 'fail');
      expect(failed).toMatchObject({ id: 'signature', code: 'InvalidTimeStamp.Expired' });
      expect(failed?.diagnosis?.en).toMatch(/about 45 min behind/);
      expect(run.steps[0]?.detail?.en).toMatch(/clock is 45 min behind/);
    } finally {
      await skewed.close();
    }
  });

  it('can be cancelled', async () => {
    fake.stallNext(1, 1500);
    const started = (await call('dms.testStart')) as DmsTestRun;
    const cancelled = (await call('dms.testCancel', { runId: started.runId })) as DmsTestRun;
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.steps.every((s) => s.status === 'skipped' || s.status === 'pass')).toBe(true);
  });
});

describe('CLI', () => {
  const cli = (argv: string[]) => runCliToEnd({ argv: [...argv, '--data-dir', dir], root: dir });

  it('`dms test` exits 0 only on success', async () => {
    const ok = await cli(['dms', 'test']);
    expect(ok.code).toBe(0);
    expect(ok.out.join('\n')).toMatch(/✓ RAM allows dms:ListOrders/);
    await call('dms.saveConnection', { accessKeyId: 'LTAInoList' });
    const bad = await cli(['dms', 'test', '--lang', 'zh']);
    expect(bad.code).toBe(1);
    expect(bad.out.join('\n')).toMatch(/✗ RAM 允许 dms:ListOrders[\s\S]*解决方法：/);
    expect(await cli(['dms', 'nope'])).toMatchObject({ code: 2 });
  });

  it('`watch --once` runs one poll and exits; a failure exits 1 with the explanation', async () => {
    const first = await cli(['watch', '--once']);
    expect(first.code).toBe(0);
    expect(first.out.join('\n')).toMatch(/First poll: recorded 1 existing/);
    const id = fake.createOrder({ pluginType: 'DATA_EXPORT', statusCode: 'toaudit', committerId: '1' });
    const second = await cli(['watch', '--once', '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.out[0] ?? '{}')).toMatchObject({ baseline: false, emitted: 1, events: [{ orderId: String(id), status: 'Pending Approval' }] });
    await call('dms.saveConnection', { accessKeySecret: 'wrong' });
    const bad = await cli(['watch', '--once']);
    expect(bad.code).toBe(1);
    expect(bad.err.join('\n')).toMatch(/signature/);
    expect(await cli(['watch'])).toMatchObject({ code: 2 });
  });
});
