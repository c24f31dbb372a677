import path from 'node:path';
import Database from 'better-sqlite3';
import type { ChannelId } from '../../../../shared/catalog/channels.js';
import type { Delivery, EventFilter, StateCounts } from '../../../../shared/contract/sender.js';
import { storageError } from '../../errors.js';
import { SqliteDb } from '../../sqlite/database.js';
import { migrate } from '../../sqlite/migrate.js';
import { ensurePrivateDatabaseFile, ensurePrivateFolder } from '../../sqlite/private-files.js';
import { SqliteOutboxAdmin } from './admin.js';
import { SqliteApprovalStore } from './approvals-store.js';
import { SqliteLogReader } from './log-reader.js';
import { SqliteMetaStore } from './meta-store.js';
import { SqliteQueueStore } from './queue-store.js';
import { SqliteOutboxStats } from './stats.js';
import { SqliteReminderStore } from '../reminders/reminder-store.js';
import { OUTBOX_MIGRATIONS } from './schema.js';
import type {
  DeliveryAttempt,
  DeliveryLogReader,
  DeliveryResult,
  DueDelivery,
  EnqueueInput,
  EnqueueResult,
  EventRowWithCounts,
  KeyValueStore,
  OutboxAdmin,
  OutboxChange,
  OutboxStats,
  RetentionStore,
  QueueStore,
  StatsBucket,
  StoredEvent,
} from './types.js';

export { contentHash, dedupKeyFor } from './hashing.js';
export { emptyCounts } from './rows.js';
export type * from './types.js';

export const OUTBOX_FILE = 'outbox.sqlite';

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
export class Outbox implements QueueStore, DeliveryLogReader, OutboxAdmin, KeyValueStore, RetentionStore {
  readonly filePath: string;
  private readonly sql: SqliteDb;
  private readonly listeners = new Set<(change: OutboxChange) => void>();
  private readonly queue: QueueStore;
  private readonly admin: OutboxAdmin;
  private readonly meta: KeyValueStore;
  private readonly log: DeliveryLogReader;
  /** Pending tickets and their next reminder (same file, so a claim and its enqueue share a transaction). */
  readonly reminders: SqliteReminderStore;
  /** Approve / Reject presses from chat cards: their audit and their exactly-once claim. */
  readonly approvals: SqliteApprovalStore;
  /** Aggregate reads for health, metrics and the CLI. */
  readonly facts: OutboxStats;

  private constructor(sql: SqliteDb, filePath: string) {
    this.sql = sql;
    this.filePath = filePath;
    const emit = (newDead: number): void => this.emit(newDead);
    this.queue = new SqliteQueueStore(sql, emit);
    this.admin = new SqliteOutboxAdmin(sql, emit);
    this.meta = new SqliteMetaStore(sql);
    this.log = new SqliteLogReader(sql);
    this.reminders = new SqliteReminderStore(sql);
    this.approvals = new SqliteApprovalStore(sql);
    this.facts = new SqliteOutboxStats(sql);
  }

  static open(dataDir: string, opts: { fileName?: string } = {}): Outbox {
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
    return new Outbox(new SqliteDb(db), filePath);
  }

  close(): void {
    this.sql.close();
  }

  /** Copies the WAL into the database without waiting for readers (cheap when little changed). */
  checkpoint(): void {
    try {
      this.sql.exec('PRAGMA wal_checkpoint(PASSIVE)');
    } catch {
      // A busy or full disk: the next timer tick (or the automatic backstop) tries again.
    }
  }

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

  truncateWal(): void {
    this.sql.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  /** Called after every commit that changed delivery states. */
  onChange(listener: (change: OutboxChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(newDead: number): void {
    for (const l of this.listeners) l({ newDead });
  }

  enqueue(input: EnqueueInput): EnqueueResult {
    return this.queue.enqueue(input);
  }

  due(channel: ChannelId, now: number, limit: number): DueDelivery[] {
    return this.queue.due(channel, now, limit);
  }

  nextDueAt(channels: readonly ChannelId[]): number | null {
    return this.queue.nextDueAt(channels);
  }

  claim(ids: readonly number[], now: number): Set<number> {
    return this.queue.claim(ids, now);
  }

  record(results: readonly DeliveryResult[]): void {
    this.queue.record(results);
  }

  requeueInFlight(now: number): number {
    return this.queue.requeueInFlight(now);
  }

  makeRetriesDue(now: number): number {
    return this.queue.makeRetriesDue(now);
  }

  retry(ids: readonly number[] | 'all-dead', now: number, platformIdFor: (uid: string, channel: ChannelId) => string | null): number {
    return this.admin.retry(ids, now, platformIdFor);
  }

  assignPlatformIds(ids: readonly { id: number; platformUserId: string }[]): void {
    this.queue.assignPlatformIds(ids);
  }

  discard(ids: readonly number[], now: number): number {
    return this.admin.discard(ids, now);
  }

  deadRecipients(ids: readonly number[] | 'all-dead'): { uid: string; channel: ChannelId; code: string | null }[] {
    return this.admin.deadRecipients(ids);
  }

  getMeta(key: string): string | null {
    return this.meta.getMeta(key);
  }

  setMeta(key: string, value: string): void {
    this.meta.setMeta(key, value);
  }

  counts(): StateCounts {
    return this.log.counts();
  }

  getEvent(id: string): StoredEvent | null {
    return this.log.getEvent(id);
  }

  listEvents(f: EventFilter, offset: number, limit: number): { total: number; items: EventRowWithCounts[] } {
    return this.log.listEvents(f, offset, limit);
  }

  iterateEvents(f: EventFilter): Generator<StoredEvent> {
    return this.log.iterateEvents(f);
  }

  deliveriesOf(eventId: string): Delivery[] {
    return this.log.deliveriesOf(eventId);
  }

  attemptsOf(deliveryId: number): DeliveryAttempt[] {
    return this.log.attemptsOf(deliveryId);
  }

  attemptsPerEvent(eventIds: readonly string[]): Map<string, number> {
    return this.log.attemptsPerEvent(eventIds);
  }

  stats(from: number, to: number, buckets: number): { bucketMs: number; buckets: StatsBucket[] } {
    return this.log.stats(from, to, buckets);
  }
}
