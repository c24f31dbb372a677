import path from 'node:path';
import Database from 'better-sqlite3';
import { storageError } from '../../errors.js';
import { SqliteDb } from '../../sqlite/database.js';
import { migrate } from '../../sqlite/migrate.js';
import { ensurePrivateDatabaseFile, ensurePrivateFolder } from '../../sqlite/private-files.js';
import { SqliteOutboxAdmin } from './admin.js';
import { SqliteApprovalCardStore } from './approval-cards-store.js';
import { SqliteApprovalStore } from './approvals-store.js';
import { SqliteLogReader } from './log-reader.js';
import { SqliteMetaStore } from './meta-store.js';
import { SqliteQueueStore } from './queue-store.js';
import { SqliteRetentionStore } from './retention-store.js';
import { SqliteOutboxStats } from './stats.js';
import { SqliteReminderStore } from '../reminders/reminder-store.js';
import { OUTBOX_MIGRATIONS } from './schema.js';
import type { DeliveryLogReader, KeyValueStore, OutboxAdmin, OutboxChange, OutboxStats, QueueStore, RetentionStore } from './types.js';

export { contentHash, dedupKeyFor } from './hashing.js';
export { emptyCounts } from './rows.js';
export type * from './types.js';

export const OUTBOX_FILE = 'outbox.sqlite';

/** The open outbox: one role object per consumer, all on the same SQLite connection. */
export interface Outbox {
  readonly filePath: string;
  /** The intake stores events here; the sender takes due deliveries and records outcomes. */
  readonly queue: QueueStore;
  /** The Delivery log page, the CSV export and the alerts. */
  readonly log: DeliveryLogReader;
  /** Retry and discard of dead letters. */
  readonly admin: OutboxAdmin;
  /** Small durable values (the sender's paused flag, digest slots). */
  readonly meta: KeyValueStore;
  readonly retention: RetentionStore;
  /** Aggregate reads for health, metrics and the CLI. */
  readonly facts: OutboxStats;
  /** Pending tickets and their next reminder (same file, so a claim and its enqueue share a transaction). */
  readonly reminders: SqliteReminderStore;
  /** Approve / Reject presses from chat cards: their audit and their exactly-once claim. */
  readonly approvals: SqliteApprovalStore;
  /** Approval cards sent: nonce → ticket, recipient, expiry, state, and where each copy lives. */
  readonly cards: SqliteApprovalCardStore;
  /** Called after every commit that changed delivery states. */
  onChange(listener: (change: OutboxChange) => void): () => void;
  /** Copies the WAL into the database without waiting for readers (cheap when little changed). */
  checkpoint(): void;
  close(): void;
}

/**
 * The durable outbox: events, their deliveries (event × channel × recipient) and every attempt.
 * Every write is one transaction, so a crash or a full disk never leaves half an event behind.
 *
 * journal_mode=WAL lets the log page read while the sender writes. synchronous=NORMAL: in WAL mode
 * a commit is then safe against any crash of the process (SIGKILL included: the crash test checks
 * it) and only an OS crash or power cut can roll back the last commits. FULL would close that window
 * too, at the price of one fsync per commit, which on ordinary disks makes every webhook answer wait
 * for the disk (measured here: p50 4 ms, p99 48 ms per event, against < 1 ms with NORMAL).
 */
export const Outbox = {
  open(dataDir: string, opts: { fileName?: string } = {}): Outbox {
    const filePath = path.join(dataDir, opts.fileName ?? OUTBOX_FILE);
    let db: Database.Database;
    try {
      ensurePrivateFolder(dataDir);
      ensurePrivateDatabaseFile(filePath);
      db = new Database(filePath);
      // The WAL is checkpointed by checkpoint() on a timer, off the intake path; the automatic
      // checkpoint stays as a backstop at ~40 MB of WAL.
      db.exec(
        'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA wal_autocheckpoint = 10000;',
      );
      migrate(db, OUTBOX_MIGRATIONS, 'outbox');
    } catch (err) {
      throw storageError(err) ?? err;
    }
    const sql = new SqliteDb(db);
    const listeners = new Set<(change: OutboxChange) => void>();
    const emit = (newDead: number): void => {
      for (const l of listeners) l({ newDead });
    };
    const approvals = new SqliteApprovalStore(sql);
    const cards = new SqliteApprovalCardStore(sql);
    return {
      filePath,
      queue: new SqliteQueueStore(sql, emit),
      log: new SqliteLogReader(sql),
      admin: new SqliteOutboxAdmin(sql, emit),
      meta: new SqliteMetaStore(sql),
      retention: new SqliteRetentionStore(sql, approvals, cards),
      facts: new SqliteOutboxStats(sql),
      reminders: new SqliteReminderStore(sql),
      approvals,
      cards,
      onChange(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      checkpoint() {
        try {
          sql.exec('PRAGMA wal_checkpoint(PASSIVE)');
        } catch {
          // A busy or full disk: the next timer tick (or the automatic backstop) tries again.
        }
      },
      close: () => sql.close(),
    };
  },
};
