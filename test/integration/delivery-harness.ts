import { channelDef, type ChannelId } from '../../shared/catalog/channels.js';
import type { DmsRegionId } from '../../shared/catalog/regions.js';
import type { DmsEventInput } from '../../shared/events/dms-event.js';
import { createPlatformClient } from '../../electron/services/platforms/client.js';
import { TokenCache } from '../../electron/services/platforms/token-cache.js';
import type { PlatformClient } from '../../electron/services/platforms/types.js';
import { recipientError } from '../../electron/services/directory/recipient-errors.js';
import type { RecipientDirectory } from '../../electron/services/directory/recipients.js';
import type { RetryPolicy } from '../../electron/services/delivery/sender/backoff.js';
import { createDeliveryServices, type DeliveryServices } from '../../electron/services/delivery/delivery-services.js';
import type { ChannelLimits } from '../../electron/services/delivery/sender/rate-budget.js';
import type { SettingsStore } from '../../electron/services/settings/settings-store.js';
import type { SecretStore } from '../../electron/services/vault/secret-store.js';
import type { Clock } from '../../electron/services/clock.js';
import { openTestStores } from './test-stores.js';

export interface HarnessChannel {
  readonly baseUrl: string;
  readonly appId: string;
  readonly secret: string;
  readonly region?: DmsRegionId;
  readonly cardTemplateId?: string;
}

export interface HarnessOptions {
  readonly channels: Partial<Record<ChannelId, HarnessChannel>>;
  /** DMS uid → platform id per channel. */
  readonly people: Record<string, Partial<Record<ChannelId, string>>>;
  readonly retry?: RetryPolicy;
  readonly limits?: (c: ChannelId) => ChannelLimits | null;
  readonly maxInFlight?: number;
  /** Per-call timeout of the platform clients. */
  readonly timeoutMs?: number;
  readonly dataDir?: string;
  readonly clock?: Clock;
}

export interface Harness {
  readonly dataDir: string;
  readonly settings: SettingsStore;
  readonly vault: SecretStore;
  readonly delivery: DeliveryServices;
  readonly directory: RecipientDirectory & { set(uid: string, channel: ChannelId, id: string | null): void };
  /** Stops the services (keeps the data folder). */
  stop(): Promise<void>;
  /** Stops and deletes the data folder. */
  close(): Promise<void>;
}

/** Fast retries so fault-injection tests finish in seconds. */
export const FAST_RETRY: RetryPolicy = { baseMs: 20, maxMs: 200, maxFailures: 6, maxAttempts: 40 };

export function mapDirectory(people: Record<string, Partial<Record<ChannelId, string>>>): Harness['directory'] {
  const map = new Map(Object.entries(people).map(([uid, ids]) => [uid, { ...ids }]));
  return {
    platformId: (uid, channel) => map.get(uid)?.[channel] ?? null,
    // Someone in the map without an id on a channel is a person the platform does not know.
    missingReason: (uid, channel) => (!map.has(uid) ? 'not-in-users' : map.get(uid)![channel] ? null : 'not-found'),
    displayName: (uid) => (map.has(uid) ? `User ${uid}` : null),
    // The map is all there is to know: nobody is looked up, an unknown person is a dead letter saying why.
    sendTargets: async (channel, uids) =>
      new Map(
        uids.map((uid) => {
          const id = map.get(uid)?.[channel];
          return [uid, id ? { platformUserId: id } : { error: recipientError(map.has(uid) ? 'not-found' : 'not-in-users', uid, channel) }];
        }),
      ),
    noteRecipientFailure: () => undefined,
    set(uid, channel, id) {
      const ids = map.get(uid) ?? {};
      if (id === null) delete ids[channel];
      else ids[channel] = id;
      map.set(uid, ids);
    },
  };
}

/**
 * Real settings (conf file), a real encrypted-file vault, the real outbox and sender, talking to
 * the fake platforms on loopback. Only the users directory is a map (H4's directory is elsewhere).
 */
export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const { dataDir, settings, vault, remove } = openTestStores('cd-delivery-', opts.dataDir);
  settings.update((s) => {
    const channels = { ...s.channels };
    for (const [id, c] of Object.entries(opts.channels) as [ChannelId, HarnessChannel][]) {
      const dingtalk = channelDef(id).protocol === 'dingtalk';
      channels[id] = {
        ...channels[id],
        enabled: true,
        region: c.region ?? 'cn-hangzhou',
        values: dingtalk ? { appKey: c.appId, robotCode: c.appId, ...(c.cardTemplateId ? { cardTemplateId: c.cardTemplateId } : {}) } : { appId: c.appId },
        baseUrls: dingtalk ? { apiBaseUrl: c.baseUrl, oapiBaseUrl: c.baseUrl } : { apiBaseUrl: c.baseUrl },
      };
    }
    return { ...s, channels };
  });
  for (const [id, c] of Object.entries(opts.channels) as [ChannelId, HarnessChannel][]) {
    await vault.set(`channel/${id}/appSecret`, c.secret);
  }
  const directory = mapDirectory(opts.people);
  const tokenCache = new TokenCache();
  const clients = new Map<ChannelId, PlatformClient>();
  const delivery = createDeliveryServices({
    dataDir,
    settings,
    vault,
    directory,
    clientFor: async (channel) => {
      let client = clients.get(channel);
      const c = opts.channels[channel];
      if (!c) throw new Error(`harness: channel ${channel} not configured`);
      if (!client) {
        const secret = (await vault.get(`channel/${channel}/appSecret`)) ?? '';
        const v = settings.read().channels[channel];
        client = createPlatformClient(
          {
            channel,
            apiBaseUrl: c.baseUrl,
            oapiBaseUrl: c.baseUrl,
            appKey: c.appId,
            appSecret: secret,
            robotCode: c.appId,
            ...(v.values.cardTemplateId ? { cardTemplateId: v.values.cardTemplateId } : {}),
          },
          { tokenCache, timeoutMs: opts.timeoutMs ?? 2_000 },
        );
        clients.set(channel, client);
      }
      return client;
    },
    ...(opts.retry ? { retry: opts.retry } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.maxInFlight ? { maxInFlight: opts.maxInFlight } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  delivery.start();
  let stopped: Promise<void> | null = null;
  const stop = () => (stopped ??= delivery.close());
  return {
    dataDir,
    settings,
    vault,
    delivery,
    directory,
    stop,
    async close() {
      await stop();
      remove();
    },
  };
}

/** The tests' one polling wait (test/fixtures/wait-for.ts), here for the files that import it from the harness. */
export { waitFor } from '../fixtures/wait-for.js';

/** Nothing left to do: every delivery is sent, dead or discarded. */
export const settled = (d: DeliveryServices): boolean => {
  const c = d.outbox.log.counts();
  return c.queued + c.sending + c.retrying === 0;
};

let seq = 0;

/** A DMS webhook body; `overrides` replace fields. Each call is a distinct event. */
export function dmsBody(overrides: Partial<DmsEventInput> = {}): DmsEventInput {
  seq += 1;
  return {
    submitterUid: '2001',
    submitterName: 'Zhang San',
    category: 'Ticket',
    module: 'Data Exporting',
    event: 'Pending Approval',
    taskId: String(100_000 + seq),
    taskName: `Export orders ${seq}`,
    eventTime: '2026-11-27 10:00:00',
    message: 'Please approve the export of table orders.',
    targetUsers: [{ uid: '3001', name: 'Li Si' }],
    receivers: [],
    ...overrides,
  };
}
