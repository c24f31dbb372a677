/**
 * Sender and UI benchmarks (`npm run bench`, or `npm run bench -- --quick`). Every figure is printed next to
 * its ceiling or target, measured in the same run against the fake platforms on loopback.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { FEISHU_SCOPES, openIdFor, startFeishuFake } from '../fakes/feishu.js';
import type { FakeServer } from '../fakes/common.js';
import { documentedLimits, SlidingWindow, type RateLimit } from '../../electron/services/delivery/sender/rate-budget.js';
import { dmsBody, settled, startHarness, waitFor, type Harness } from '../integration/delivery-harness.js';
import { startRateLimitProxy } from './rate-limit-proxy.js';
import { reminderBench } from './reminders.js';
import { approvalsBench } from './approvals.js';
import { blockingScripts, initialBundle } from './bundle-size.js';
import { CHROMIUM, measureFirstPaint, median } from './first-paint.js';

const quick = process.argv.includes('--quick');
/** `--only ui` / `--only reminders` / `--only approvals` / `--only sender`: one group of benchmarks. */
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? process.argv[onlyArg + 1] : undefined;
const execFileAsync = promisify(execFile);
const APP = 'cli_bench0123456789';
const SECRET = 'bench-feishu-secret-01';
const CONCURRENCY = 16;
const USERS = Array.from({ length: 300 }, (_, i) => ({ id: `b${i}` }));
const people = Object.fromEntries(USERS.map((u, i) => [String(10_000 + i), { feishu: openIdFor(APP, u.id) }]));
const threeRecipients = (i: number) => [0, 1, 2].map((k) => ({ uid: String(10_000 + ((i * 3 + k) % USERS.length)), name: '' }));

const rows: { name: string; value: string; target: string; ok: boolean }[] = [];
const report = (name: string, value: string, target: string, ok: boolean): void => {
  rows.push({ name, value, target, ok });
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}: ${value}   (target ${target})`);
};

// Short test tokens keep Feishu's proportions: the same token is re-issued until a quarter is left
// (30 min of 2 h).
const fakeOptions = (ttl?: number) => ({
  apps: [{ appId: APP, secret: SECRET, scopes: [FEISHU_SCOPES.send[0]], users: USERS }],
  ...(ttl ? { ttl, reissueBelowSec: ttl / 4 } : {}),
});

const harness = (baseUrl: string, opts: { limits: boolean; maxInFlight?: number }): Promise<Harness> =>
  startHarness({
    channels: { feishu: { baseUrl, appId: APP, secret: SECRET } },
    people,
    maxInFlight: opts.maxInFlight ?? CONCURRENCY,
    timeoutMs: 10_000,
    ...(opts.limits ? {} : { limits: () => null }),
  });

function enqueueEvents(h: Harness, n: number): void {
  for (let i = 0; i < n; i++) h.delivery.intake.accept(dmsBody({ targetUsers: threeRecipients(i) }), { source: 'api' });
}

/** 1. Queue of 100,000 deliveries: enqueue latency and peak memory of the compiled app, in its own process. */
async function queueBench(): Promise<void> {
  const deliveries = quick ? 30_000 : 100_000;
  const child = path.join(import.meta.dirname, 'queue-child.mjs');
  if (!existsSync(path.join(import.meta.dirname, '../../dist/electron/services/delivery/delivery-services.js'))) {
    report('queue benchmark', 'skipped: run `npm run build:main` first (it measures the compiled app)', '—', false);
    return;
  }
  const { stdout } = await execFileAsync(process.execPath, [child, String(deliveries)], { maxBuffer: 1 << 20 });
  const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as { queued: number; p50: number; p99: number; peakMb: number; baselineMb: number };
  report(`enqueue latency p50 (${r.queued} deliveries queued)`, `${r.p50.toFixed(2)} ms`, 'informational', true);
  report('enqueue latency p99', `${r.p99.toFixed(2)} ms`, '< 5 ms', r.p99 < 5);
  report(`peak RSS with the full queue (process at start: ${r.baselineMb.toFixed(0)} MB)`, `${r.peakMb.toFixed(0)} MB`, '< 200 MB', r.peakMb < 200);
}

/** 2. Throughput with limits off vs a bare loop of the same HTTP requests. */
async function throughputBench(fake: FakeServer): Promise<void> {
  const events = quick ? 2_000 : 10_000;
  const requests = events * 3;
  // Bare loop: a valid token, then the same number of sends with the same concurrency.
  const tokenRes = await fetch(`${fake.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app_id: APP, app_secret: SECRET }),
  });
  const token = ((await tokenRes.json()) as { tenant_access_token: string }).tenant_access_token;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests) {
        const i = next++;
        const r = await fetch(`${fake.baseUrl}/open-apis/im/v1/messages?receive_id_type=open_id`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            receive_id: openIdFor(APP, USERS[i % USERS.length]!.id),
            msg_type: 'text',
            content: JSON.stringify({ text: `bare ${i}` }),
            uuid: `bare-${i}`,
          }),
        });
        await r.arrayBuffer();
      }
    }),
  );
  const bareRate = requests / ((performance.now() - t0) / 1000);

  const h = await harness(fake.baseUrl, { limits: false });
  h.delivery.sender.pause();
  enqueueEvents(h, events);
  const before = fake.delivered.length;
  const t1 = performance.now();
  h.delivery.sender.resume();
  await waitFor(() => settled(h.delivery), 'throughput run', 600_000);
  const ourRate = requests / ((performance.now() - t1) / 1000);
  const sent = h.delivery.outbox.log.counts().sent;
  await h.close();
  report(`bare loop (${requests} requests, ${CONCURRENCY} in flight)`, `${bareRate.toFixed(0)} req/s`, 'ceiling', true);
  report('sender, limits off', `${ourRate.toFixed(0)} req/s (${sent} sent, ${fake.delivered.length - before} at the fake)`, 'informational', sent === requests);
  report('sender / bare loop', (ourRate / bareRate).toFixed(2), '≥ 0.5', ourRate / bareRate >= 0.5);
}

/** 3. Realistic limits: Feishu 50/s and 1000/min per app, enforced by a proxy that answers 429. */
async function limitsBench(fake: FakeServer): Promise<void> {
  const sends = quick ? 300 : 1_200;
  const limits = documentedLimits('feishu').app;
  const proxy = await startRateLimitProxy(fake.baseUrl, '/open-apis/im/v1/messages', limits);
  // Enough calls in flight that the rate budget, not latency, is what limits the run.
  const h = await harness(proxy.baseUrl, { limits: true, maxInFlight: 64 });
  h.delivery.sender.pause();
  enqueueEvents(h, sends / 3);
  const t0 = performance.now();
  h.delivery.sender.resume();
  await waitFor(() => settled(h.delivery), 'rate-limited run', 600_000);
  const elapsedS = (proxy.passed.at(-1)! - proxy.passed[0]!) / 1000;
  const idealS = idealSeconds(proxy.passed.length, limits);
  const achievedShare = idealS / elapsedS;
  const wall = (performance.now() - t0) / 1000;
  await h.close();
  await proxy.close();
  report(
    `rate-limited run (${sends} sends in ${wall.toFixed(1)} s)`,
    `${(proxy.passed.length / elapsedS).toFixed(1)} sends/s`,
    `allowed ${limits[0]!.limit}/s, ${limits[1]!.limit}/min`,
    true,
  );
  report('achieved share of the allowed rate', `${(achievedShare * 100).toFixed(1)} %`, '≥ 95 %', achievedShare >= 0.95);
  const byWindow = [...proxy.rejectionsByWindow()].map(([ms, n]) => `${n} in the ${ms / 1000} s window`).join(', ');
  report('rate-limit rejections', `${proxy.rejections()}${byWindow ? ` (${byWindow})` : ''}`, '0', proxy.rejections() === 0);
}

/** Time for n sends at the allowed rate: the per-second limit as a rate, every window respected. */
function idealSeconds(n: number, limits: readonly RateLimit[]): number {
  const windows = limits.map((l) => new SlidingWindow(l, 0, l.windowMs <= 1_000));
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += Math.max(0, ...windows.map((w) => w.waitMs(t)));
    for (const w of windows) w.take(t);
  }
  return t / 1000;
}

/** 4. Token fetches per app over a run longer than a token lifetime. */
async function tokenBench(): Promise<void> {
  const ttlSec = quick ? 4 : 8;
  const fake = await startFeishuFake(fakeOptions(ttlSec));
  const h = await harness(fake.baseUrl, { limits: false });
  const runMs = ttlSec * 2_500;
  const t0 = Date.now();
  let i = 0;
  while (Date.now() - t0 < runMs) {
    h.delivery.intake.accept(dmsBody({ targetUsers: threeRecipients(i++) }), { source: 'api' });
    await new Promise((r) => setTimeout(r, 50));
  }
  await waitFor(() => settled(h.delivery), 'token run', 60_000);
  const lifetimes = (Date.now() - t0) / 1000 / ttlSec;
  const fetches = fake.tokensIssued();
  const sent = h.delivery.outbox.log.counts().sent;
  await h.close();
  await fake.close();
  // Refreshing ahead of expiry (a tenth of the lifetime early) means at most one fetch per lifetime, plus the first.
  const ok = fetches <= Math.ceil(lifetimes) + 1 && fetches >= Math.floor(lifetimes);
  report(
    `token fetches over ${lifetimes.toFixed(1)} lifetimes (${ttlSec} s tokens, ${sent} sends)`,
    `${fetches} (${(fetches / lifetimes).toFixed(2)} per lifetime)`,
    '≈ 1 per lifetime',
    ok,
  );
}

/**
 * Speed as felt, before issue 17 (measured on the 2-core reference machine, headless Chromium, loopback,
 * cold cache, median of 5): printed beside each figure.
 */
const UI_BEFORE = { initialBrotliKb: 329, shellMs: 600, homeMs: 1_200, pageVisitMs: 900 };

/** 5. The UI as felt: initial JavaScript (build output), first paint, shell, Home with data, first page visits. */
async function uiBench(): Promise<void> {
  const uiDir = path.join(import.meta.dirname, '../../dist/renderer');
  if (!existsSync(path.join(uiDir, 'index.html'))) {
    report('UI first paint', 'skipped: run `npm run build` first (it measures the built UI)', '—', false);
    return;
  }
  const bundle = initialBundle(uiDir);
  const blocking = blockingScripts(uiDir);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  // The shell is static HTML in index.html: only the page's blocking scripts come before it.
  report(`JS before the shell, as sent (index.html's blocking scripts; the shell is static HTML)`, kb(blocking), '≤ 250 KB', blocking <= 250 * 1024);
  report(
    `JS the app starts with, after the shell's first paint (the app and Home; brotli, ${bundle.files.length} files, ${kb(bundle.bytes)} raw, ${kb(bundle.gzip)} gzip)`,
    `${kb(bundle.brotli)} (before the static shell: ${UI_BEFORE.initialBrotliKb} KB, all before the shell)`,
    'informational',
    true,
  );
  if (!existsSync(CHROMIUM)) {
    report('first contentful paint', `skipped: ${CHROMIUM} not found`, '≤ 300 ms', false);
    return;
  }
  const samples = await measureFirstPaint(quick ? 3 : 5);
  const ms = (xs: readonly number[]) => `${median(xs).toFixed(0)} ms`;
  const n = samples.fcp.length;
  report(`first contentful paint (the static shell), median of ${n} cold loads`, ms(samples.fcp), '≤ 300 ms', median(samples.fcp) <= 300);
  report(
    'app shell (menu) on screen (painted: the later of its frame and first paint), cold, median',
    `${ms(samples.shell)} (was ${UI_BEFORE.shellMs} ms)`,
    '≤ 300 ms',
    median(samples.shell) <= 300,
  );
  report('Home with live data, cold, median', `${ms(samples.home)} (was ${UI_BEFORE.homeMs} ms)`, '≤ 600 ms', median(samples.home) <= 600);
  const pages = Object.entries(samples.byPage)
    .map(([key, xs]) => `${key} ${median(xs).toFixed(0)}`)
    .join(', ');
  report(
    `first visit of a page, slowest per load, median (${pages} ms)`,
    `${ms(samples.pageVisit)} (was ${UI_BEFORE.pageVisitMs} ms)`,
    '≤ 300 ms',
    median(samples.pageVisit) <= 300,
  );
}

async function main(): Promise<void> {
  console.log(`Channel Desk sender benchmarks${quick ? ' (--quick)' : ''} — Node ${process.version}, ${process.platform}`);
  if (only === undefined || only === 'sender') {
    const fake = await startFeishuFake(fakeOptions());
    try {
      await queueBench();
      await throughputBench(fake);
      await limitsBench(fake);
    } finally {
      await fake.close();
    }
    await tokenBench();
  }
  if (only === undefined || only === 'reminders') await reminderBench(report, quick);
  if (only === undefined || only === 'approvals') await approvalsBench(report);
  if (only === undefined || only === 'ui') await uiBench();
  const failed = rows.filter((r) => !r.ok);
  console.log(failed.length === 0 ? '\nAll benchmark targets met.' : `\n${failed.length} target(s) missed: ${failed.map((f) => f.name).join('; ')}`);
  process.exitCode = failed.length === 0 ? 0 : 1;
}

await main();
