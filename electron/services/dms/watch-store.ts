import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from '../sqlite/migrate.js';

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

  private constructor(db: Database.Database) {
    this.db = db;
    this.selectCursor = db.prepare('SELECT watermark FROM cursor WHERE scope = ?');
    this.upsertCursor = db.prepare(
      `INSERT INTO cursor (scope, watermark, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (scope) DO UPDATE SET watermark = excluded.watermark, updated_at = excluded.updated_at`,
    );
    this.selectSeen = db.prepare('SELECT 1 FROM seen WHERE scope = ? AND order_id = ? AND status_code = ?');
    this.insertSeen = db.prepare('INSERT OR IGNORE INTO seen (scope, order_id, status_code, seen_at, emitted) VALUES (?, ?, ?, ?, ?)');
  }

  static open(dataDir: string): WatchStore {
    mkdirSync(dataDir, { recursive: true });
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

  /** `emitted` false = recorded by the silent first poll (baseline). */
  markSeen(scope: string, orderId: string, statusCode: string, at: Date, emitted: boolean): void {
    this.insertSeen.run(scope, orderId, statusCode, at.toISOString(), emitted ? 1 : 0);
  }

  /** Records a whole baseline page in one transaction. */
  markSeenMany(scope: string, items: readonly { orderId: string; statusCode: string }[], at: Date): void {
    const tx = this.db.transaction(() => {
      for (const i of items) this.markSeen(scope, i.orderId, i.statusCode, at, false);
    });
    tx();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
