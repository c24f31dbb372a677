import type { ChannelId } from '../../../shared/catalog/channels.js';
import type { ImportReport, UserView } from '../../../shared/contract/users.js';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import type { DmsUser } from '../settings/schema.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { enabledChannels, sameContact, sameUser, viewOf } from './contacts.js';
import { parseUsersCsv } from './csv-import.js';
import type { DirectoryStore } from './directory-store.js';

/** What a DMS import did; users edited by hand are kept unless `overwrite`. */
export interface DmsImportCounts {
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Users edited by hand whose DMS data differs, left as they are. */
  readonly keptEdits: number;
  readonly uids: string[];
  /** Users that came from DMS earlier and are not in this list (kept, only reported). */
  readonly gone: { uid: string; name: string }[];
}

/** The DMS users the admin keeps: add, edit, remove, CSV import, DMS merge. */
export interface UsersDirectory {
  list(): { users: UserView[]; channels: ChannelId[] };
  /** The stored user, or null. */
  get(uid: string): DmsUser | null;
  /** The user's name in the directory, or null. */
  displayName(uid: string): string | null;
  upsert(user: DmsUser, previousUid?: string): UserView;
  remove(uid: string): boolean;
  importCsv(csv: string): ImportReport;
  /** Makes the directory exactly these users (config import). */
  replaceAll(users: readonly DmsUser[]): number;
  /** Adds or updates users read from DMS (see DmsImportCounts). */
  mergeFromDms(users: readonly DmsUser[], opts: { overwrite: boolean }): DmsImportCounts;
  /** Adds a person DMS named (watcher) or fills empty fields; an admin's own values win. */
  adoptFromDms(user: DmsUser): void;
  /** Called after every write of users or lookup results (listeners are told synchronously). */
  onChange(listener: () => void): () => void;
}

export interface UsersDirectoryOptions {
  readonly store: DirectoryStore;
  readonly settings: SettingsStore;
  /** Users added or whose mobile / e-mail changed: to be looked up on the platforms. */
  readonly schedule: (uids: readonly string[]) => void;
}

export function createUsersDirectory({ store, settings, schedule }: UsersDirectoryOptions): UsersDirectory {
  return {
    list() {
      const s = settings.read();
      const all = store.allResolutions();
      return { users: store.list().map((u) => viewOf(u, all.get(u.uid) ?? {}, s)), channels: enabledChannels(s) };
    },

    get: (uid) => {
      const u = store.get(uid);
      return u ? { uid: u.uid, name: u.name, mobile: u.mobile, email: u.email } : null;
    },

    upsert(user, previousUid) {
      const renamedFrom = previousUid !== undefined && previousUid !== user.uid ? previousUid : undefined;
      if (renamedFrom !== undefined && store.get(user.uid)) {
        throw new AppError('CONFLICT', text(`A user with uid ${user.uid} already exists.`, `uid 为 ${user.uid} 的用户已存在。`));
      }
      const before = store.get(renamedFrom ?? user.uid);
      store.put(user, 'admin', before ? (renamedFrom ?? user.uid) : undefined);
      if (!before || !sameContact(before, user)) schedule([user.uid]);
      return viewOf(user, store.resolutionsOf(user.uid), settings.read());
    },

    remove: (uid) => store.remove(uid),

    importCsv(csv) {
      const { users, errors } = parseUsersCsv(csv);
      let created = 0;
      let updated = 0;
      const changed: string[] = [];
      for (const u of users) {
        const before = store.get(u.uid);
        if (before) updated += 1;
        else created += 1;
        if (!before || !sameContact(before, u)) changed.push(u.uid);
      }
      store.putMany(users, 'admin');
      schedule(changed);
      return { created, updated, errors };
    },

    replaceAll(users) {
      const changed = users.filter((u) => {
        const before = store.get(u.uid);
        return !before || !sameContact(before, u);
      });
      store.replaceAll(users);
      schedule(changed.map((u) => u.uid));
      return store.count();
    },

    mergeFromDms(users, o) {
      let added = 0;
      let updated = 0;
      let unchanged = 0;
      let keptEdits = 0;
      const writes: DmsUser[] = [];
      for (const u of users) {
        const before = store.get(u.uid);
        if (!before) added += 1;
        else if (sameUser(before, u)) unchanged += 1;
        else if (before.origin === 'admin' && !o.overwrite) keptEdits += 1;
        else updated += 1;
        if (!before || (!sameUser(before, u) && (before.origin === 'dms' || o.overwrite))) writes.push(u);
      }
      store.putMany(writes, 'dms');
      const listed = new Set(users.map((u) => u.uid));
      const gone = store
        .list()
        .filter((u) => u.origin === 'dms' && !listed.has(u.uid))
        .map((u) => ({ uid: u.uid, name: u.name }));
      return { added, updated, unchanged, keptEdits, uids: users.map((u) => u.uid), gone };
    },

    adoptFromDms(incoming) {
      const current = store.get(incoming.uid);
      if (!current) {
        store.put(incoming, 'dms');
        schedule([incoming.uid]);
        return;
      }
      const merged: DmsUser = {
        uid: current.uid,
        name: current.name || incoming.name,
        mobile: current.mobile || incoming.mobile,
        email: current.email || incoming.email,
      };
      if (sameUser(current, merged)) return;
      store.put(merged, current.origin);
      schedule([incoming.uid]);
    },

    displayName(uid) {
      const user = store.get(uid);
      return user ? user.name || null : null;
    },

    onChange: (listener) => store.onChange(listener),
  };
}
