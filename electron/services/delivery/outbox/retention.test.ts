import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dmsEventSchema } from '../../../../shared/events/dms-event.js';
import { defaultSettings } from '../../settings/schema.js';
import { Outbox } from './outbox.js';
import { pruneSentEvents } from './retention.js';
import { outboxSql } from '../../../../test/outbox-sql.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 1);

let dir: string;
let outbox: Outbox;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-retention-'));
  outbox = Outbox.open(dir);
});
afterEach(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
/** One event with two deliveries in the given states, received `ageDays` ago. */
function event(ageDays: number, states: [string, string]): string {
  seq += 1;
  const { eventId } = outbox.queue.enqueue({
    event: dmsEventSchema.parse({
      submitterUid: '1',
      submitterName: 'A',
      category: 'Ticket',
      module: 'Data Exporting',
      event: 'Pending Approval',
      taskId: String(seq),
      taskName: `t${seq}`,
      eventTime: '2026-11-01 10:00:00',
      message: 'x'.repeat(2_000),
      targetUsers: [],
      receivers: [],
    }),
    kind: { module: 'ticket', businessType: 'data-export', status: 'pending-approval' },
    source: 'api',
    idempotencyKey: null,
    notes: [],
    deliveries: states.map((_, i) => ({ channel: 'feishu' as const, recipientUid: `u${i}`, recipientName: '', platformUserId: `ou_${i}` })),
    now: NOW - ageDays * DAY,
  });
  states.forEach((state, i) => {
    outboxSql(outbox, 'UPDATE deliveries SET state = ? WHERE event_id = ? AND recipient_uid = ?').run(state, eventId, `u${i}`);
  });
  const ids = outboxSql(outbox, 'SELECT id FROM deliveries WHERE event_id = ?').all(eventId) as { id: number }[];
  for (const { id } of ids) outboxSql(outbox, 'INSERT INTO attempts (delivery_id, at, duration_ms, ok) VALUES (?, ?, 1, 1)').run(id, NOW - ageDays * DAY);
  return eventId;
}

const exists = (id: string) => outbox.log.getEvent(id) !== null;
const count = (table: string) => (outboxSql(outbox, `SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('retention of sent events', () => {
  it('defaults to 30 days', () => {
    expect(defaultSettings().retention.sentEventDays).toBe(30);
  });

  it('deletes old fully-sent events with their deliveries and attempts; keeps recent ones, dead letters and pending work', () => {
    const oldSent = event(31, ['sent', 'sent']);
    const oldDiscarded = event(40, ['sent', 'discarded']);
    const oldDead = event(90, ['sent', 'dead']);
    const oldRetrying = event(31, ['retrying', 'sent']);
    const recentSent = event(29, ['sent', 'sent']);

    expect(pruneSentEvents(outbox.retention, 30, NOW)).toBe(2);
    expect(exists(oldSent)).toBe(false);
    expect(exists(oldDiscarded)).toBe(false);
    expect(exists(oldDead)).toBe(true);
    expect(exists(oldRetrying)).toBe(true);
    expect(exists(recentSent)).toBe(true);
    expect(count('deliveries')).toBe(6);
    expect(count('attempts')).toBe(6);
  });

  it('works in batches and truncates the WAL afterwards', () => {
    for (let i = 0; i < 1_200; i += 1) event(60, ['sent', 'sent']);
    const kept = event(1, ['sent', 'sent']);
    expect(statSync(`${outbox.filePath}-wal`).size).toBeGreaterThan(0);
    expect(pruneSentEvents(outbox.retention, 30, NOW)).toBe(1_200);
    expect(count('events')).toBe(1);
    expect(exists(kept)).toBe(true);
    expect(statSync(`${outbox.filePath}-wal`).size).toBe(0);
  });
});
