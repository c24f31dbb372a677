/**
 * Issue 17, item 8: the Delivery log's CSV export follows its filter. Filtered to dead letters it holds
 * the dead letters only: not the sent deliveries of the same events, not events that reached no one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Outbox } from '../../electron/services/delivery/outbox/outbox.js';
import { exportCsv } from '../../electron/services/delivery/outbox/delivery-log.js';
import { dmsEventSchema } from '../../shared/events/dms-event.js';
import { dmsBody } from './delivery-harness.js';
import { deliveryError, seedEvent } from './outbox-seed.js';

let dir: string;
let outbox: Outbox;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-csv-'));
  outbox = Outbox.open(dir);
});
afterEach(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

it('the dead-letter filter exports dead letters only; the feishu filter only Feishu', () => {
  const at = Date.parse('2026-12-01T08:00:00Z');
  const dead = { at: at + 1_000, ok: false as const, error: deliveryError('10014', { retryable: false }), dead: true };
  seedEvent(outbox, at, [
    { channel: 'feishu', uid: '3001', attempts: [{ at: at + 1_000, ok: true }] },
    { channel: 'feishu', uid: '3002', attempts: [dead] },
    { channel: 'dingtalk', uid: '3003', attempts: [dead] },
  ]);
  seedEvent(outbox, at + 5_000, [{ channel: 'feishu', uid: '3004', attempts: [{ at: at + 6_000, ok: true }] }], 'All sent');
  outbox.queue.enqueue({
    event: dmsEventSchema.parse(dmsBody({ taskName: 'Rule off' })),
    kind: { module: 'ticket', businessType: 'data-export', status: 'approved' },
    source: 'webhook',
    idempotencyKey: 'nobody',
    notes: [{ uid: '3001', name: 'Alice', channel: null, reason: 'rule-disabled', message: { en: 'Rule off.', zh: '规则已关闭。' } }],
    deliveries: [],
    now: at + 9_000,
  });

  const rows = (filter: Parameters<typeof exportCsv>[1]) =>
    (parse(exportCsv(outbox.log, filter, 'en').csv, { columns: true, bom: true }) as Record<string, string>[]).map((r) => [r['recipient_uid'], r['state']]);
  const all = rows({ states: [], search: '' });
  expect(all).toHaveLength(5);

  const deadOnly = rows({ states: ['dead'], search: '' });
  expect(deadOnly.sort()).toEqual([
    ['3002', 'dead'],
    ['3003', 'dead'],
  ]);
  expect(rows({ states: ['dead'], search: '', channel: 'feishu' })).toEqual([['3002', 'dead']]);
});
