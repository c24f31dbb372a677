import path from 'node:path';
import Database from 'better-sqlite3';
import { CHANNEL_IDS, type ChannelId } from '../../../shared/catalog/channels.js';
import { migrate } from '../sqlite/migrate.js';
import { ensurePrivateDatabaseFile, ensurePrivateFolder } from '../sqlite/private-files.js';
import type { DmsUser, UserResolution } from '../settings/schema.js';
import type { SettingsStore } from '../settings/settings-store.js';

/**
 * The users directory lives in its own SQLite file, not in settings.json (which background loops
 * rewrite) and not in the outbox (which is pruned and exported as a delivery log): users are data an
 * admin curates, with their own backup value and lifecycle.
 */
export const DIRECTORY_FILE = 'directory.sqlite';

/** Who last wrote a user: the admin (UI, CSV, config file) or DMS (import, watcher). */
export type UserOrigin = 'admin' | 'dms';

export interface StoredUser extends DmsUser {
  readonly origin: UserOrigin;
}

/**
 * Schema steps for migrate(): entry i migrates from version i to i+1. Version 1 is the schema the file
 * has always had (IF NOT EXISTS, so a file holding the tables without a user_version is adopted as it is).
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE IF NOT EXISTS users (
    uid      TEXT PRIMARY KEY,
    name     TEXT NOT NULL DEFAULT '',
    mobile   TEXT NOT NULL DEFAULT '',
    email    TEXT NOT NULL DEFAULT '',
    origin   TEXT NOT NULL DEFAULT 'admin' CHECK (origin IN ('admin', 'dms')),
    position INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS resolutions (
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
  CREATE INDEX IF NOT EXISTS resolutions_platform_id ON resolutions (channel, platform_user_id);
  `,
];

export const DIRECTORY_SCHEMA_VERSION = MIGRATIONS.length;

interface UserRow {
  uid: string;
  name: string;
  mobile: string;
  email: string;
  origin: string;
}

interface ResolutionRow {
  uid: string;
  channel: string;
  status: UserResolution['status'];
  platform_user_id: string | null;
  contact: string;
  code: string | null;
  sub_code: string | null;
  missing_scopes: string;
  resolved_at: string;
}

const toUser = (r: UserRow): StoredUser => ({ uid: r.uid, name: r.name, mobile: r.mobile, email: r.email, origin: r.origin === 'dms' ? 'dms' : 'admin' });
const isChannel = (c: string): c is ChannelId => (CHANNEL_IDS as readonly string[]).includes(c);
const toResolution = (r: ResolutionRow): UserResolution => ({
  status: r.status,
  platformUserId: r.platform_user_id,
  contact: r.contact,
  code: r.code,
  subCode: r.sub_code,
  missingScopes: JSON.parse(r.missing_scopes) as string[],
  resolvedAt: r.resolved_at,
});

/** Users and their lookup results, one row each; all writes are single transactions. */
export class DirectoryStore {
  private readonly listeners = new Set<() => void>();

  private constructor(private readonly db: Database.Database) {}

  /** Called after every write (users or lookups), so the UI can refresh the Users page. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  static open(dataDir: string): DirectoryStore {
    // Names, mobiles and e-mails: owner-only like the outbox and the watch state.
    ensurePrivateFolder(dataDir);
    ensurePrivateDatabaseFile(path.join(dataDir, DIRECTORY_FILE));
    const db = new Database(path.join(dataDir, DIRECTORY_FILE));
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, MIGRATIONS, 'directory');
    return new DirectoryStore(db);
  }

  /**
   * Moves users and lookups an older version kept in settings.json into this file, then empties
   * them there. Runs at every open; after the first it finds nothing to move.
   */
  adoptLegacy(settings: SettingsStore): number {
    const s = settings.read();
    if (s.users.length === 0 && Object.keys(s.userResolutions).length === 0) return 0;
    this.db.transaction(() => {
      for (const u of s.users) this.insertIfAbsent(u, 'admin');
      for (const [uid, byChannel] of Object.entries(s.userResolutions)) {
        if (!this.get(uid)) continue;
        for (const c of CHANNEL_IDS) {
          const r = byChannel[c];
          if (r) this.setResolution(uid, c, r);
        }
      }
    })();
    settings.update((cur) => ({ ...cur, users: [], userResolutions: {} }));
    return s.users.length;
  }

  list(): StoredUser[] {
    return this.db.prepare<[], UserRow>('SELECT * FROM users ORDER BY position, uid').all().map(toUser);
  }

  get(uid: string): StoredUser | null {
    const r = this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE uid = ?').get(uid);
    return r ? toUser(r) : null;
  }

  count(): number {
    return this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users').get()!.n;
  }

  /** Adds or replaces a user; `renameFrom` moves an existing user (and their lookups) to a new uid. */
  put(user: DmsUser, origin: UserOrigin, renameFrom?: string): void {
    this.db.transaction(() => {
      const target = renameFrom ?? user.uid;
      const exists = this.db.prepare<[string, string, string, string, string, string]>(
        'UPDATE users SET uid = ?, name = ?, mobile = ?, email = ?, origin = ? WHERE uid = ?',
      );
      if (exists.run(user.uid, user.name, user.mobile, user.email, origin, target).changes === 0) this.insertIfAbsent(user, origin);
    })();
    this.changed();
  }

  /** Many users at once (CSV, config file, DMS import), in one transaction. */
  putMany(users: readonly DmsUser[], origin: UserOrigin): void {
    this.db.transaction(() => {
      for (const u of users) this.put(u, origin);
    })();
  }

  /** Makes the directory exactly `users` (config import), keeping lookups of users that stay. */
  replaceAll(users: readonly DmsUser[]): void {
    this.db.transaction(() => {
      const keep = new Set(users.map((u) => u.uid));
      for (const u of this.list()) if (!keep.has(u.uid)) this.remove(u.uid);
      users.forEach((u, i) => {
        this.put(u, 'admin');
        this.db.prepare('UPDATE users SET position = ? WHERE uid = ?').run(i, u.uid);
      });
    })();
  }

  remove(uid: string): boolean {
    const removed = this.db.prepare('DELETE FROM users WHERE uid = ?').run(uid).changes > 0;
    if (removed) this.changed();
    return removed;
  }

  resolutionsOf(uid: string): Partial<Record<ChannelId, UserResolution>> {
    const out: Partial<Record<ChannelId, UserResolution>> = {};
    for (const r of this.db.prepare<[string], ResolutionRow>('SELECT * FROM resolutions WHERE uid = ?').all(uid)) {
      if (isChannel(r.channel)) out[r.channel] = toResolution(r);
    }
    return out;
  }

  /** Every stored lookup, by uid (one query for the whole Users table). */
  allResolutions(): Map<string, Partial<Record<ChannelId, UserResolution>>> {
    const out = new Map<string, Partial<Record<ChannelId, UserResolution>>>();
    for (const r of this.db.prepare<[], ResolutionRow>('SELECT * FROM resolutions').all()) {
      if (!isChannel(r.channel)) continue;
      const byChannel = out.get(r.uid) ?? {};
      byChannel[r.channel] = toResolution(r);
      out.set(r.uid, byChannel);
    }
    return out;
  }

  resolution(uid: string, channel: ChannelId): UserResolution | null {
    const r = this.db.prepare<[string, string], ResolutionRow>('SELECT * FROM resolutions WHERE uid = ? AND channel = ?').get(uid, channel);
    return r ? toResolution(r) : null;
  }

  /** Users whose lookup on `channel` returned this platform id. */
  uidsWithPlatformId(channel: ChannelId, platformUserId: string): string[] {
    return this.db
      .prepare<[string, string], { uid: string }>('SELECT uid FROM resolutions WHERE channel = ? AND platform_user_id = ?')
      .all(channel, platformUserId)
      .map((r) => r.uid);
  }

  setResolution(uid: string, channel: ChannelId, r: UserResolution): void {
    this.db
      .prepare(
        `INSERT INTO resolutions (uid, channel, status, platform_user_id, contact, code, sub_code, missing_scopes, resolved_at)
         SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM users WHERE uid = ?)
         ON CONFLICT (uid, channel) DO UPDATE SET status = excluded.status, platform_user_id = excluded.platform_user_id,
           contact = excluded.contact, code = excluded.code, sub_code = excluded.sub_code,
           missing_scopes = excluded.missing_scopes, resolved_at = excluded.resolved_at`,
      )
      .run(uid, channel, r.status, r.platformUserId, r.contact, r.code, r.subCode, JSON.stringify(r.missingScopes), r.resolvedAt, uid);
    this.changed();
  }

  setResolutions(entries: readonly { uid: string; channel: ChannelId; resolution: UserResolution }[]): void {
    this.db.transaction(() => {
      for (const e of entries) this.setResolution(e.uid, e.channel, e.resolution);
    })();
  }

  close(): void {
    this.db.close();
  }

  private insertIfAbsent(u: DmsUser, origin: UserOrigin): void {
    this.db
      .prepare(
        `INSERT INTO users (uid, name, mobile, email, origin, position)
         VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), -1) + 1 FROM users)) ON CONFLICT (uid) DO NOTHING`,
      )
      .run(u.uid, u.name, u.mobile, u.email, origin);
  }
}
