import type Database from 'better-sqlite3';
import type { Outbox } from '../electron/services/delivery/index.js';
import type { SqliteDb } from '../electron/services/sqlite/database.js';

/**
 * Raw SQL on an open outbox's own connection, for tests only: per-connection pragmas, odd states to seed,
 * counts to check. Production code reads and writes through the outbox's roles, so no role offers raw
 * SQL; this reaches the connection the meta store (like every role) keeps privately.
 */
export function outboxSql<P extends unknown[] = unknown[], R = unknown>(outbox: Outbox, sql: string): Database.Statement<P, R> {
  return (outbox.meta as unknown as { readonly sql: SqliteDb }).sql.prepared<P, R>(sql);
}
