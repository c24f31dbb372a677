import { channelDef, type ChannelId } from '../../../shared/catalog/channels.js';
import type { DeliveryError } from '../../../shared/contract/sender.js';
import type { ResolveReport } from '../../../shared/contract/users.js';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import { createPlatformClient, type PlatformConfig } from '../platforms/client.js';
import { loadPlatformConfig } from '../platforms/config.js';
import { isPlatformError } from '../platforms/errors.js';
import { lookupLimits } from '../platforms/limits.js';
import type { PlatformClient, PlatformFailure } from '../platforms/types.js';
import type { DmsUser, UserResolution } from '../settings/schema.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { SecretStore } from '../vault/secret-store.js';
import { contactOf, enabledChannels, viewOf } from './contacts.js';
import type { DirectoryStore } from './directory-store.js';
import { recipientError, type MissingReason, type SendTarget } from './recipient-errors.js';
import type { RecipientNames, RecipientTargets } from './recipients.js';

export interface PlatformLookupsOptions {
  readonly store: DirectoryStore;
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

/** Who the directory's users are on each platform: lookups, their results, and the platforms' refusals. */
export interface PlatformLookups extends Omit<RecipientNames, 'displayName'>, RecipientTargets {
  /** Looks users up on the platforms and stores the results (all users / enabled channels by default). */
  resolve(opts?: { uids?: readonly string[]; channels?: readonly ChannelId[]; signal?: AbortSignal }): Promise<ResolveReport>;
  /**
   * After new credentials (a save, a passed credential test): the users whose lookup on this channel
   * failed because the channel could not be asked are looked up again now, in the background, paced
   * inside the channel's documented lookup rate. Stops at the first call that fails for the whole channel.
   */
  relookupFailed(channel: ChannelId): Promise<void>;
  /** The reverse of platformId: the users whose lookup on this channel found this platform id (indexed, no list). */
  usersWithPlatformId(channel: ChannelId, platformUserId: string): string[];
  /** Users added or whose contact changed: looked up in the background (when enabled), one batch at a time. */
  schedule(uids: readonly string[]): void;
  /** Waits for background lookups; the store is the caller's to close. */
  close(): Promise<void>;
}

const OUTSIDE_AVAILABILITY_CODES = new Set(['230013', 'invalidStaffIdList', 'cardDeliverFailed']);

/** A negative answer is trusted this long at send time; then the person is looked up again. */
const NEGATIVE_TTL_MS = 10 * 60_000;

export function createPlatformLookups(opts: PlatformLookupsOptions): PlatformLookups {
  const { store, settings, vault } = opts;
  const now = opts.now ?? (() => new Date());
  const makeClient = opts.clientFor ?? ((config: PlatformConfig) => createPlatformClient(config));

  const failureFields = (f: PlatformFailure | undefined) => ({
    code: f?.code ?? null,
    subCode: f?.subCode ?? null,
    missingScopes: [...(f?.missingScopes ?? [])],
  });

  /** Looks users up on one channel and stores each answer; throws when the channel cannot be asked. */
  async function lookupChannel(channel: ChannelId, users: readonly DmsUser[], signal: AbortSignal | undefined): Promise<void> {
    const loaded = await loadPlatformConfig(settings.read(), vault, channel);
    if (!loaded.config) {
      const def = channelDef(channel);
      const fields = loaded.problems.map((p) => p.field.label).join(', ');
      throw new AppError('BAD_INPUT', text(`${def.name.en}: credentials are incomplete (${fields}).`, `${def.name.zh}：凭据不完整（${fields}）。`), {
        fix: text('Complete the channel on the Channels page, then resolve again.', '请在“渠道”页面补全该渠道后重新解析。'),
      });
    }
    const client = makeClient(loaded.config);
    const pairs = users.map((u) => ({ user: u, ...contactOf(u, channel) }));
    const results = await client.lookup(
      pairs.map((p) => p.contact),
      signal ? { signal } : {},
    );
    const at = now().toISOString();
    store.setResolutions(
      pairs.map((p, i) => {
        const r = results[i]!;
        return {
          uid: p.user.uid,
          channel,
          resolution: { status: r.status, platformUserId: r.userId ?? null, contact: p.key, ...failureFields(r.failure), resolvedAt: at },
        };
      }),
    );
  }

  /** For the Users page: a channel that cannot be asked is reported, and its users show the error. */
  async function resolveChannel(channel: ChannelId, users: readonly DmsUser[], signal: AbortSignal | undefined) {
    try {
      await lookupChannel(channel, users, signal);
      return {};
    } catch (err) {
      if (isPlatformError(err)) {
        const at = now().toISOString();
        store.setResolutions(
          users.map((u) => ({
            uid: u.uid,
            channel,
            resolution: { status: 'error', platformUserId: null, contact: contactOf(u, channel).key, ...failureFields(err.failure), resolvedAt: at },
          })),
        );
        return { channelError: { channel, message: err.failure.explanation.message, fix: err.failure.explanation.fix } };
      }
      if (err instanceof AppError && err.code !== 'INTERNAL') return { channelError: { channel, message: err.text, fix: err.fix ?? null } };
      throw err;
    }
  }

  /** The lookup a send waits for: one per user and channel at a time, later callers join it. */
  const inFlight = new Map<string, Promise<void>>();
  const flightKey = (channel: ChannelId, uid: string) => `${channel}\u0000${uid}`;

  async function lookupOnce(channel: ChannelId, users: readonly DmsUser[], signal: AbortSignal | undefined): Promise<void> {
    const joined: Promise<void>[] = [];
    const fresh: DmsUser[] = [];
    for (const u of users) {
      const running = inFlight.get(flightKey(channel, u.uid));
      if (running) joined.push(running);
      else fresh.push(u);
    }
    if (fresh.length > 0) {
      const run = lookupChannel(channel, fresh, signal);
      const settled = run.then(
        () => undefined,
        () => undefined,
      );
      for (const u of fresh) inFlight.set(flightKey(channel, u.uid), settled);
      void settled.finally(() => {
        for (const u of fresh) if (inFlight.get(flightKey(channel, u.uid)) === settled) inFlight.delete(flightKey(channel, u.uid));
      });
      joined.push(run);
    }
    await Promise.all(joined);
  }

  /** What is known now about a user on a channel, without asking the platform. */
  function stateOf(uid: string, channel: ChannelId): { platformUserId: string } | { missing: MissingReason } {
    const user = store.get(uid);
    if (!user) return { missing: 'not-in-users' };
    const r = store.resolution(uid, channel);
    // A result for an old mobile/e-mail may point at someone else: only fresh ids are used.
    if (!r || r.contact !== contactOf(user, channel).key) return { missing: 'lookup-pending' };
    const recent = now().getTime() - Date.parse(r.resolvedAt) < NEGATIVE_TTL_MS;
    if (recent && r.status === 'not_found') return { missing: 'not-found' };
    // A recent refusal for availability is a dead letter saying so; later the id is tried again, so
    // fixing the availability needs no re-resolve.
    if (recent && r.status === 'outside_availability') return { missing: 'outside-availability' };
    if (r.platformUserId !== null && (r.status === 'found' || r.status === 'outside_availability')) return { platformUserId: r.platformUserId };
    return { missing: 'lookup-pending' };
  }

  // Background lookups: users added or edited are looked up one batch at a time, never in parallel.
  const queued = new Set<string>();
  let background: Promise<void> = Promise.resolve();
  let closing = false;
  const schedule = (uids: readonly string[]): void => {
    if (!opts.backgroundLookups || closing || uids.length === 0) return;
    const wasEmpty = queued.size === 0;
    for (const uid of uids) queued.add(uid);
    if (!wasEmpty) return;
    background = background.then(async () => {
      const batch = [...queued];
      queued.clear();
      if (closing) return;
      // Failures are stored per user and shown on the Users page; sending looks them up again.
      await lookups.resolve({ uids: batch }).catch(() => undefined);
    });
  };

  /** Looks users up again in calls of the channel's size, one call per rate interval; stops when the channel fails. */
  async function relookup(channel: ChannelId, users: readonly DmsUser[]): Promise<void> {
    const { rate, perCall } = lookupLimits(channel);
    const spacingMs = rate.windowMs / rate.limit;
    for (let i = 0; i < users.length && !closing; i += perCall) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, spacingMs));
      const r = await resolveChannel(channel, users.slice(i, i + perCall), undefined);
      if (r.channelError) return;
    }
  }

  const lookups: PlatformLookups = {
    async resolve(o = {}) {
      const s = settings.read();
      const wanted = o.uids ? new Set(o.uids) : null;
      const users = store.list().filter((u) => !wanted || wanted.has(u.uid));
      const channels = o.channels ? [...o.channels] : enabledChannels(s);
      const channelErrors: ResolveReport['channelErrors'] = [];
      for (const channel of channels) {
        if (users.length === 0) break;
        const r = await resolveChannel(channel, users, o.signal);
        if (r.channelError) channelErrors.push(r.channelError);
      }
      const after = settings.read();
      const all = store.allResolutions();
      return {
        users: store
          .list()
          .filter((u) => !wanted || wanted.has(u.uid))
          .map((u) => viewOf(u, all.get(u.uid) ?? {}, after)),
        channelErrors,
      };
    },

    async sendTargets(channel, uids, signal) {
      const pending = uids.flatMap((uid) => {
        const user = store.get(uid);
        const st = stateOf(uid, channel);
        return user && 'missing' in st && st.missing === 'lookup-pending' ? [user] : [];
      });
      if (pending.length > 0) await lookupOnce(channel, pending, signal);
      const out = new Map<string, SendTarget>();
      for (const uid of uids) {
        const st = stateOf(uid, channel);
        if ('platformUserId' in st) out.set(uid, st);
        // Still pending after a lookup that did not throw: the answer was an error for this person.
        else if (st.missing === 'lookup-pending') out.set(uid, { error: lookupFailedError(channel, store.resolution(uid, channel)) });
        else out.set(uid, { error: recipientError(st.missing, uid, channel) });
      }
      return out;
    },

    platformId(uid, channel) {
      const st = stateOf(uid, channel);
      return 'platformUserId' in st ? st.platformUserId : null;
    },

    missingReason(uid, channel) {
      const st = stateOf(uid, channel);
      return 'missing' in st ? st.missing : null;
    },

    relookupFailed(channel) {
      if (!opts.backgroundLookups || closing) return Promise.resolve();
      // Queued behind any background lookup, so the channel is never asked twice at once.
      const run = background.then(async () => {
        if (closing) return;
        const failed = store.list().filter((u) => {
          const r = store.resolution(u.uid, channel);
          return r?.status === 'error' && r.contact === contactOf(u, channel).key;
        });
        if (failed.length > 0) await relookup(channel, failed).catch(() => undefined);
      });
      background = run;
      return run;
    },

    usersWithPlatformId: (channel, platformUserId) =>
      store.uidsWithPlatformId(channel, platformUserId).filter((uid) => store.resolution(uid, channel)?.status === 'found'),

    noteRecipientFailure(channel, platformUserId, failure) {
      if (!OUTSIDE_AVAILABILITY_CODES.has(failure.code)) return;
      const at = now().toISOString();
      store.setResolutions(
        store.uidsWithPlatformId(channel, platformUserId).flatMap((uid) => {
          const r = store.resolution(uid, channel);
          return r ? [{ uid, channel, resolution: { ...r, status: 'outside_availability' as const, ...failureFields(failure), resolvedAt: at } }] : [];
        }),
      );
    },

    schedule,

    async close() {
      closing = true;
      queued.clear();
      await background;
      await Promise.allSettled([...inFlight.values()]);
    },
  };
  return lookups;
}

/** A per-person lookup error (not a missing person): retried, never a dead letter by itself. */
function lookupFailedError(channel: ChannelId, r: UserResolution | null): DeliveryError {
  const def = channelDef(channel);
  return {
    code: r?.code ?? 'lookup-failed',
    httpStatus: null,
    retryable: true,
    retryAfterMs: null,
    missingScopes: [...(r?.missingScopes ?? [])],
    message: text(`Looking this person up on ${def.name.en} failed.`, `在${def.name.zh}上查找此人失败。`),
    fix: text('It will be retried.', '系统会自动重试。'),
    consoleUrl: null,
  };
}
