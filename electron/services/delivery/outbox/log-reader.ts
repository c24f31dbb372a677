import type { Delivery, EventFilter, StateCounts } from '../../../../shared/contract/sender.js';
import type { SqliteDb } from '../../sqlite/database.js';
import { emptyCounts, parseError, toDelivery, toState, toStoredEvent, type DeliveryRow, type EventRow } from './rows.js';
import type { DeliveryAttempt, DeliveryLogReader, EventRowWithCounts, StatsBucket, StoredEvent } from './types.js';

/** Read-only queries of the outbox database for the Delivery log page, the CSV export and the alerts. */
export class SqliteLogReader implements DeliveryLogReader {
  constructor(private readonly sql: SqliteDb) {}

  counts(): StateCounts {
    const out = emptyCounts();
    for (const r of this.sql.prepared<[], { state: string; n: number }>('SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state').all()) {
      out[toState(r.state)] = r.n;
    }
    return out;
  }

  getEvent(id: string): StoredEvent | null {
    const row = this.sql.prepared<[string], EventRow>('SELECT * FROM events WHERE id = ?').get(id);
    return row ? toStoredEvent(row) : null;
  }

  private filterSql(f: EventFilter): { where: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (f.from !== undefined) {
      clauses.push('e.received_at >= ?');
      params.push(f.from);
    }
    if (f.to !== undefined) {
      clauses.push('e.received_at < ?');
      params.push(f.to);
    }
    if (f.search.trim() !== '') {
      const like = `%${f.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      clauses.push(
        `(e.task_id LIKE ? ESCAPE '\\' OR e.task_name LIKE ? ESCAPE '\\' OR e.module LIKE ? ESCAPE '\\' OR e.business_type LIKE ? ESCAPE '\\' OR ` +
          `e.status LIKE ? ESCAPE '\\')`,
      );
      params.push(like, like, like, like, like);
    }
    if (f.states.length > 0 || f.channel !== undefined) {
      const sub: string[] = ['d.event_id = e.id'];
      if (f.states.length > 0) {
        sub.push(`d.state IN (SELECT value FROM json_each(?))`);
        params.push(JSON.stringify(f.states));
      }
      if (f.channel !== undefined) {
        sub.push('d.channel = ?');
        params.push(f.channel);
      }
      clauses.push(`EXISTS (SELECT 1 FROM deliveries d WHERE ${sub.join(' AND ')})`);
    }
    return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }

  listEvents(f: EventFilter, offset: number, limit: number): { total: number; items: EventRowWithCounts[] } {
    const { where, params } = this.filterSql(f);
    const total = this.sql.prepared<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM events e ${where}`).get(...params)!.n;
    const rows = this.sql.prepared<unknown[], EventRow>(`SELECT e.* FROM events e ${where} ORDER BY e.seq DESC LIMIT ? OFFSET ?`).all(...params, limit, offset);
    return { total, items: rows.map((r) => ({ ...toStoredEvent(r), counts: this.countsFor(r.id) })) };
  }

  /** Every event matching the filter, newest first, one at a time (CSV export). */
  *iterateEvents(f: EventFilter): Generator<StoredEvent> {
    const { where, params } = this.filterSql(f);
    for (const r of this.sql.prepared<unknown[], EventRow>(`SELECT e.* FROM events e ${where} ORDER BY e.seq DESC`).iterate(...params)) {
      yield toStoredEvent(r);
    }
  }

  private countsFor(eventId: string): StateCounts {
    const out = emptyCounts();
    for (const r of this.sql
      .prepared<[string], { state: string; n: number }>('SELECT state, COUNT(*) AS n FROM deliveries WHERE event_id = ? GROUP BY state')
      .all(eventId)) {
      out[toState(r.state)] = r.n;
    }
    return out;
  }

  deliveriesOf(eventId: string): Delivery[] {
    return this.sql.prepared<[string], DeliveryRow>('SELECT * FROM deliveries WHERE event_id = ? ORDER BY channel, id').all(eventId).map(toDelivery);
  }

  attemptsOf(deliveryId: number): DeliveryAttempt[] {
    return this.sql
      .prepared<[number], { at: number; duration_ms: number; ok: number; error: string | null }>(
        'SELECT at, duration_ms, ok, error FROM attempts WHERE delivery_id = ? ORDER BY id',
      )
      .all(deliveryId)
      .map((a) => ({ at: a.at, durationMs: a.duration_ms, ok: a.ok === 1, error: parseError(a.error) }));
  }

  /** Sent deliveries, failed attempts and new dead letters per time bucket in [from, to). */
  /** Attempts per event (all its deliveries), for the events listed on one page. */
  attemptsPerEvent(eventIds: readonly string[]): Map<string, number> {
    const rows = this.sql
      .prepared<[string], { event_id: string; n: number }>(
        'SELECT event_id, SUM(attempts) AS n FROM deliveries WHERE event_id IN (SELECT value FROM json_each(?)) GROUP BY event_id',
      )
      .all(JSON.stringify(eventIds));
    return new Map(rows.map((r) => [r.event_id, r.n]));
  }

  stats(from: number, to: number, buckets: number): { bucketMs: number; buckets: StatsBucket[] } {
    const bucketMs = Math.max(1, Math.ceil((to - from) / buckets));
    const out: StatsBucket[] = Array.from({ length: buckets }, (_, i) => ({ start: from + i * bucketMs, sent: 0, failed: 0, dead: 0 }));
    const add = (idx: number, field: 'sent' | 'failed' | 'dead', n: number): void => {
      const b = out[idx];
      if (b) out[idx] = { ...b, [field]: b[field] + n };
    };
    const bucketRows = (sql: string) => this.sql.prepared<[number, number, number, number], { b: number; n: number }>(sql).all(from, bucketMs, from, to);
    for (const r of bucketRows(`SELECT CAST((at - ?) / ? AS INTEGER) AS b, SUM(ok = 1) AS n FROM attempts WHERE at >= ? AND at < ? GROUP BY b`))
      add(r.b, 'sent', r.n);
    for (const r of bucketRows(`SELECT CAST((at - ?) / ? AS INTEGER) AS b, SUM(ok = 0) AS n FROM attempts WHERE at >= ? AND at < ? GROUP BY b`))
      add(r.b, 'failed', r.n);
    for (const r of bucketRows(
      `SELECT CAST((finished_at - ?) / ? AS INTEGER) AS b, COUNT(*) AS n FROM deliveries
       WHERE state IN ('dead', 'discarded') AND finished_at >= ? AND finished_at < ? GROUP BY b`,
    ))
      add(r.b, 'dead', r.n);
    return { bucketMs, buckets: out };
  }
}
