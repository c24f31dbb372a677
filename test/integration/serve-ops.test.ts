import http from 'node:http';
import { feishuReadyVia } from '../fixtures/feishu-channel.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadyEvent } from '../../electron/cli/commands/serve.js';
import { createHandlers } from '../../electron/services/api/index.js';
import { dispatch } from '../../electron/services/api/dispatch.js';
import { createAppServices } from '../../electron/services/app.js';
import { openIdFor, startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { commandsServing, ready as readyOf, startCli, testUiDir, type CliRun } from '../fixtures/cli-run.js';
import { freePorts } from '../fixtures/ports.js';
import { dmsBody } from './delivery-harness.js';
import { TEST_VAULT_ENV } from './test-stores.js';
import { waitFor } from '../fixtures/wait-for.js';

const APP = 'cli_opsmetrics0a1b2c';
const SECRET = 'ops-metrics-secret-value';
const savedEnv = { ...process.env };
let dir: string;
let fake: FakeServer;
let serve: CliRun;
let ready: ReadyEvent;
let api: string;
let metricsUrl: string;
let inboxUrl: string;

/** `channel-desk <argv>` in-process, as typed; output lines collected. */
const run = (argv: string[]): CliRun => startCli({ argv, root: dir, env: process.env, commands: commandsServing(path.join(dir, 'ui')) });

/** Parses the Prometheus text format into `name{labels}` → value. */
function parseMetrics(body: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    m.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return m;
}

const scrape = async (): Promise<Map<string, number>> => {
  const res = await fetch(metricsUrl);
  expect(res.status).toBe(200);
  return parseMetrics(await res.text());
};

/** Waits until `ok` holds for what `get` returns, and returns that. */
const until = <T>(get: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> => {
  let last: T | undefined;
  const check = async (): Promise<T | null> => {
    last = await get();
    return ok(last) ? last : null;
  };
  return waitFor(check, what, { timeoutMs: 20_000, state: () => last }) as Promise<T>;
};

const postHook = (body: unknown, headers: Record<string, string> = { 'DMS-Event': 'Message Hook' }) =>
  fetch(inboxUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

beforeAll(async () => {
  Object.assign(process.env, TEST_VAULT_ENV, { LANG: 'en_US.UTF-8' });
  dir = mkdtempSync(path.join(tmpdir(), 'cd-serve-ops-'));
  testUiDir(dir);
  fake = await startFeishuFake({
    apps: [
      {
        appId: APP,
        secret: SECRET,
        scopes: ['im:message', 'contact:user.id:readonly'],
        users: [
          { id: 'u1', email: 'alice@example.com' },
          { id: 'u2', email: 'bob@example.com' },
          // Outside the app's availability: the platform refuses every message to her (a dead letter).
          { id: 'u3', email: 'carol@example.com', inAvailability: false },
        ],
      },
    ],
  });
  // The admin's setup, through the same contract the UI uses.
  const data = path.join(dir, 'data');
  const services = await createAppServices({ dataDir: data, mode: 'cli' });
  const call = (name: string, input: unknown) => dispatch(createHandlers(services), name, input, { transport: 'http' });
  await feishuReadyVia(call, fake.baseUrl, APP, SECRET);
  for (const [uid, name, email] of [
    ['3001', 'Alice', 'alice@example.com'],
    ['3002', 'Bob', 'bob@example.com'],
    ['3003', 'Carol', 'carol@example.com'],
  ] as const) {
    await call('users.upsert', { user: { uid, name, email } });
  }
  await call('users.resolve', {});
  await services.close();

  serve = run(['serve', '--port', '0', '--metrics-port', '0', '--data-dir', data]);
  await serve.line((l) => l.startsWith('Prometheus metrics: '));
  ready = await readyOf(serve);
  api = `http://127.0.0.1:${ready.port}`;
  const line = (prefix: string): string => serve.out.find((l) => l.startsWith(prefix))!.slice(prefix.length);
  inboxUrl = line('DMS webhook inbox: ');
  metricsUrl = line('Prometheus metrics: ');
}, 60_000);

afterAll(async () => {
  serve?.stop();
  await serve?.exit;
  await fake?.close();
  for (const k of Object.keys(TEST_VAULT_ENV)) delete process.env[k];
  Object.assign(process.env, savedEnv);
  rmSync(dir, { recursive: true, force: true });
});

describe('serve: /healthz and /metrics over HTTP', () => {
  it('prints where metrics are scraped; /healthz says only "ok" without a token', async () => {
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(metricsUrl).not.toContain(`:${ready.port}/`);
    const res = await fetch(`${api}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('ok\n');
    expect((await fetch(`${api}/healthz/details`)).status).toBe(404);
    expect((await fetch(`${api}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('serves /metrics on the API port only with the API token; on --metrics-port without one', async () => {
    expect((await fetch(`${api}/metrics`)).status).toBe(401);
    expect((await fetch(`${api}/metrics`, { headers: { Authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    const withToken = await fetch(`${api}/metrics`, { headers: { Authorization: `Bearer ${ready.token}` } });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await withToken.text()).toContain('# TYPE channel_desk_delivery_attempts_total counter');
    const own = await fetch(metricsUrl);
    expect(own.status).toBe(200);
    // The metrics listener serves nothing else: no API, no UI.
    expect((await fetch(metricsUrl.replace('/metrics', '/api/app.info'), { method: 'POST' })).status).toBe(404);
    expect((await fetch(metricsUrl.replace('/metrics', '/'))).status).toBe(404);
    // Like the API, only for a loopback Host: a DNS name rebound to 127.0.0.1 is refused.
    const withHost = (host: string) =>
      new Promise<number>((resolve, reject) => {
        http
          .get(metricsUrl, { headers: { Host: host } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject);
      });
    expect(await withHost('evil.example')).toBe(403);
    expect(await withHost(`evil.example:${new URL(metricsUrl).port}`)).toBe(403);
    expect(await withHost(`localhost:${new URL(metricsUrl).port}`)).toBe(200);
  });

  it('counts deliveries by channel and state, attempts, rate-limit waits, token fetches and inbox outcomes after known deliveries', async () => {
    // The platform throttles the first message send once: one failed attempt, retried after Retry-After.
    fake.injectFault({ kind: 'rateLimit', path: '/im/v1/messages', resetSec: 1 });
    const toAliceAndBob = dmsBody({
      taskId: '610001',
      targetUsers: [
        { uid: '3001', name: 'Alice' },
        { uid: '3002', name: 'Bob' },
      ],
    });
    expect((await postHook(toAliceAndBob)).status).toBe(202);
    expect((await postHook(dmsBody({ taskId: '610002', targetUsers: [{ uid: '3003', name: 'Carol' }] }))).status).toBe(202);
    expect((await postHook(toAliceAndBob)).status).toBe(200);
    expect((await postHook(toAliceAndBob, {})).status).toBe(400);

    const m = await until(
      scrape,
      (x) => x.get('channel_desk_deliveries{channel="feishu",state="sent"}') === 2 && x.get('channel_desk_dead_letters') === 1,
      'two sent and one dead letter',
    );
    expect(fake.delivered.map((d) => d.recipient).sort()).toEqual([openIdFor(APP, 'u1'), openIdFor(APP, 'u2')].sort());
    expect(m.get('channel_desk_deliveries{channel="feishu",state="dead"}')).toBe(1);
    expect(m.get('channel_desk_deliveries{channel="feishu",state="queued"}')).toBe(0);
    expect(m.get('channel_desk_deliveries{channel="lark",state="sent"}')).toBe(0);
    expect(m.get('channel_desk_queue_depth')).toBe(0);
    expect(m.get('channel_desk_delivery_attempts_total{channel="feishu",outcome="ok"}')).toBe(2);
    // One throttled attempt plus Carol's refused one.
    expect(m.get('channel_desk_delivery_attempts_total{channel="feishu",outcome="failed"}')).toBe(2);
    expect(m.get('channel_desk_rate_limit_waits_total{channel="feishu"}')).toBe(1);
    expect(m.get('channel_desk_token_fetches_total{channel="feishu",outcome="ok"}')).toBe(fake.tokensIssued());
    expect(fake.tokensIssued()).toBeGreaterThan(0);
    expect(m.get('channel_desk_inbox_requests_total{outcome="accepted"}')).toBe(2);
    expect(m.get('channel_desk_inbox_requests_total{outcome="duplicate"}')).toBe(1);
    expect(m.get('channel_desk_inbox_requests_total{outcome="rejected"}')).toBe(1);

    // A dead letter: /healthz turns 503 "degraded", and `status` exits 1 against the same folder.
    const res = await fetch(`${api}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('degraded\n');
    const status = run(['status', '--json', '--data-dir', path.join(dir, 'data')]);
    expect(await status.exit).toBe(1);
    expect(JSON.parse(status.out[0]!)).toMatchObject({ overall: 'degraded', queue: { deadLetters: 1, depth: 0 } });

    // `deliveries retry --all-dead` while serve runs: serve picks it up, the platform refuses again.
    const retry = run(['deliveries', 'retry', '--all-dead', '--data-dir', path.join(dir, 'data')]);
    expect(await retry.exit).toBe(0);
    const after = await until(scrape, (x) => x.get('channel_desk_delivery_attempts_total{channel="feishu",outcome="failed"}') === 3, 'the retried attempt');
    expect(after.get('channel_desk_dead_letters')).toBe(1);
  });

  it('counts DMS watcher polls and errors; a failing watcher makes /healthz degraded', async () => {
    const before = await scrape();
    expect(before.get('channel_desk_watcher_polls_total')).toBe(0);
    const res = await fetch(`${api}/api/dms.saveConnection`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ready.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        enabled: true,
        region: 'cn-hangzhou',
        tid: 3000,
        accessKeyId: 'LTAI5tOpsMetricsTest',
        accessKeySecret: 'ops-metrics-ak-secret',
        endpoint: `http://127.0.0.1:${(await freePorts(1))[0]!}`,
        pollSeconds: 60,
      }),
    });
    expect(res.status).toBe(200);
    const m = await until(scrape, (x) => (x.get('channel_desk_watcher_errors_total') ?? 0) >= 1, 'a failed poll');
    expect(m.get('channel_desk_watcher_polls_total')).toBe(m.get('channel_desk_watcher_errors_total'));
    expect((await fetch(`${api}/healthz`)).status).toBe(503);
    // Another process (`status`) sees the serving process's watcher: running, with its last poll and error.
    const status = run(['status', '--json', '--data-dir', path.join(dir, 'data')]);
    expect(await status.exit).toBe(1);
    const { watcher } = JSON.parse(status.out[0]!) as { watcher: { enabled: boolean; running: boolean; lastPollAt: string | null; lastError: unknown } };
    expect(watcher).toMatchObject({ enabled: true, running: true, lastPollAt: expect.any(String), lastError: { at: expect.any(String) } });
  });
});
