import { createApprovalsService, type ApprovalsServiceDeps } from './approvals/approvals-service.js';
import type { ApprovalsPort } from './platforms/approval-cards.js';
import path from 'node:path';
import type { ChannelId } from '../../shared/catalog/channels.js';
import { appVersion } from './package-root.js';
import { createChannelsService, credentialsChangedAt, type ChannelsService } from './channels/channels-service.js';
import { createChatList, type ChatList } from './channels/chat-list.js';
import { createConfigService, type ConfigService } from './config/config-service.js';
import { createGuideService, type GuideService } from './guide/guide-service.js';
import { openSettingsStore } from './settings/conf-settings-store.js';
import type { SettingsBackendFactory, SettingsStore } from './settings/settings-store.js';
import { createVault } from './vault/index.js';
import type { SecretStore } from './vault/secret-store.js';
import { trackSecretsMeta } from './vault/tracked-store.js';
import { monitorVault, type VaultHealth } from './vault/vault-health.js';
import { createDeliveryServices, platformClients, type DeliveryServices, type DeliveryServicesOptions } from './delivery/index.js';
import { createDirectory, type Directory } from './directory/directory.js';
import { createCredentialTests, type CredentialTests } from './credential-test/credential-tests.js';
import { createDmsServices, type DmsServices } from './dms/index.js';
import { createReminderCheck } from './dms/reminder-check.js';
import { createHealthService, type HealthService } from './health/health-service.js';
import { watcherHealth } from './health/watcher-health.js';
import { parseWatcherRecord } from './dms/watcher-record.js';
import { WatchStore } from './dms/watch-store.js';
import { createServiceEvents, type ServiceEvents } from './events/service-events.js';

export type RunMode = 'electron' | 'headless' | 'cli';

/**
 * Every service, built from one data folder. Electron main, headless mode, the CLI and the tests all
 * build it the same way; nothing here imports 'electron'.
 */
export interface AppServices {
  readonly mode: RunMode;
  readonly dataDir: string;
  readonly version: string;
  readonly settings: SettingsStore;
  /** Secret values; set/delete also keep settings.secretsMeta current. */
  readonly vault: SecretStore;
  /** Last known vault status, re-probed while unavailable (the app-wide banner, the sender's hold). */
  readonly vaultHealth: VaultHealth;
  readonly channels: ChannelsService;
  readonly guide: GuideService;
  /** Configuration file import/export (never exports a secret). */
  readonly config: ConfigService;
  /** DMS users and their platform ids per channel. */
  readonly directory: Directory;
  /** One-click credential tests per channel (runs kept in memory, last result in settings). */
  readonly credentialTests: CredentialTests;
  /** Group chats of a channel's bot (rule editor's chat picker). */
  readonly chats: ChatList;
  /** Rules, event intake, outbox, sender, alerts (Stage 3). */
  readonly delivery: DeliveryServices;
  /** DMS OpenAPI connection test and ticket watcher (feeds `delivery.intake`). */
  readonly dms: DmsServices;
  /** One summary of what works and what the admin must fix (Home, `status`, `/healthz`). */
  readonly health: HealthService;
  /** Approve / Reject from the chat card: long connections and the test card (issue 19). */
  readonly approvals: ApprovalsPort;
  /** What changed, for the UI's live updates (headless event stream, Electron IPC event channel). */
  readonly events: ServiceEvents;
  /**
   * Starts background loops (sender, DMS watcher). Electron and headless call it once after the UI
   * transport is up; the CLI does not call it unless a command needs the loops. Idempotent.
   */
  startBackground(): void;
  /** Stops loops and closes files; safe to call twice. */
  close(): Promise<void>;
}

export interface CreateAppServicesOptions {
  readonly dataDir: string;
  readonly mode: RunMode;
  /** Electron main passes `(o) => new ElectronStore(o)`; default is conf (same file format). */
  readonly settingsBackend?: SettingsBackendFactory;
  /** CHANNEL_DESK_VAULT / CHANNEL_DESK_VAULT_PASSPHRASE are read from here (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => Date;
  /** Tests and benchmarks: sender clock, rate limits, retry policy, concurrency. */
  readonly delivery?: Pick<DeliveryServicesOptions, 'clock' | 'limits' | 'retry' | 'maxInFlight'>;
  /** Tests: the long connections, card updaters, DMS client and answer deadline of approve-from-chat. */
  readonly approvals?: Pick<ApprovalsServiceDeps, 'connections' | 'updaters' | 'dmsClient' | 'answerWithinMs' | 'log'>;
}

export async function createAppServices(opts: CreateAppServicesOptions): Promise<AppServices> {
  const dataDir = path.resolve(opts.dataDir);
  const env = opts.env ?? process.env;
  const now = opts.now ?? (() => new Date());
  const settings = openSettingsStore({ dataDir, now, ...(opts.settingsBackend ? { backend: opts.settingsBackend } : {}) });
  const writtenAt = (key: string): string | null => settings.read().secretsMeta[key]?.changedAt ?? null;
  const vaultHealth = monitorVault(createVault({ dataDir, installId: settings.read().installId, env, writtenAt }));
  const vault = trackSecretsMeta(vaultHealth.store, settings, now);

  // The one-shot CLI exits before a background lookup would finish; sending looks users up anyway.
  const directory = createDirectory({ dataDir, settings, vault, now, backgroundLookups: opts.mode !== 'cli' });
  // New credentials that work: the lookups that failed for the channel are run again at once.
  const credentialTests = createCredentialTests({ settings, vault, now, env, onPassed: (channel) => void directory.relookupFailed(channel) });
  const clientFor = platformClients(settings, vault);
  const delivery = createDeliveryServices({
    dataDir,
    settings,
    vault,
    directory,
    clientFor,
    held: () => !vaultHealth.current().available,
    ...opts.delivery,
  });
  // Deliveries held for a locked keychain go as soon as it works again.
  vaultHealth.onRecover(() => delivery.sender.wake());
  const dms = createDmsServices({ dataDir, settings, vault, intake: delivery.intake, directory, now });
  delivery.reminders.setLiveCheck(createReminderCheck({ settings, vault, directory, now }));
  const channels = createChannelsService({
    settings,
    vault,
    lastTest: (channel) => credentialTests.last(channel),
    onSaved: async (channel) => {
      void directory.relookupFailed(channel);
      await credentialTests.adoptTyped(channel);
    },
  });
  const events = createServiceEvents();
  const health = createHealthService({
    outbox: delivery.outbox.facts,
    channels: () =>
      channels
        .list()
        .map((c) => ({ channel: c.channel, enabled: c.enabled, configured: c.missing.length === 0, credentialsChangedAt: credentialsChangedAt(c) })),
    credentialTest: (channel) => {
      const record = settings.read().credentialTests[channel];
      const last = credentialTests.last(channel);
      return record && last ? { ok: record.ok, at: record.at, failedStep: record.failedStep, code: record.code, summary: last.summary } : null;
    },
    lookups: () =>
      directory.list().users.flatMap((u) =>
        Object.entries(u.resolutions).map(([channel, r]) => ({
          uid: u.uid,
          channel: channel as ChannelId,
          status: r.status,
          at: r.resolvedAt,
          code: r.code,
          explanation: r.explanation,
          stale: r.stale,
        })),
      ),
    vaultStatus: () => vault.status(),
    paused: () => delivery.sender.paused,
    watcher: () => {
      const own = dms.watcher.status();
      return watcherHealth(own, own.running ? null : parseWatcherRecord(WatchStore.readStatus(dataDir)), now());
    },
    // Declared below (it needs the events); read only when health is asked.
    longConnections: () => approvals.connections(),
    now,
  });

  const approvals = createApprovalsService({
    settings,
    vault,
    outbox: delivery.outbox,
    directory,
    clientFor,
    events,
    now: () => now().getTime(),
    ...opts.approvals,
  });
  const unwatch = [
    delivery.outbox.onChange(() => events.emit('outbox.changed')),
    // Pausing or resuming the sender writes no delivery; the alerts see it (banner, tray).
    delivery.alerts.onChange(() => events.emit('outbox.changed')),
    directory.onChange(() => events.emit('directory.changed')),
    vaultHealth.onChange(() => events.emit('health.changed')),
    dms.watcher.onChange(() => events.emit('health.changed')),
    settings.onChange(() => events.emit('settings.saved')),
  ];

  let started = false;
  let closed: Promise<void> | undefined;

  return {
    mode: opts.mode,
    dataDir,
    version: appVersion(),
    settings,
    vault,
    vaultHealth,
    channels,
    guide: createGuideService(settings),
    config: createConfigService({ settings, vault, directory }),
    directory,
    credentialTests,
    chats: createChatList(clientFor),
    delivery,
    dms,
    health,
    approvals,
    events,
    startBackground() {
      if (started || closed) return;
      started = true;
      // Know the vault's state from the start (a keychain locked already shows the banner and holds sends).
      void vaultHealth.check();
      delivery.start();
      // Runs while settings.dms.enabled is true, also when it is switched later.
      dms.watcher.followSettings();
      // Long connections of the channels with approve-from-chat (following settings), after unfinished presses are settled.
      approvals.start();
    },
    close() {
      closed ??= (async () => {
        for (const stop of unwatch) stop();
        await approvals.close();
        events.close();
        vaultHealth.close();
        await dms.close();
        await delivery.close();
        await directory.close();
      })();
      return closed;
    },
  };
}
