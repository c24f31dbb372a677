import type { PlatformConfig } from '../platforms/client.js';
import type { PlatformClient } from '../platforms/types.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { SecretStore } from '../vault/secret-store.js';
import { DirectoryStore } from './directory-store.js';
import { createPlatformLookups, type PlatformLookups } from './platform-lookups.js';
import { createUsersDirectory, type UsersDirectory } from './users.js';

export interface DirectoryOptions {
  readonly dataDir: string;
  readonly settings: SettingsStore;
  readonly vault: SecretStore;
  /** Builds the platform client for a config (tests pass short timeouts). */
  readonly clientFor?: (config: PlatformConfig) => PlatformClient;
  readonly now?: () => Date;
  /**
   * Look users up in the background after they are added or edited (app and server; the one-shot CLI
   * leaves it to send time). Default false.
   */
  readonly backgroundLookups?: boolean;
}


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
    resolve: lookups.resolve,
    relookupFailed: lookups.relookupFailed,
    async close() {
      await lookups.close();
      store.close();
    },
  };
}
