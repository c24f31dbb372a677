import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIRECTORY_FILE, DIRECTORY_SCHEMA_VERSION, DirectoryStore } from './directory-store.js';

// The schema directory.sqlite has had since it was introduced (b572953), as that code created it.
const V1_SCHEMA = `
  CREATE TABLE users (
    uid      TEXT PRIMARY KEY,
    name     TEXT NOT NULL DEFAULT '',
    mobile   TEXT NOT NULL DEFAULT '',
    email    TEXT NOT NULL DEFAULT '',
    origin   TEXT NOT NULL DEFAULT 'admin' CHECK (origin IN ('admin', 'dms')),
    position INTEGER NOT NULL
  );
  CREATE TABLE resolutions (
    uid              TEXT NOT NULL REFERENCES users (uid) ON DELETE CASCADE ON UPDATE CASCADE,
    channel          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('found', 'not_found', 'outside_availability', 'error')),
    platform_user_id TEXT,
    contact          TEXT NOT NULL,
    code             TEXT,
    sub_code         TEXT,
    missing_scopes   TEXT NOT NULL DEFAULT '[]',
    resolved_at      TEXT NOT NULL,
    PRIMARY KEY (uid, channel)
  );
  CREATE INDEX resolutions_platform_id ON resolutions (channel, platform_user_id);
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-directory-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A directory file written by an older app: the v1 tables, one user with a lookup, and the given user_version. */
function writeOldFile(userVersion: number): void {
  const db = new Database(path.join(dir, DIRECTORY_FILE));
  db.exec(V1_SCHEMA);
  db.prepare(`INSERT INTO users (uid, name, mobile, email, origin, position) VALUES ('3002', 'Li Lei', '13800000000', 'li@example.com', 'dms', 0)`).run();
  db.prepare(
    `INSERT INTO resolutions (uid, channel, status, platform_user_id, contact, resolved_at) VALUES ('3002', 'feishu', 'found', 'ou_li', '13800000000', '2026-12-01T10:00:00.000Z')`,
  ).run();
  db.pragma(`user_version = ${userVersion}`);
  db.close();
}

const userVersion = (): unknown => {
  const db = new Database(path.join(dir, DIRECTORY_FILE), { readonly: true });
  try {
    return db.pragma('user_version', { simple: true });
  } finally {
    db.close();
  }
};

describe('directory.sqlite schema versions', () => {
  it.each([
    ['created by the old code (user_version 1)', 1],
    ['holding the tables without a user_version', 0],
  ])('a file %s opens in place with its users and lookups kept', (_name, version) => {
    writeOldFile(version);
    const store = DirectoryStore.open(dir);
    try {
      expect(store.list()).toEqual([{ uid: '3002', name: 'Li Lei', mobile: '13800000000', email: 'li@example.com', origin: 'dms' }]);
      expect(store.resolution('3002', 'feishu')).toMatchObject({ status: 'found', platformUserId: 'ou_li', contact: '13800000000' });
      expect(store.uidsWithPlatformId('feishu', 'ou_li')).toEqual(['3002']);
    } finally {
      store.close();
    }
    expect(userVersion()).toBe(DIRECTORY_SCHEMA_VERSION);
  });

  it('refuses a file from a newer app instead of misreading it', () => {
    writeOldFile(DIRECTORY_SCHEMA_VERSION + 1);
    expect(() => DirectoryStore.open(dir)).toThrow(
      `directory schema version ${DIRECTORY_SCHEMA_VERSION + 1} is newer than this app (${DIRECTORY_SCHEMA_VERSION})`,
    );
  });
});
