import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppServices } from '../../electron/services/app.js';
import { createHandlers } from '../../electron/services/api/index.js';
import { dispatch } from '../../electron/services/api/dispatch.js';
import { WatchStore } from '../../electron/services/dms/watch-store.js';
import { Outbox } from '../../electron/services/delivery/outbox/outbox.js';
import { listedDeliverySchema } from '../../electron/services/delivery/outbox/delivery-list.js';
import { healthSummarySchema } from '../../shared/contract/health.js';
import { text } from '../../shared/i18n-text.js';
import { cliInDataDir } from '../fixtures/cli-run.js';
import { deliveryError, seedEvent } from './outbox-seed.js';
import { useCliTestEnv } from './test-stores.js';

const MIN = 60_000;
let dir: string;
let out: string[];
let err: string[];

const cli = cliInDataDir(
  () => dir,
  (run) => ({ out, err } = run),
);

/** Writes to the data folder the way the app does while no server runs. */
async function withOutbox(fn: (o: Outbox) => void): Promise<void> {
  const o = Outbox.open(dir);
  try {
    fn(o);
  } finally {
    o.close();
  }
}

useCliTestEnv();
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-ops-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function enableFeishu(): Promise<void> {
  const services = await createAppServices({ dataDir: dir, mode: 'cli' });
  try {
    const call = (name: string, input: unknown) => dispatch(createHandlers(services), name, input, { transport: 'cli' });
    await call('channels.save', {
      channel: 'feishu',
      region: 'cn-hangzhou',
      values: { appId: 'cli_ops0123456789ab' },
      secrets: { appSecret: 'ops-cli-secret-value' },
    });
    await call('channels.setEnabled', { channel: 'feishu', enabled: true });
  } finally {
    await services.close();
  }
}

describe('channel-desk status', () => {
  it('exits 0 on a fresh data folder and says nothing is set up yet', async () => {
    expect(await cli('status')).toBe(0);
    expect(out[0]).toBe('Channel Desk: not set up: no channel is enabled yet');
    expect(await cli('status', '--json')).toBe(0);
    expect(healthSummarySchema.parse(JSON.parse(out[0]!)).overall).toBe('setup');
  });

  it('exits 0 while the newest delivery succeeded, 1 once the newest attempt failed for a channel-level reason (channel failing)', async () => {
    await enableFeishu();
    const now = Date.now();
    await withOutbox((o) => seedEvent(o, now - 10 * MIN, [{ channel: 'feishu', uid: 'a', attempts: [{ at: now - 10 * MIN, ok: true }] }]));
    expect(await cli('status')).toBe(0);
    expect(out[0]).toBe('Channel Desk: healthy');
    expect(out.find((l) => l.includes('Feishu'))).toMatch(/Feishu\s+ok · last success \d{4}-/);

    // A missing scope, met after the secret was saved (older failures say nothing about the saved secret).
    await withOutbox((o) =>
      seedEvent(o, now, [{ channel: 'feishu', uid: 'b', attempts: [{ at: now, ok: false, error: deliveryError('99991672', { httpStatus: 400 }) }] }]),
    );
    expect(await cli('status')).toBe(1);
    expect(out[0]).toBe('Channel Desk: degraded: something needs the admin');
    expect(out.find((l) => l.includes('Feishu'))).toMatch(/Feishu\s+FAILING · last success .* · queued 1/);
    expect(out.find((l) => l.includes('cause'))).toContain('[99991672] Failure 99991672. Fix 99991672.');
    expect(out).toContain('Queue: 1 waiting · 0 dead letters');
    expect(await cli('status', '--json')).toBe(1);
    const h = healthSummarySchema.parse(JSON.parse(out[0]!));
    expect(h.channels.find((c) => c.channel === 'feishu')).toMatchObject({
      enabled: true,
      configured: true,
      state: 'failing',
      queued: 1,
      credentialTest: null,
    });
    expect(h.channels.find((c) => c.channel === 'lark')).toMatchObject({ enabled: false, configured: false, state: 'disabled' });
    expect(h.inbox.lastEventSource).toBe('webhook');
  });

  it('reads the watcher state a serving process recorded: running while its next poll is due, its last error degrades', async () => {
    await enableFeishu();
    const services = await createAppServices({ dataDir: dir, mode: 'cli' });
    services.settings.update((s) => ({ ...s, dms: { ...s.dms, enabled: true } }));
    await services.close();
    const store = WatchStore.open(dir);
    const record = (nextPollAt: string | null, error: boolean) =>
      store.setStatus(
        JSON.stringify({
          lastPollAt: '2026-12-01T00:00:00.000Z',
          lastSuccessAt: error ? null : '2026-12-01T00:00:00.000Z',
          nextPollAt,
          lastError: error
            ? {
                at: '2026-12-01T00:00:00.000Z',
                code: 'Forbidden.RAM',
                message: text('No permission.', '无权限。'),
                fix: text('Grant dms:ListOrders.', '请授予 dms:ListOrders。'),
              }
            : null,
          failures: error ? 1 : 0,
        }),
      );
    try {
      record(new Date(Date.now() + MIN).toISOString(), false);
      expect(await cli('status')).toBe(0);
      expect(out).toContain('DMS watcher: running · last poll 2026-12-01T00:00:00.000Z');
      record(new Date(Date.now() + MIN).toISOString(), true);
      expect(await cli('status')).toBe(1);
      expect(out).toContain('    last error 2026-12-01T00:00:00.000Z No permission. Grant dms:ListOrders.');
      // The serving process stopped (no next poll): enabled, but nobody polls.
      record(null, false);
      expect(await cli('status')).toBe(0);
      expect(out).toContain('DMS watcher: enabled but not running in any process · last poll 2026-12-01T00:00:00.000Z');
    } finally {
      store.close();
    }
  });

  it('answers in Chinese with --lang zh, and refuses unknown options with exit 2', async () => {
    expect(await cli('status', '--lang', 'zh')).toBe(0);
    expect(out[0]).toBe('Channel Desk: 尚未设置：还没有启用任何渠道');
    expect(await cli('status', '--verbose')).toBe(2);
  });
});

describe('channel-desk deliveries', () => {
  it('lists dead letters, retries one by id and all of them, and says why one was not retried', async () => {
    const now = Date.now();
    let sentId = 0;
    let deadIds: number[] = [];
    await withOutbox((o) => {
      sentId = seedEvent(o, now - 9 * MIN, [{ channel: 'feishu', uid: 'ok', attempts: [{ at: now - 9 * MIN, ok: true }] }]).ids[0]!;
      deadIds = seedEvent(o, now - 5 * MIN, [
        { channel: 'feishu', uid: 'a', attempts: [{ at: now - 5 * MIN, ok: false, error: deliveryError('230013', { retryable: false }), dead: true }] },
        { channel: 'lark', uid: 'b', attempts: [{ at: now - 4 * MIN, ok: false, error: deliveryError('230013', { retryable: false }), dead: true }] },
        { channel: 'feishu', uid: 'nobody', platformUserId: null, error: deliveryError('NO_PLATFORM_ID', { retryable: false }) },
      ]).ids;
    });

    expect(await cli('deliveries', 'list', '--state', 'dead', '--json')).toBe(0);
    const dead = listedDeliverySchema.array().parse(JSON.parse(out[0]!));
    expect(dead.map((d) => d.id).sort()).toEqual([...deadIds].sort());
    expect(dead.every((d) => d.state === 'dead')).toBe(true);
    expect(await cli('deliveries', 'list')).toBe(0);
    expect(out).toHaveLength(4);
    expect(out.find((l) => l.startsWith(String(sentId).padStart(6)))).toMatch(/sent\s+Feishu\s+ok · #\d+ .* · 1 attempt · /);
    expect(out.find((l) => l.startsWith(String(deadIds[0]).padStart(6)))).toContain('[230013] Failure 230013.');

    expect(await cli('deliveries', 'retry', String(deadIds[0]))).toBe(0);
    expect(out[0]).toBe('Queued again: 1. A running Channel Desk sends them within seconds.');
    expect(await cli('deliveries', 'retry', String(sentId), '999999')).toBe(1);
    expect(err).toEqual([`${sentId}: not a dead letter (only dead or discarded deliveries are retried)`, '999999: no such delivery']);

    // The recipient without a platform id is queued too: the sender looks the person up before sending.
    expect(await cli('deliveries', 'retry', '--all-dead')).toBe(0);
    expect(out[0]).toBe('Queued again: 2. A running Channel Desk sends them within seconds.');
    expect(err).toEqual([]);
    expect(await cli('deliveries', 'list', '--state', 'queued', '--json')).toBe(0);
    expect(
      listedDeliverySchema
        .array()
        .parse(JSON.parse(out[0]!))
        .map((d) => d.id)
        .sort(),
    ).toEqual([...deadIds].sort());
  });

  it('exits 2 on bad usage', async () => {
    expect(await cli('deliveries')).toBe(2);
    expect(await cli('deliveries', 'list', '--state', 'lost')).toBe(2);
    expect(err[0]).toContain('--state must be one of queued, sending, sent, retrying, dead, discarded');
    expect(await cli('deliveries', 'retry')).toBe(2);
    expect(await cli('deliveries', 'retry', '1', '--all-dead')).toBe(2);
    expect(await cli('deliveries', 'retry', 'abc')).toBe(2);
  });
});
