import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { WATCH_STATE_FILE, WatchStore } from './watch-store.js';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'watch-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const userVersion = (file: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  } finally {
    db.close();
  }
};

describe('WatchStore schema version', () => {
  it('gives a new file the current schema version (3: seen, cursor; latest, status; approvers)', () => {
    const dir = tempDir();
    WatchStore.open(dir).close();
    expect(userVersion(path.join(dir, WATCH_STATE_FILE))).toBe(3);
  });

  it('adopts a file written before it had a version, keeping what it has seen', () => {
    const dir = tempDir();
    const file = path.join(dir, WATCH_STATE_FILE);
    const old = new Database(file);
    old.exec(`
      CREATE TABLE seen (scope TEXT NOT NULL, order_id TEXT NOT NULL, status_code TEXT NOT NULL, seen_at TEXT NOT NULL,
        emitted INTEGER NOT NULL, PRIMARY KEY (scope, order_id, status_code)) WITHOUT ROWID;
      CREATE TABLE cursor (scope TEXT PRIMARY KEY, watermark TEXT NOT NULL, updated_at TEXT NOT NULL);
      INSERT INTO seen VALUES ('s', '42', 'SUCCESS', '2026-01-01T00:00:00.000Z', 1);
      INSERT INTO cursor VALUES ('s', '2026-01-01 08:00:00', '2026-01-01T00:00:00.000Z');
    `);
    old.close();
    const store = WatchStore.open(dir);
    expect(store.hasSeen('s', '42', 'SUCCESS')).toBe(true);
    expect(store.cursor('s')).toEqual({ watermark: '2026-01-01 08:00:00' });
    store.close();
    expect(userVersion(file)).toBe(3);
  });

  it('refuses a file from a newer version instead of misreading it', () => {
    const dir = tempDir();
    const db = new Database(path.join(dir, WATCH_STATE_FILE));
    db.exec('PRAGMA user_version = 7');
    db.close();
    expect(() => WatchStore.open(dir)).toThrow(/newer than this app/);
  });
});
