import type { SqliteDb } from '../../sqlite/database.js';
import type { KeyValueStore } from './types.js';

/** The outbox's `meta` table. */
export class SqliteMetaStore implements KeyValueStore {
  constructor(private readonly sql: SqliteDb) {}

  getMeta(key: string): string | null {
    return this.sql.prepared<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.sql.write(() =>
      this.sql.prepared('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value),
    );
  }
}
