import type { SqliteDb } from '../../sqlite/database.js';
import type { SqliteApprovalCardStore } from './approval-cards-store.js';
import type { SqliteApprovalStore } from './approvals-store.js';
import type { RetentionStore } from './types.js';

/** Pruning of finished events, approval presses and decided or expired approval cards, and shrinking the file afterwards. */
export class SqliteRetentionStore implements RetentionStore {
  constructor(
    private readonly sql: SqliteDb,
    private readonly approvals: SqliteApprovalStore,
    private readonly cards: SqliteApprovalCardStore,
  ) {}

  deleteFinishedEvents(cutoff: number, limit: number): number {
    return this.sql.write(
      () =>
        this.sql
          .prepared<[number, number]>(
            `DELETE FROM events WHERE id IN (
               SELECT e.id FROM events e
                WHERE e.received_at < ?
                  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.state NOT IN ('sent', 'discarded'))
                LIMIT ?)`,
          )
          .run(cutoff, limit).changes,
    );
  }

  deleteFinishedApprovals(cutoff: number, limit: number): number {
    return this.approvals.deleteFinishedBefore(cutoff, limit);
  }

  deleteOldCards(cutoff: number, limit: number): number {
    return this.cards.deleteOldBefore(cutoff, limit);
  }

  truncateWal(): void {
    this.sql.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  }
}
