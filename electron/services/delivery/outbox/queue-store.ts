import { randomUUID } from 'node:crypto';
import type { ChannelId } from '../../../../shared/catalog/channels.js';
import type { EventSource } from '../../../../shared/contract/sender.js';
import { AppError } from '../../../../shared/errors.js';
import { text } from '../../../../shared/i18n-text.js';
import type { SqliteDb } from '../../sqlite/database.js';
import { contentHash, dedupKeyFor } from './hashing.js';
import { toChannel, type DeliveryRow } from './rows.js';
import type { DeliveryResult, DueDelivery, EnqueueInput, EnqueueResult, QueueStore } from './types.js';

/**
 * Sources whose Idempotency-Key the caller chooses: the key names one event, so the same key with other
 * content is a mistake to report, not a retry to swallow. The app's own keys (watcher, reminders,
 * digests) mean "at most once" whatever the content.
 */
const CALLER_KEYED: ReadonlySet<EventSource> = new Set(['webhook', 'cli', 'api']);

const keyReused = (key: string): AppError =>
  new AppError(
    'CONFLICT',
    text(
      `Idempotency-Key "${key}" was already used for an event with other content; nothing was stored.`,
      `Idempotency-Key“${key}”已用于内容不同的另一个事件；未保存任何内容。`,
    ),
    {
      fix: text('Send a retry with exactly the same body, and give each new event its own key.', '重试时请发送完全相同的请求体，并为每个新事件使用新的 key。'),
    },
  );

/** The queue on the outbox database; `emit` reports each commit that changed delivery states. */
export class SqliteQueueStore implements QueueStore {
  constructor(
    private readonly sql: SqliteDb,
    private readonly emit: (newDead: number) => void,
  ) {}

  /** Stores the event and all its deliveries, or nothing; a duplicate returns the original id. */
  enqueue(input: EnqueueInput): EnqueueResult {
    const hash = contentHash(input.event);
    const result = this.sql.write((): EnqueueResult => {
      const existing = this.findDuplicate(hash, input.idempotencyKey);
      if (existing?.otherContent && input.idempotencyKey !== null && CALLER_KEYED.has(input.source)) throw keyReused(input.idempotencyKey);
      if (existing) return { eventId: existing.id, duplicate: true, deliveries: existing.n };
      const eventId = randomUUID();
      this.sql
        .prepared(
          `INSERT INTO events (id, received_at, source, content_hash, idempotency_key, module, business_type, status,
             task_id, task_name, body, notes, reminder)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          eventId,
          input.now,
          input.source,
          hash,
          input.idempotencyKey,
          input.kind.module,
          input.kind.businessType,
          input.kind.status,
          input.event.taskId,
          input.event.taskName,
          JSON.stringify(input.event),
          JSON.stringify(input.notes),
          input.reminder ? JSON.stringify(input.reminder) : null,
        );
      const insert = this.sql.prepared(
        `INSERT INTO deliveries (event_id, channel, recipient_uid, recipient_name, platform_user_id, dedup_key, state,
           next_attempt_at, last_error, created_at, updated_at, finished_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const d of input.deliveries) {
        const dead = d.error !== undefined;
        insert.run(
          eventId,
          d.channel,
          d.recipientUid,
          d.recipientName,
          d.platformUserId,
          dedupKeyFor(eventId, d.channel, d.recipientUid),
          dead ? 'dead' : 'queued',
          input.now,
          d.error ? JSON.stringify(d.error) : null,
          input.now,
          input.now,
          dead ? input.now : null,
        );
      }
      return { eventId, duplicate: false, deliveries: input.deliveries.length };
    });
    if (!result.duplicate) this.emit(input.deliveries.filter((d) => d.error !== undefined).length);
    return result;
  }

  /** The stored event with this key (`otherContent` when its content differs), else the one with this content. */
  private findDuplicate(hash: string, key: string | null): { id: string; n: number; otherContent: boolean } | undefined {
    const row =
      (key === null
        ? undefined
        : this.sql.prepared<[string], { id: string; content_hash: string }>('SELECT id, content_hash FROM events WHERE idempotency_key = ?').get(key)) ??
      this.sql.prepared<[string], { id: string; content_hash: string }>('SELECT id, content_hash FROM events WHERE content_hash = ? LIMIT 1').get(hash);
    if (!row) return undefined;
    const n = this.sql.prepared<[string], { n: number }>('SELECT COUNT(*) AS n FROM deliveries WHERE event_id = ?').get(row.id)!.n;
    return { id: row.id, n, otherContent: row.content_hash !== hash };
  }

  /** Deliveries of one channel whose time has come, oldest first (not claimed). */
  due(channel: ChannelId, now: number, limit: number): DueDelivery[] {
    const rows = this.sql
      .prepared<[string, number, number], DeliveryRow & { dedup_key: string; failures: number }>(
        `SELECT * FROM deliveries INDEXED BY deliveries_due
         WHERE channel = ? AND state IN ('queued', 'retrying') AND next_attempt_at <= ?
         ORDER BY next_attempt_at, id LIMIT ?`,
      )
      .all(channel, now, limit);
    return rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      channel: toChannel(r.channel),
      recipientUid: r.recipient_uid,
      platformUserId: r.platform_user_id ?? '',
      dedupKey: r.dedup_key,
      attempts: r.attempts,
      failures: r.failures,
    }));
  }

  /** Earliest next attempt of anything waiting (queued or retrying) on these channels, or null. */
  nextDueAt(channels: readonly ChannelId[]): number | null {
    let best: number | null = null;
    const stmt = this.sql.prepared<[string], { t: number | null }>(
      `SELECT MIN(next_attempt_at) AS t FROM deliveries INDEXED BY deliveries_due WHERE channel = ? AND state IN ('queued', 'retrying')`,
    );
    for (const c of channels) {
      const t = stmt.get(c)?.t ?? null;
      if (t !== null && (best === null || t < best)) best = t;
    }
    return best;
  }

  /** Marks deliveries as being sent; returns the ids actually claimed (others changed meanwhile). */
  claim(ids: readonly number[], now: number): Set<number> {
    if (ids.length === 0) return new Set();
    return this.sql.write(() => {
      const rows = this.sql
        .prepared<[number, string], { id: number }>(
          `UPDATE deliveries SET state = 'sending', updated_at = ?
           WHERE id IN (SELECT value FROM json_each(?)) AND state IN ('queued', 'retrying') RETURNING id`,
        )
        .all(now, JSON.stringify(ids));
      return new Set(rows.map((r) => r.id));
    });
  }

  /** Records outcomes of many sends in one commit (group commit keeps fsyncs few). */
  record(results: readonly DeliveryResult[]): void {
    if (results.length === 0) return;
    let newDead = 0;
    this.sql.write(() => {
      const attempt = this.sql.prepared('INSERT INTO attempts (delivery_id, at, duration_ms, ok, error) VALUES (?, ?, ?, ?, ?)');
      const sent = this.sql.prepared(
        `UPDATE deliveries SET state = 'sent', attempts = attempts + 1, last_error = NULL, updated_at = ?, finished_at = ?
         WHERE id = ? AND state = 'sending'`,
      );
      const failed = this.sql.prepared(
        `UPDATE deliveries SET state = ?, attempts = attempts + 1, failures = failures + ?, last_error = ?,
           next_attempt_at = ?, updated_at = ?, finished_at = ?
         WHERE id = ? AND state = 'sending'`,
      );
      for (const r of results) {
        const end = r.at + r.durationMs;
        if (r.ok) {
          if (sent.run(end, end, r.id).changes > 0) attempt.run(r.id, r.at, r.durationMs, 1, null);
          continue;
        }
        const dead = r.nextAttemptAt === null;
        const err = JSON.stringify(r.error);
        const changed = failed.run(dead ? 'dead' : 'retrying', r.countsAsFailure ? 1 : 0, err, r.nextAttemptAt ?? end, end, dead ? end : null, r.id).changes;
        if (changed > 0) {
          attempt.run(r.id, r.at, r.durationMs, 0, err);
          if (dead) newDead++;
        }
      }
    });
    this.emit(newDead);
  }

  /** At start-up: whatever was being sent when the process died goes back to the queue. */
  requeueInFlight(now: number): number {
    return this.sql.write(
      () =>
        this.sql
          .prepared(
            `UPDATE deliveries SET state = CASE WHEN attempts = 0 THEN 'queued' ELSE 'retrying' END,
               next_attempt_at = ?, updated_at = ? WHERE state = 'sending'`,
          )
          .run(now, now).changes,
    );
  }

  assignPlatformIds(ids: readonly { id: number; platformUserId: string }[]): void {
    if (ids.length === 0) return;
    this.sql.write(() => {
      const stmt = this.sql.prepared('UPDATE deliveries SET platform_user_id = ? WHERE id = ? AND platform_user_id IS NULL');
      for (const d of ids) stmt.run(d.platformUserId, d.id);
    });
  }

  /** After sleep or network loss: everything waiting for a backoff timer is due now. */
  makeRetriesDue(now: number): number {
    return this.sql.write(
      () => this.sql.prepared(`UPDATE deliveries SET next_attempt_at = ? WHERE state = 'retrying' AND next_attempt_at > ?`).run(now, now).changes,
    );
  }
}
