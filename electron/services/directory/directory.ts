import { CHANNEL_IDS, channelDef, type ChannelId } from '../../../shared/catalog/channels.js';
import type { ImportReport, ResolutionView, ResolveReport, UserView } from '../../../shared/contract/users.js';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import { createPlatformClient, type PlatformConfig } from '../platforms/client.js';
import { loadPlatformConfig } from '../platforms/config.js';
import { isPlatformError } from '../platforms/errors.js';
import { explain } from '../platforms/explain.js';
import type { Contact, PlatformClient, PlatformFailure } from '../platforms/types.js';
import type { RecipientDirectory } from '../rules/resolve.js';
import type { DmsUser, Settings, UserResolution } from '../settings/schema.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { SecretStore } from '../vault/secret-store.js';
import { parseUsersCsv } from './csv-import.js';

export interface DirectoryOptions {
  readonly settings: SettingsStore;
  readonly vault: SecretStore;
  /** Builds the platform client for a config (tests pass short timeouts). */
  readonly clientFor?: (config: PlatformConfig) => PlatformClient;
  readonly now?: () => Date;
}

/** The users directory: DMS users and who they are on each platform. */
export interface Directory extends RecipientDirectory {
  list(): { users: UserView[]; channels: ChannelId[] };
  upsert(user: DmsUser, previousUid?: string): UserView;
  remove(uid: string): boolean;
  importCsv(csv: string): ImportReport;
  /** Looks users up on the platforms and stores the results (all users / enabled channels by default). */
  resolve(opts?: { uids?: readonly string[]; channels?: readonly ChannelId[]; signal?: AbortSignal }): Promise<ResolveReport>;
  /**
   * The sender reports a recipient the platform refused (Feishu 230013, DingTalk invalidStaffIdList):
   * the directory shows that user as outside the app's availability until resolved again.
   */
  noteRecipientFailure(channel: ChannelId, platformUserId: string, failure: PlatformFailure): void;
}

const OUTSIDE_AVAILABILITY_CODES = new Set(['230013', 'invalidStaffIdList', 'cardDeliverFailed']);

/** Which contact a channel looks up: DingTalk by mobile only; Feishu/Lark by mobile and e-mail. */
function contactOf(user: DmsUser, channel: ChannelId): { contact: Contact; key: string } {
  if (channelDef(channel).protocol === 'dingtalk') return { contact: user.mobile ? { mobile: user.mobile } : {}, key: `mobile:${user.mobile}` };
  return {
    contact: { ...(user.mobile ? { mobile: user.mobile } : {}), ...(user.email ? { email: user.email } : {}) },
    key: `mobile:${user.mobile}|email:${user.email.toLowerCase()}`,
  };
}

const enabledChannels = (s: Settings): ChannelId[] => CHANNEL_IDS.filter((c) => s.channels[c].enabled);

function viewOf(user: DmsUser, s: Settings): UserView {
  const resolutions: Partial<Record<ChannelId, ResolutionView>> = {};
  const stored = s.userResolutions[user.uid] ?? {};
  for (const channel of CHANNEL_IDS) {
    const r = stored[channel];
    if (!r) continue;
    const appId = s.channels[channel].values[channelDef(channel).protocol === 'dingtalk' ? 'appKey' : 'appId'];
    resolutions[channel] = {
      status: r.status,
      platformUserId: r.platformUserId,
      resolvedAt: r.resolvedAt,
      stale: r.contact !== contactOf(user, channel).key,
      code: r.code,
      explanation:
        r.code === null
          ? null
          : (() => {
              const e = explain(channel, r.code, {
                ...(r.subCode ? { sub: r.subCode } : {}),
                missingScopes: r.missingScopes,
                ...(appId ? { appId } : {}),
              });
              return { message: e.message, fix: e.fix, consoleUrl: e.consoleUrl };
            })(),
    };
  }
  return { uid: user.uid, name: user.name, mobile: user.mobile, email: user.email, resolutions };
}

export function createDirectory(opts: DirectoryOptions): Directory {
  const { settings, vault } = opts;
  const now = opts.now ?? (() => new Date());
  const makeClient = opts.clientFor ?? ((config: PlatformConfig) => createPlatformClient(config));

  const store = (entries: { uid: string; channel: ChannelId; resolution: UserResolution }[]): void => {
    if (entries.length === 0) return;
    settings.update((s) => {
      const next = { ...s.userResolutions };
      for (const { uid, channel, resolution } of entries) next[uid] = { ...next[uid], [channel]: resolution };
      return { ...s, userResolutions: next };
    });
  };

  const failureFields = (f: PlatformFailure | undefined) => ({
    code: f?.code ?? null,
    subCode: f?.subCode ?? null,
    missingScopes: [...(f?.missingScopes ?? [])],
  });

  async function resolveChannel(channel: ChannelId, users: readonly DmsUser[], signal: AbortSignal | undefined) {
    const s = settings.read();
    const loaded = await loadPlatformConfig(s, vault, channel);
    const def = channelDef(channel);
    if (!loaded.config) {
      const fields = loaded.problems.map((p) => p.field.label).join(', ');
      return {
        channelError: {
          channel,
          message: text(`${def.name.en}: credentials are incomplete (${fields}).`, `${def.name.zh}：凭据不完整（${fields}）。`),
          fix: text('Complete the channel on the Channels page, then resolve again.', '请在“渠道”页面补全该渠道后重新解析。'),
        },
      };
    }
    const client = makeClient(loaded.config);
    const at = now().toISOString();
    const pairs = users.map((u) => ({ user: u, ...contactOf(u, channel) }));
    try {
      const results = await client.lookup(
        pairs.map((p) => p.contact),
        signal ? { signal } : {},
      );
      store(
        pairs.map((p, i) => {
          const r = results[i]!;
          return {
            uid: p.user.uid,
            channel,
            resolution: {
              status: r.status,
              platformUserId: r.userId ?? null,
              contact: p.key,
              ...failureFields(r.failure),
              resolvedAt: at,
            },
          };
        }),
      );
      return {};
    } catch (err) {
      if (!isPlatformError(err)) throw err;
      // The whole channel failed (token, permission, network): every user shows the same explained error.
      store(pairs.map((p) => ({ uid: p.user.uid, channel, resolution: { status: 'error', platformUserId: null, contact: p.key, ...failureFields(err.failure), resolvedAt: at } })));
      return { channelError: { channel, message: err.failure.explanation.message, fix: err.failure.explanation.fix } };
    }
  }

  return {
    list() {
      const s = settings.read();
      return { users: s.users.map((u) => viewOf(u, s)), channels: enabledChannels(s) };
    },

    upsert(user, previousUid) {
      const renamedFrom = previousUid !== undefined && previousUid !== user.uid ? previousUid : undefined;
      const next = settings.update((s) => {
        if (renamedFrom !== undefined && s.users.some((u) => u.uid === user.uid)) {
          throw new AppError('CONFLICT', text(`A user with uid ${user.uid} already exists.`, `uid 为 ${user.uid} 的用户已存在。`));
        }
        const target = renamedFrom ?? user.uid;
        const exists = s.users.some((u) => u.uid === target);
        const users = exists ? s.users.map((u) => (u.uid === target ? user : u)) : [...s.users, user];
        const resolutions = { ...s.userResolutions };
        if (renamedFrom !== undefined && resolutions[renamedFrom]) {
          resolutions[user.uid] = resolutions[renamedFrom]!;
          delete resolutions[renamedFrom];
        }
        return { ...s, users, userResolutions: resolutions };
      });
      return viewOf(user, next);
    },

    remove(uid) {
      let removed = false;
      settings.update((s) => {
        removed = s.users.some((u) => u.uid === uid);
        const resolutions = { ...s.userResolutions };
        delete resolutions[uid];
        return { ...s, users: s.users.filter((u) => u.uid !== uid), userResolutions: resolutions };
      });
      return removed;
    },

    importCsv(csv) {
      const { users, errors } = parseUsersCsv(csv);
      let created = 0;
      let updated = 0;
      if (users.length > 0) {
        settings.update((s) => {
          const byUid = new Map(s.users.map((u) => [u.uid, u] as const));
          for (const u of users) {
            if (byUid.has(u.uid)) updated += 1;
            else created += 1;
            byUid.set(u.uid, u);
          }
          return { ...s, users: [...byUid.values()] };
        });
      }
      return { created, updated, errors };
    },

    async resolve(o = {}) {
      const s = settings.read();
      const wanted = o.uids ? new Set(o.uids) : null;
      const users = s.users.filter((u) => !wanted || wanted.has(u.uid));
      const channels = o.channels ? [...o.channels] : enabledChannels(s);
      const channelErrors: ResolveReport['channelErrors'] = [];
      for (const channel of channels) {
        if (users.length === 0) break;
        const r = await resolveChannel(channel, users, o.signal);
        if (r.channelError) channelErrors.push(r.channelError);
      }
      const after = settings.read();
      return { users: after.users.filter((u) => !wanted || wanted.has(u.uid)).map((u) => viewOf(u, after)), channelErrors };
    },

    platformId(uid, channel) {
      const s = settings.read();
      const user = s.users.find((u) => u.uid === uid);
      const r = s.userResolutions[uid]?.[channel];
      // A result for an old mobile/e-mail may point at someone else: only fresh ids are used. An id the
      // platform refused for availability is still used, so fixing the availability needs no re-resolve.
      if (!user || !r || r.platformUserId === null || r.contact !== contactOf(user, channel).key) return null;
      if (r.status !== 'found' && r.status !== 'outside_availability') return null;
      return r.platformUserId;
    },

    displayName(uid) {
      const user = settings.read().users.find((u) => u.uid === uid);
      return user ? user.name || null : null;
    },

    noteRecipientFailure(channel, platformUserId, failure) {
      if (!OUTSIDE_AVAILABILITY_CODES.has(failure.code)) return;
      const s = settings.read();
      const hits = Object.entries(s.userResolutions).filter(([, byChannel]) => byChannel[channel]?.platformUserId === platformUserId);
      store(
        hits.map(([uid, byChannel]) => ({
          uid,
          channel,
          resolution: { ...byChannel[channel]!, status: 'outside_availability', ...failureFields(failure), resolvedAt: now().toISOString() },
        })),
      );
    },
  };
}
