import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dmsEventSchema } from '../../shared/events/dms-event.js';
import { AppError } from '../../shared/errors.js';
import { dedupKeyFor, Outbox } from '../../electron/services/delivery/outbox/outbox.js';
import { OUTBOX_SCHEMA_VERSION } from '../../electron/services/delivery/outbox/schema.js';
import { dmsBody } from './delivery-harness.js';
import { outboxSql } from '../outbox-sql.js';

let dir: string;
let outbox: Outbox;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-outbox-'));
  outbox = Outbox.open(dir);
});
afterEach(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

const kind = { module: 'ticket', businessType: 'data-export', status: 'pending-approval' };
const enqueue = (body = dmsBody(), n = 3, key: string | null = null) =>
  outbox.queue.enqueue({
    event: dmsEventSchema.parse(body),
    kind,
    source: 'api',
    idempotencyKey: key,
    notes: [],
    deliveries: Array.from({ length: n }, (_, i) => ({ channel: 'feishu' as const, recipientUid: `u${i}`, recipientName: '', platformUserId: `ou_${i}` })),
    now: 1_000,
  });

describe('outbox', () => {
  it('is WAL with synchronous=NORMAL and a versioned schema', () => {
    const raw = new Database(outbox.filePath, { readonly: true });
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(raw.prepare('PRAGMA user_version').get()).toEqual({ user_version: OUTBOX_SCHEMA_VERSION });
    raw.close();
    expect(outboxSql(outbox, 'PRAGMA synchronous').get()).toEqual({ synchronous: 1 });
  });

  it('stores an event with its deliveries once; same content or same key returns the original id', () => {
    const body = dmsBody();
    const a = enqueue(body);
    expect(a).toMatchObject({ duplicate: false, deliveries: 3 });
    expect(enqueue({ ...body })).toEqual({ eventId: a.eventId, duplicate: true, deliveries: 3 });
    const keyed = dmsBody();
    const k = enqueue(keyed, 1, 'key-1');
    expect(enqueue({ ...keyed }, 2, 'key-1')).toMatchObject({ eventId: k.eventId, duplicate: true });
    // A caller's key with other content is refused; the app's own keys (watcher, reminders) stay "at most once".
    expect(() => enqueue(dmsBody(), 2, 'key-1')).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    const w = outbox.queue.enqueue({
      event: dmsEventSchema.parse(dmsBody()),
      kind,
      source: 'watcher',
      idempotencyKey: 'dms:1:2',
      notes: [],
      deliveries: [],
      now: 1_000,
    });
    expect(
      outbox.queue.enqueue({
        event: dmsEventSchema.parse(dmsBody()),
        kind,
        source: 'watcher',
        idempotencyKey: 'dms:1:2',
        notes: [],
        deliveries: [],
        now: 1_000,
      }),
    ).toMatchObject({
      eventId: w.eventId,
      duplicate: true,
    });
    expect(outbox.log.counts().queued).toBe(4);
  });

  it('dedup keys are stable per (event, channel, recipient) and fit Feishu’s 50-char uuid', () => {
    const k = dedupKeyFor('evt', 'feishu', 'u1');
    expect(k).toBe(dedupKeyFor('evt', 'feishu', 'u1'));
    expect(k).not.toBe(dedupKeyFor('evt', 'feishu', 'u2'));
    expect(k.length).toBeLessThanOrEqual(50);
  });

  it('a full disk is a clear DISK_FULL error and leaves nothing half-written', () => {
    enqueue();
    const before = outbox.log.counts();
    const pages = (outboxSql(outbox, 'PRAGMA page_count').get() as { page_count: number }).page_count;
    outboxSql(outbox, `PRAGMA max_page_count = ${pages + 1}`).get();
    let err: unknown;
    try {
      for (let i = 0; i < 50; i++) enqueue(dmsBody({ message: 'x'.repeat(50_000) }), 200);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('DISK_FULL');
    expect((err as AppError).fix?.en).toMatch(/Free disk space/);
    const orphans = outboxSql(outbox, 'SELECT COUNT(*) AS n FROM deliveries d LEFT JOIN events e ON e.id = d.event_id WHERE e.id IS NULL').get() as {
      n: number;
    };
    expect(orphans.n).toBe(0);
    const perEvent = outboxSql(outbox, 'SELECT e.id, COUNT(d.id) AS n FROM events e LEFT JOIN deliveries d ON d.event_id = e.id GROUP BY e.id').all() as {
      n: number;
    }[];
    expect(perEvent.every((r) => r.n === 3 || r.n === 200)).toBe(true);
    expect(outbox.log.counts().queued).toBeGreaterThanOrEqual(before.queued);
  });

  it('claims, records outcomes, re-queues in-flight work after a crash, retries and discards dead letters', () => {
    const { eventId } = enqueue(dmsBody(), 2);
    const due = outbox.queue.due('feishu', 2_000, 10);
    expect(due).toHaveLength(2);
    expect(
      outbox.queue.claim(
        due.map((d) => d.id),
        2_000,
      ).size,
    ).toBe(2);
    expect(
      outbox.queue.claim(
        due.map((d) => d.id),
        2_000,
      ).size,
    ).toBe(0);
    const err = {
      code: '230013',
      httpStatus: 400,
      retryable: false,
      retryAfterMs: null,
      missingScopes: [],
      message: { en: 'm', zh: 'm' },
      fix: { en: 'f', zh: 'f' },
      consoleUrl: null,
    };
    outbox.queue.record([{ id: due[0]!.id, at: 2_000, durationMs: 5, ok: true }]);
    expect(outbox.queue.requeueInFlight(3_000)).toBe(1);
    outbox.queue.claim([due[1]!.id], 3_000);
    outbox.queue.record([{ id: due[1]!.id, at: 3_000, durationMs: 5, ok: false, error: err, nextAttemptAt: null, countsAsFailure: true }]);
    expect(outbox.log.counts()).toMatchObject({ sent: 1, dead: 1 });
    expect(outbox.log.deliveriesOf(eventId).find((d) => d.state === 'dead')?.lastError?.code).toBe('230013');
    expect(outbox.admin.discard([due[1]!.id], 4_000)).toBe(1);
    expect(outbox.log.counts().discarded).toBe(1);
    expect(outbox.admin.retry([due[1]!.id], 5_000, () => null)).toBe(1);
    expect(outbox.log.counts().queued).toBe(1);
    const stats = outbox.log.stats(0, 10_000, 10);
    expect(stats.buckets.reduce((s, b) => s + b.sent, 0)).toBe(1);
    expect(stats.buckets.reduce((s, b) => s + b.failed, 0)).toBe(1);
  });

  it('statements and closed databases may be garbage-collected (better-sqlite3 12 aborted the process here on Node 24)', () => {
    // A child process with --expose-gc, so an abort kills it and not the test runner.
    const script = `
      import Database from 'better-sqlite3';
      for (let round = 0; round < 5; round++) {
        const db = new Database(${JSON.stringify(path.join(dir, 'gc.sqlite'))});
        for (let i = 0; i < 500; i++) db.prepare('SELECT ? AS x').get(i);
        db.pragma('journal_mode = WAL');
        db.transaction(() => db.exec('CREATE TABLE IF NOT EXISTS t (a)'))();
        db.close();
        globalThis.gc();
      }
      process.stdout.write('survived');`;
    const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
      cwd: new URL('../..', import.meta.url),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(out).toBe('survived');
  });
});
