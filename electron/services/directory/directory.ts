import { DirectoryStore } from './directory-store.js';
import { createPlatformLookups, type PlatformLookups, type PlatformLookupsOptions } from './platform-lookups.js';
import { createUsersDirectory, type UsersDirectory } from './users.js';

/** The folder of directory.sqlite, and what the platform lookups need. */
export type DirectoryOptions = Omit<PlatformLookupsOptions, 'store'> & { readonly dataDir: string };

/**
 * The users directory over one file (directory.sqlite): the users the admin keeps (users.ts) and who they are on
 * each platform (platform-lookups.ts). Callers that need one side take that role's type.
 */
export type Directory = UsersDirectory & Omit<PlatformLookups, 'schedule'>;

export function createDirectory(opts: DirectoryOptions): Directory {
  const store = DirectoryStore.open(opts.dataDir);
  store.adoptLegacy(opts.settings);
  const lookups = createPlatformLookups({ ...opts, store });
  const users = createUsersDirectory({ store, settings: opts.settings, schedule: lookups.schedule });
  return {
    ...users,
    platformId: lookups.platformId,
    missingReason: lookups.missingReason,
    sendTargets: lookups.sendTargets,
    noteRecipientFailure: lookups.noteRecipientFailure,
    usersWithPlatformId: lookups.usersWithPlatformId,
    resolve: lookups.resolve,
    relookupFailed: lookups.relookupFailed,
    async close() {
      await lookups.close();
      store.close();
    },
  };
}
