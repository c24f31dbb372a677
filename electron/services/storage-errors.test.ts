import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { storageError } from './errors.js';

const sqlite = (code: string) => new Database.SqliteError(code, code);

describe('storageError', () => {
  it.each([
    ['SQLITE_FULL', 'DISK_FULL'],
    ['SQLITE_IOERR_WRITE', 'SETTINGS_UNWRITABLE'],
    ['SQLITE_IOERR_FSYNC', 'SETTINGS_UNWRITABLE'],
    ['SQLITE_READONLY_DBMOVED', 'SETTINGS_UNWRITABLE'],
    ['SQLITE_READONLY', 'SETTINGS_UNWRITABLE'],
    ['SQLITE_CANTOPEN_ISDIR', 'SETTINGS_UNWRITABLE'],
    ['SQLITE_CORRUPT_INDEX', 'SETTINGS_UNWRITABLE'],
    ['SQLITE_BUSY_SNAPSHOT', 'UNAVAILABLE'],
  ])('maps %s to %s with the code in the message (both languages) and details', (code, want) => {
    const err = storageError(sqlite(code));
    expect(err?.code).toBe(want);
    expect(err?.details).toEqual({ sqliteCode: code });
    if (want !== 'DISK_FULL') {
      // The code is in the text: the admin (and the log) can tell a moved file from a failing disk.
      expect(err?.text.en).toContain(code);
      expect(err?.text.zh).toContain(code);
    }
  });

  it('leaves other errors alone', () => {
    expect(storageError(new Error('boom'))).toBeNull();
    expect(storageError(sqlite('SQLITE_CONSTRAINT_UNIQUE'))).toBeNull();
    expect(storageError(null)).toBeNull();
  });
});
