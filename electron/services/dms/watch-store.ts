import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from '../sqlite/migrate.js';
import { ensurePrivateDatabaseFile, ensurePrivateFolder } from '../sqlite/private-files.js';

export const WATCH_STATE_FILE = 'dms-watch.sqlite';

/**
 * Schema steps for migrate(): entry i migrates from version i to i+1. Version 1 is the schema files
 * had before they carried a version (IF NOT EXISTS, so such a file is adopted as it is).
 */
const WATCH_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE IF NOT EXISTS seen (
    scope TEXT NOT NULL,
    order_id TEXT NOT NULL,
    status_code TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    emitted INTEGER NOT NULL,
    PRIMARY KEY (scope, order_id, status_code)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS cursor (
    scope TEXT PRIMARY KEY,
    watermark TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  // 2: the status each order is in now and how many status changes were recorded for it (a ticket that
  // comes back to a status it had before, resubmitted after a rejection, is a new change), and the
  // watcher's own status for other processes (`channel-desk status`).
  `
  CREATE TABLE IF NOT EXISTS latest (
    scope TEXT NOT NULL,
    order_id TEXT NOT NULL,
    status_code TEXT NOT NULL,
    entry INTEGER NOT NULL,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (scope, order_id)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS status (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    json TEXT NOT NULL
  );
  `,
  // 3: who a pending approval was last sent to (sorted uids) and the order's LastModifyTime then: a multi-node flow
  // stays "toaudit" when a node is approved (in DMS or from a chat card), so the next node's approvers are a change too.
  `
  CREATE TABLE IF NOT EXISTS approvers (
    scope TEXT NOT NULL,
    order_id TEXT NOT NULL,
    uids TEXT NOT NULL,
    modified TEXT NOT NULL,
    PRIMARY KEY (scope, order_id)
  ) WITHOUT ROWID;
  `,
];

export interface WatchCursor {
  /** Largest `LastModifyTime` seen (DMS tenant time, `YYYY-MM-DD hh:mm:ss`). */
  readonly watermark: string;
}

/**
 * What the watcher has already seen, per scope (endpoint + Tid), so each (OrderId, StatusCode) is
 * reported once across restarts. Its own small SQLite file rather than a table in the outbox: it has
 * its own lifecycle (deleting it only means a fresh, silent baseline), no coupling to the outbox's
 * migrations, and it never waits behind the sender's fsync-per-commit transactions.
 */
export class WatchStore {
  private readonly db: Database.Database;
  // Prepared once: a poll page checks and records every order it lists.
  private readonly selectCursor: Database.Statement<[string], { watermark: string }>;
  private readonly upsertCursor: Database.Statement<[string, string, string]>;
  private readonly selectSeen: Database.Statement<[string, string, string]>;
  private readonly insertSeen: Database.Statement<[string, string, string, string, number]>;
  private readonly selectLatest: Database.Statement<[string, string], { status_code: string; entry: number }>;
  private readonly upsertLatest: Database.Statement<[string, string, string, string]>;

  private constructor(db: Database.Database) {
    this.db = db;
    this.selectCursor = db.prepare('SELECT watermark FROM cursor WHERE scope = ?');
    this.upsertCursor = db.prepare(
      `INSERT INTO cursor (scope, watermark, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (scope) DO UPDATE SET watermark = excluded.watermark, updated_at = excluded.updated_at`,
    );
    this.selectSeen = db.prepare('SELECT 1 FROM seen WHERE scope = ? AND order_id = ? AND status_code = ?');
    this.insertSeen = db.prepare('INSERT OR IGNORE INTO seen (scope, order_id, status_code, seen_at, emitted) VALUES (?, ?, ?, ?, ?)');
    this.selectLatest = db.prepare('SELECT status_code, entry FROM latest WHERE scope = ? AND order_id = ?');
    this.upsertLatest = db.prepare(
      `INSERT INTO latest (scope, order_id, status_code, entry, changed_at) VALUES (?, ?, ?, 1, ?)
       ON CONFLICT (scope, order_id) DO UPDATE SET status_code = excluded.status_code, entry = entry + 1, changed_at = excluded.changed_at
       WHERE status_code <> excluded.status_code`,
    );
  }

  static open(dataDir: string): WatchStore {
    ensurePrivateFolder(dataDir);
    ensurePrivateDatabaseFile(path.join(dataDir, WATCH_STATE_FILE));
    const db = new Database(path.join(dataDir, WATCH_STATE_FILE));
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, WATCH_MIGRATIONS, 'DMS watch state');
    return new WatchStore(db);
  }

  cursor(scope: string): WatchCursor | null {
    const row = this.selectCursor.get(scope);
    return row ? { watermark: row.watermark } : null;
  }

  setCursor(scope: string, watermark: string, at: Date): void {
    this.upsertCursor.run(scope, watermark, at.toISOString());
  }

  hasSeen(scope: string, orderId: string, statusCode: string): boolean {
    return this.selectSeen.get(scope, orderId, statusCode) !== undefined;
  }

  /** The order's status as last recorded, and the number of its recorded status changes. */
  latest(scope: string, orderId: string): { statusCode: string; entry: number } | null {
    const row = this.selectLatest.get(scope, orderId);
    return row ? { statusCode: row.status_code, entry: row.entry } : null;
  }

  /**
   * A status worth reporting: one the order is not in already (by `latest`), or, for orders recorded
   * before `latest` existed, one never seen for it.
   */
  isNewStatus(scope: string, orderId: string, statusCode: string): boolean {
    const latest = this.latest(scope, orderId);
    return latest ? latest.statusCode !== statusCode : !this.hasSeen(scope, orderId, statusCode);
  }

  /** Who the order's pending approval was last sent to (sorted uids, comma-joined) and its LastModifyTime then. */
  approvers(scope: string, orderId: string): { uids: string; modified: string } | null {
    return (
      this.db
        .prepare<[string, string], { uids: string; modified: string }>('SELECT uids, modified FROM approvers WHERE scope = ? AND order_id = ?')
        .get(scope, orderId) ?? null
    );
  }

  setApprovers(scope: string, orderId: string, uids: string, modified: string): void {
    this.db
      .prepare(
        `INSERT INTO approvers (scope, order_id, uids, modified) VALUES (?, ?, ?, ?)
         ON CONFLICT (scope, order_id) DO UPDATE SET uids = excluded.uids, modified = excluded.modified`,
      )
      .run(scope, orderId, uids, modified);
  }

  /** `emitted` false = recorded by the silent first poll (baseline). */
  markSeen(scope: string, orderId: string, statusCode: string, at: Date, emitted: boolean): void {
    this.insertSeen.run(scope, orderId, statusCode, at.toISOString(), emitted ? 1 : 0);
    this.upsertLatest.run(scope, orderId, statusCode, at.toISOString());
  }

  /** Records a whole baseline page in one transaction. */
  markSeenMany(scope: string, items: readonly { orderId: string; statusCode: string }[], at: Date): void {
    const tx = this.db.transaction(() => {
      for (const i of items) this.markSeen(scope, i.orderId, i.statusCode, at, false);
    });
    tx();
  }

  /** The watcher's last poll, error and next poll, so another process (`channel-desk status`) can read them. */
  setStatus(json: string): void {
    this.db.prepare('INSERT INTO status (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json').run(json);
  }

  /** What setStatus last wrote in this data folder, or null (never polled here); never creates the file. */
  static readStatus(dataDir: string): string | null {
    const file = path.join(dataDir, WATCH_STATE_FILE);
    if (!existsSync(file)) return null;
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'status'").get() !== undefined;
      return hasTable ? (db.prepare<[], { json: string }>('SELECT json FROM status WHERE id = 1').get()?.json ?? null) : null;
    } finally {
      db.close();
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
