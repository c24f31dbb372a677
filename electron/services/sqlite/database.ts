import type Database from 'better-sqlite3';
import { storageError } from '../errors.js';

/** One open SQLite file: cached prepared statements and write transactions with storage errors mapped. */
export class SqliteDb {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  /**
   * Prepared statements are cached per SQL text for the life of this handle: the send loop runs the
   * same few statements per delivery, and preparing costs more than running them.
   */
  prepared<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st as unknown as Database.Statement<P, R>;
  }

  /** One IMMEDIATE transaction; a full disk (SQLITE_FULL) or an unwritable file becomes an AppError. */
  write<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      throw storageError(err) ?? err;
    }
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }
}
