import type { SqliteDb } from '../../sqlite/database.js';
import { parseError } from './rows.js';
import type { AttemptFact, DeadLetterFact, OutboxStats } from './types.js';

interface AttemptRow {
  id: number;
  channel: string;
  at: number;
  end: number;
  ok: number;
  error: string | null;
  code: string | number | null;
  http_status: number | null;
  retry_after_ms: number | null;
}

interface DeadRow {
  channel: string;
  uid: string;
  finished: number | null;
  code: string | number | null;
  http_status: number | null;
  last_error: string | null;
}

/** The outbox's aggregate reads: small indexed queries and incremental reads of the attempts table. */
export class SqliteOutboxStats implements OutboxStats {
  constructor(private readonly sql: SqliteDb) {}

  *attemptsAfter(afterId: number): Generator<AttemptFact> {
    const rows = this.sql
      .prepared<[number], AttemptRow>(
        `SELECT a.id AS id, d.channel AS channel, a.at AS at, a.at + a.duration_ms AS end, a.ok AS ok, a.error AS error,
           json_extract(a.error, '$.code') AS code, json_extract(a.error, '$.httpStatus') AS http_status,
           json_extract(a.error, '$.retryAfterMs') AS retry_after_ms
         FROM attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE a.id > ? ORDER BY a.id`,
      )
      .iterate(afterId);
    for (const r of rows) {
      const ok = r.ok === 1;
      yield {
        id: r.id,
        channel: r.channel,
        at: r.at,
        end: r.end,
        ok,
        error: ok ? null : parseError(r.error),
        code: r.code === null ? null : String(r.code),
        httpStatus: r.http_status,
        retryAfterMs: r.retry_after_ms,
      };
    }
  }

  deadLetters(): DeadLetterFact[] {
    return this.sql
      .prepared<[], DeadRow>(
        `SELECT channel, recipient_uid AS uid, finished_at AS finished, json_extract(last_error, '$.code') AS code,
           json_extract(last_error, '$.httpStatus') AS http_status, last_error FROM deliveries WHERE state = 'dead'`,
      )
      .all()
      .map((r) => ({
        channel: r.channel,
        uid: r.uid,
        finishedAt: r.finished,
        error: parseError(r.last_error),
        code: r.code === null ? null : String(r.code),
        httpStatus: r.http_status,
      }));
  }

  activePerChannel(): Map<string, number> {
    const rows = this.sql
      .prepared<[], { channel: string; n: number }>(
        `SELECT channel, COUNT(*) AS n FROM deliveries WHERE state IN ('queued', 'sending', 'retrying') GROUP BY channel`,
      )
      .all();
    return new Map(rows.map((r) => [r.channel, r.n]));
  }

  countsPerChannelState(): Map<string, number> {
    const rows = this.sql
      .prepared<[], { channel: string; state: string; n: number }>('SELECT channel, state, COUNT(*) AS n FROM deliveries GROUP BY channel, state')
      .all();
    return new Map(rows.map((r) => [`${r.channel}|${r.state}`, r.n]));
  }

  queueDepth(): number {
    return this.sql.prepared<[], { n: number }>(`SELECT COUNT(*) AS n FROM deliveries WHERE state IN ('queued', 'sending', 'retrying')`).get()?.n ?? 0;
  }

  deadLetterCount(): number {
    return this.sql.prepared<[], { n: number }>(`SELECT COUNT(*) AS n FROM deliveries WHERE state = 'dead'`).get()?.n ?? 0;
  }

  lastWebhookEvent(): { at: number; source: string } | null {
    const r = this.sql
      .prepared<[], { received_at: number; source: string }>("SELECT received_at, source FROM events WHERE source = 'webhook' ORDER BY seq DESC LIMIT 1")
      .get();
    return r ? { at: r.received_at, source: r.source } : null;
  }

  deliveryState(id: number): string | null {
    return this.sql.prepared<[number], { state: string }>('SELECT state FROM deliveries WHERE id = ?').get(id)?.state ?? null;
  }

  deliveriesWithTask(states: readonly string[], limit: number): unknown[] {
    return this.sql
      .prepared<[string, number]>(
        `SELECT d.*, e.task_id AS task_id, e.task_name AS task_name FROM deliveries d JOIN events e ON e.id = d.event_id
         WHERE d.state IN (SELECT value FROM json_each(?)) ORDER BY d.updated_at DESC, d.id DESC LIMIT ?`,
      )
      .all(JSON.stringify(states), limit);
  }
}
