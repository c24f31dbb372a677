import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodOutput } from '../../shared/contract/index.js';
import { createHandlers } from '../../electron/services/api/index.js';
import { dispatch } from '../../electron/services/api/dispatch.js';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import { deliveryError, seedEvent, type SeedDelivery } from './outbox-seed.js';
import { TEST_VAULT_ENV } from './test-stores.js';

const HOUR = 3_600_000;
// Not aligned to anything: bucket starts must follow `from`, not the wall clock.
const FROM = Date.parse('2026-11-30T09:17:23.456Z');
const TO = FROM + 24 * HOUR;

let dir: string;
let services: AppServices;
const call = <M extends 'sender.stats' | 'sender.events' | 'sender.deliveries'>(name: M, input: unknown): Promise<MethodOutput<M>> =>
  dispatch(createHandlers(services), name, input, { transport: 'http' }) as Promise<MethodOutput<M>>;

/** What bucket i holds, by construction (every bucket differs, none is empty). */
const expected = (i: number) => {
  const sent = (i % 4) + 1;
  const retried = i % 3;
  const deadAfterAttempt = i % 2;
  const deadUnaddressed = i % 5 === 0 ? 1 : 0;
  return {
    seed: { sent, retried, deadAfterAttempt, deadUnaddressed },
    bucket: { start: FROM + i * HOUR, sent: sent + retried, failed: retried + deadAfterAttempt, dead: deadAfterAttempt + deadUnaddressed },
  };
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-stats-'));
  services = await createAppServices({ dataDir: dir, mode: 'cli', env: TEST_VAULT_ENV });
  const outbox = services.delivery.outbox;
  for (let i = 0; i < 24; i++) {
    const start = FROM + i * HOUR;
    const { seed } = expected(i);
    const deliveries: SeedDelivery[] = [];
    // The first success sits exactly on the bucket's start; the last failure 20 ms before its end.
    for (let k = 0; k < seed.sent; k++) deliveries.push({ channel: 'feishu', uid: `s${k}`, attempts: [{ at: start + k, ok: true }] });
    for (let k = 0; k < seed.retried; k++) {
      deliveries.push({
        channel: 'lark',
        uid: `r${k}`,
        attempts: [
          { at: start + 1_000, ok: false, error: deliveryError('timeout') },
          { at: start + 2_000, ok: true },
        ],
      });
    }
    for (let k = 0; k < seed.deadAfterAttempt; k++) {
      deliveries.push({
        channel: 'dingtalk',
        uid: `d${k}`,
        attempts: [{ at: start + HOUR - 20, ok: false, error: deliveryError('33012', { retryable: false }), dead: true }],
      });
    }
    for (let k = 0; k < seed.deadUnaddressed; k++)
      deliveries.push({ channel: 'feishu', uid: `n${k}`, platformUserId: null, error: deliveryError('NO_PLATFORM_ID', { retryable: false }) });
    seedEvent(outbox, start, deliveries, `bucket ${i}`);
  }
  // Outside the window on both sides: never counted.
  seedEvent(outbox, FROM - 1, [{ channel: 'feishu', uid: 'before', attempts: [{ at: FROM - 11, ok: true }] }], 'before');
  seedEvent(
    outbox,
    TO,
    [{ channel: 'feishu', uid: 'after', attempts: [{ at: TO, ok: false, error: deliveryError('x', { retryable: false }), dead: true }] }],
    'after',
  );
});

afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sender.stats ("Last 24 hours")', () => {
  it('counts sent deliveries, failed attempts and dead letters in every hourly bucket', async () => {
    const stats = await call('sender.stats', { from: FROM, to: TO, buckets: 24 });
    expect(stats.bucketMs).toBe(HOUR);
    expect(stats.buckets).toEqual(Array.from({ length: 24 }, (_, i) => expected(i).bucket));
  });

  it('gives the chart totals the log holds', async () => {
    const stats = await call('sender.stats', { from: FROM, to: TO, buckets: 24 });
    const total = (k: 'sent' | 'failed' | 'dead') => stats.buckets.reduce((n, b) => n + b[k], 0);
    const want = (k: 'sent' | 'failed' | 'dead') => Array.from({ length: 24 }, (_, i) => expected(i).bucket[k]).reduce((a, b) => a + b, 0);
    expect([total('sent'), total('failed'), total('dead')]).toEqual([want('sent'), want('failed'), want('dead')]);
    expect(total('sent')).toBeGreaterThan(0);
  });

  it('works with coarser buckets too (6 × 4 h)', async () => {
    const stats = await call('sender.stats', { from: FROM, to: TO, buckets: 6 });
    const sum = (j: number, k: 'sent' | 'failed' | 'dead') => [0, 1, 2, 3].reduce((n, q) => n + expected(j * 4 + q).bucket[k], 0);
    expect(stats.buckets.map((b) => [b.sent, b.failed, b.dead])).toEqual([0, 1, 2, 3, 4, 5].map((j) => [sum(j, 'sent'), sum(j, 'failed'), sum(j, 'dead')]));
  });
});

describe('event rows show retries, not only the final state', () => {
  it('reports the attempts of all deliveries ("sent 2 · 3 attempts")', async () => {
    const outbox = services.delivery.outbox;
    const t = FROM + 3 * HOUR + 500;
    seedEvent(
      outbox,
      t,
      [
        {
          channel: 'feishu',
          uid: 'x',
          attempts: [
            { at: t, ok: false, error: deliveryError('timeout') },
            { at: t + 10_000, ok: true },
          ],
        },
        { channel: 'feishu', uid: 'y', attempts: [{ at: t, ok: true }] },
      ],
      'retried event',
    );
    const page = await call('sender.events', { search: 'retried event' });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ counts: { sent: 2 }, attempts: 3 });
    const detail = await call('sender.deliveries', { eventId: page.items[0]!.id });
    expect(detail.event.attempts).toBe(3);
  });
});
