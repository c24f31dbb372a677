import type { ChannelId } from '../../../../shared/catalog/channels.js';
import type { SqliteDb } from '../../sqlite/database.js';
import { parseError, toChannel, type DeliveryRow } from './rows.js';
import type { OutboxAdmin } from './types.js';

/** Retry and discard of dead letters on the outbox database. */
export class SqliteOutboxAdmin implements OutboxAdmin {
  constructor(
    private readonly sql: SqliteDb,
    private readonly emit: (newDead: number) => void,
  ) {}

  /**
   * Dead letters (and, with `includeDiscarded`, discarded ones) back to the queue with a fresh
   * failure budget. `platformIdFor` fills in a platform id that was missing; without one the sender
   * looks the recipient up again before sending.
   */
  retry(ids: readonly number[] | 'all-dead', now: number, platformIdFor: (uid: string, channel: ChannelId) => string | null): number {
    const n = this.sql.write(() => {
      const rows =
        ids === 'all-dead'
          ? this.sql.prepared<[], DeliveryRow>(`SELECT * FROM deliveries WHERE state = 'dead'`).all()
          : this.sql
              .prepared<[string], DeliveryRow>(`SELECT * FROM deliveries WHERE id IN (SELECT value FROM json_each(?)) AND state IN ('dead', 'discarded')`)
              .all(JSON.stringify(ids));
      const update = this.sql.prepared(
        `UPDATE deliveries SET state = 'queued', failures = 0, platform_user_id = ?, next_attempt_at = ?, updated_at = ?,
           finished_at = NULL WHERE id = ?`,
      );
      let n = 0;
      for (const r of rows) {
        update.run(r.platform_user_id ?? platformIdFor(r.recipient_uid, toChannel(r.channel)), now, now, r.id);
        n++;
      }
      return n;
    });
    this.emit(0);
    return n;
  }

  /** Recipient, channel and error code of dead letters (for looking them up again before a retry). */
  deadRecipients(ids: readonly number[] | 'all-dead'): { uid: string; channel: ChannelId; code: string | null }[] {
    const rows =
      ids === 'all-dead'
        ? this.sql.prepared<[], DeliveryRow>(`SELECT * FROM deliveries WHERE state = 'dead'`).all()
        : this.sql
            .prepared<[string], DeliveryRow>(`SELECT * FROM deliveries WHERE id IN (SELECT value FROM json_each(?)) AND state IN ('dead', 'discarded')`)
            .all(JSON.stringify(ids));
    return rows.map((r) => ({ uid: r.recipient_uid, channel: toChannel(r.channel), code: parseError(r.last_error)?.code ?? null }));
  }

  discard(ids: readonly number[], now: number): number {
    const n = this.sql.write(
      () =>
        this.sql
          .prepared(
            `UPDATE deliveries SET state = 'discarded', updated_at = ?, finished_at = COALESCE(finished_at, ?)
             WHERE id IN (SELECT value FROM json_each(?)) AND state = 'dead'`,
          )
          .run(now, now, JSON.stringify(ids)).changes,
    );
    this.emit(0);
    return n;
  }
}
