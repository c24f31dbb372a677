import type { Directory } from '../directory/directory.js';
import type { Intake } from '../delivery/index.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { SecretStore } from '../vault/secret-store.js';
import type { WatcherStatus } from '../../../shared/contract/dms.js';
import { createDmsConnectionService, setWatcherEnabled, type DmsConnectionService } from './connection.js';
import { DmsConnectionTests } from './connection-check.js';
import { WatchStore } from './watch-store.js';
import { DmsWatcher, type DmsWatcherOptions } from './watcher.js';

export interface DmsServices {
  readonly watcher: DmsWatcher;
  readonly tests: DmsConnectionTests;
  readonly connection: DmsConnectionService;
  /** Starts the watcher and remembers it: `serve` and the next app start follow settings.dms.enabled. */
  startWatcher(): WatcherStatus;
  /** Stops the watcher and remembers that too. */
  stopWatcher(): Promise<WatcherStatus>;
  /** Stops the watcher and closes its state file. */
  close(): Promise<void>;
}

export interface DmsServicesDeps {
  readonly dataDir: string;
  readonly settings: SettingsStore;
  readonly vault: SecretStore;
  readonly intake: Pick<Intake, 'accept'>;
  readonly directory: Pick<Directory, 'platformId' | 'resolve' | 'get' | 'adoptFromDms'>;
  readonly now?: () => Date;
  readonly watcher?: Omit<DmsWatcherOptions, 'now'>;
}

/** The DMS OpenAPI side of the app: connection test and watcher, built once by the composition root. */
export function createDmsServices(deps: DmsServicesDeps): DmsServices {
  let store: WatchStore | null = null;
  const now = deps.now ?? (() => new Date());
  const watcher = new DmsWatcher(
    {
      settings: deps.settings,
      vault: deps.vault,
      intake: deps.intake,
      directory: deps.directory,
      store: () => (store ??= WatchStore.open(deps.dataDir)),
    },
    { now, ...deps.watcher },
  );
  const connection = createDmsConnectionService({ settings: deps.settings, vault: deps.vault });
  return {
    watcher,
    tests: new DmsConnectionTests({ settings: deps.settings, vault: deps.vault }, { now }),
    connection,
    startWatcher() {
      connection.assertComplete();
      setWatcherEnabled(deps.settings, true);
      watcher.start();
      return watcher.status();
    },
    async stopWatcher() {
      setWatcherEnabled(deps.settings, false);
      await watcher.stop();
      return watcher.status();
    },
    async close() {
      await watcher.close();
      store?.close();
      store = null;
    },
  };
}
