import { createHash, randomUUID } from 'node:crypto';
import { CHANNEL_IDS, channelDef, type ChannelId, type PlatformProtocol } from '../../../shared/catalog/channels.js';
import { pick, text, type LocalizedText } from '../../../shared/i18n-text.js';
import type { Directory } from '../directory/directory.js';
import { approvalCardsOn, notifyLanguage, type KeyValueStore, type SqliteApprovalCardStore, type SqliteApprovalStore } from '../delivery/index.js';
import { ApproveTicketService, type ApproveTicketClient } from '../dms/approve-ticket.js';
import { openClient } from '../dms/connection.js';
import type { ServiceEvents } from '../events/service-events.js';
import { loggableError } from '../log/loggable-error.js';
import { approvalCardBody } from '../platforms/approval-card-content.js';
import { CARD_UPDATERS } from '../platforms/approval-card-updaters.js';
import type { ApprovalsPort, CardUpdater, LongConnection, LongConnectionFactory, LongConnectionState, PressHandler } from '../platforms/approval-cards.js';
import { loadPlatformConfig } from '../platforms/config.js';
import type { PlatformConfig } from '../platforms/protocol.js';
import type { PlatformClient } from '../platforms/types.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { SecretStore } from '../vault/secret-store.js';
import { createCardSync } from './card-sync.js';
import { CONNECTIONS_HEARTBEAT_MS, CONNECTIONS_META_KEY, formatConnectionsRecord, recordedState } from './connection-record.js';
import { LONG_CONNECTIONS } from './connections/index.js';
import { createPressHandler, settleDecided } from './press-handler.js';

export interface ApprovalsServiceDeps {
  readonly settings: SettingsStore;
  readonly vault: SecretStore;
  readonly outbox: { readonly cards: SqliteApprovalCardStore; readonly approvals: SqliteApprovalStore; readonly meta: KeyValueStore };
  readonly directory: Pick<Directory, 'platformId' | 'displayName' | 'usersWithPlatformId'>;
  readonly clientFor: (channel: ChannelId) => Promise<Pick<PlatformClient, 'send'>>;
  readonly events: Pick<ServiceEvents, 'emit'>;
  readonly now: () => number;
  /** Tests inject their own; default LONG_CONNECTIONS / CARD_UPDATERS. */
  readonly connections?: Partial<Record<PlatformProtocol, LongConnectionFactory>>;
  readonly updaters?: Partial<Record<PlatformProtocol, CardUpdater>>;
  /** The DMS client ApproveOrder goes through; default: the DMS connection of the settings. */
  readonly dmsClient?: () => Promise<ApproveTicketClient>;
  readonly log?: (line: string) => void;
  readonly answerWithinMs?: number;
}

export interface ApprovalsService extends ApprovalsPort {
  /** Settles claims a crash left, then runs a long connection per channel with approve-from-chat, following settings. */
  start(): void;
  /** Resolves once the connections match the settings as they are now (tests). */
  settled(): Promise<void>;
  readonly handlePress: PressHandler;
  close(): Promise<void>;
}

interface Running {
  readonly key: string;
  readonly connection: LongConnection | null;
  state: LongConnectionState;
}

const TEST_CARD = {
  title: text('[Test] Channel Desk approval card', '[测试] Channel Desk 审批卡片'),
  body: text(
    'Press **Approve** or **Reject**: Channel Desk should answer "It works" at once. Nothing is sent to DMS.',
    '请按下 **同意** 或 **拒绝**：Channel Desk 应立即回复“连接正常”。不会提交到 DMS。',
  ),
};

/**
 * Approve from the chat card: one long connection per enabled channel with approve-from-chat (restarted when its
 * settings or credentials change), the press handler behind them, the test card, and the connections' state.
 */
export function createApprovalsService(deps: ApprovalsServiceDeps): ApprovalsService {
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const factories = deps.connections ?? LONG_CONNECTIONS;
  const running = new Map<ChannelId, Running>();
  let started = false;
  let closed = false;
  let reconciling: Promise<void> = Promise.resolve();
  let unfollow: (() => void) | null = null;
  let heartbeat: ReturnType<typeof setInterval> | null = null;

  const dms = dmsClientCache(deps);
  const approve = new ApproveTicketService({ client: dms, store: deps.outbox.approvals, now: deps.now });
  const config = async (channel: ChannelId): Promise<PlatformConfig | null> => (await loadPlatformConfig(deps.settings.read(), deps.vault, channel)).config;

  const nameOf = (uid: string | null, fallback: string): string => (uid === null ? null : deps.directory.displayName(uid)) || uid || fallback;
  const syncCards = createCardSync({ config, updaters: deps.updaters ?? CARD_UPDATERS, log });

  const handlePress = createPressHandler({
    cards: deps.outbox.cards,
    approve: (p) => approve.press(p),
    audit: deps.outbox.approvals,
    people: (channel, platformUserId) =>
      deps.directory.usersWithPlatformId(channel, platformUserId).map((uid) => ({ uid, name: deps.directory.displayName(uid) || uid })),
    language: (channel) => notifyLanguage(deps.settings.read(), channel),
    syncCards,
    tell: async (channel, platformUserId, said) => {
      const client = await deps.clientFor(channel);
      await client.send({
        recipients: [platformUserId],
        message: { title: said, text: said, markdown: said },
        dedupKey: () => `press-${randomUUID()}`,
        format: 'text',
      });
    },
    now: deps.now,
    log,
    onPress: () => {
      record();
      deps.events.emit('outbox.changed');
    },
    ...(deps.answerWithinMs === undefined ? {} : { answerWithinMs: deps.answerWithinMs }),
  });

  /** For `status` in another process (connection-record.ts). A full disk only costs that view. */
  const record = (): void => {
    if (!started || closed) return;
    try {
      deps.outbox.meta.setMeta(
        CONNECTIONS_META_KEY,
        formatConnectionsRecord(
          deps.now(),
          [...running.values()].map((r) => r.connection?.state() ?? r.state),
        ),
      );
    } catch (err) {
      log(`approvals: recording the connections' state: ${loggableError(err)}`);
    }
  };

  const setState = (channel: ChannelId, state: LongConnectionState): void => {
    const r = running.get(channel);
    if (!r) return;
    r.state = state;
    record();
    deps.events.emit('health.changed');
  };

  const offState = (channel: ChannelId, phase: LongConnectionState['phase'], lastError: LocalizedText | null): LongConnectionState => ({
    channel,
    phase,
    since: deps.now(),
    lastCallbackAt: null,
    lastError,
    reconnects: 0,
  });

  /** Makes the running connections match the settings: starts, stops and restarts (changed settings or credentials). */
  async function reconcile(): Promise<void> {
    const settings = deps.settings.read();
    for (const channel of CHANNEL_IDS) {
      const wanted = !closed && approvalCardsOn(settings, channel);
      const current = running.get(channel);
      if (!wanted) {
        if (current) {
          running.delete(channel);
          await current.connection?.stop();
          deps.events.emit('health.changed');
        }
        continue;
      }
      const loaded = await loadPlatformConfig(settings, deps.vault, channel).catch(() => null);
      const cfg = loaded?.config ?? null;
      // The key holds a hash of the whole config (secret included), never the secret itself.
      const key = cfg === null ? 'incomplete' : createHash('sha256').update(JSON.stringify(cfg)).digest('hex');
      if (current?.key === key) continue;
      if (current) await current.connection?.stop();
      const factory = factories[channelDef(channel).protocol];
      if (cfg === null || !factory) {
        const why =
          cfg === null
            ? text('The channel credentials are incomplete or the vault is locked.', '渠道凭据不完整，或密钥库已锁定。')
            : text('This version has no long connection for this platform.', '此版本没有该平台的长连接。');
        running.set(channel, { key, connection: null, state: offState(channel, cfg === null ? 'failing' : 'off', why) });
        deps.events.emit('health.changed');
        continue;
      }
      // States of a connection already replaced are ignored.
      const holder: { current: Running | null } = { current: null };
      const connection = factory({
        config: cfg,
        onPress: handlePress,
        onState: (st) => {
          if (holder.current !== null && running.get(channel) === holder.current) setState(channel, st);
        },
        now: deps.now,
      });
      holder.current = { key, connection, state: connection.state() };
      running.set(channel, holder.current);
      connection.start();
      holder.current.state = connection.state();
      record();
      deps.events.emit('health.changed');
    }
  }

  const follow = (): void => {
    reconciling = reconciling
      .then(reconcile)
      .then(record)
      .catch((err: unknown) => log(`approvals: connections: ${loggableError(err)}`));
  };

  return {
    handlePress,
    start() {
      if (started || closed) return;
      started = true;
      // Claims a crash left between the claim and DMS's answer are settled by re-reading DMS, never by calling blindly.
      void approve
        .resolveUnfinished()
        .then(async (rows) => {
          if (rows.length > 0) deps.events.emit('outbox.changed');
          // A press that reached DMS before the crash: its cards still say pending.
          for (const r of rows) {
            if (r.outcome === 'approved' || r.outcome === 'rejected')
              await syncCards(settleDecided(deps.outbox.cards, r, nameOf(r.dmsUid, r.presserId), deps.now()));
          }
        })
        .catch((err: unknown) => log(`approvals: settling unfinished presses: ${loggableError(err)}`));
      unfollow = deps.settings.onChange(follow);
      follow();
      heartbeat = setInterval(record, CONNECTIONS_HEARTBEAT_MS);
      heartbeat.unref();
    },
    settled: () => reconciling,
    connections() {
      const settings = deps.settings.read();
      const on = CHANNEL_IDS.filter((c) => approvalCardsOn(settings, c));
      // This process does not run them (the CLI): what the running one recorded.
      if (!started) return on.map((c) => recordedState(deps.outbox.meta.getMeta(CONNECTIONS_META_KEY), c, deps.now()));
      return on.map((c) => {
        const r = running.get(c);
        return r?.connection?.state() ?? r?.state ?? offState(c, 'connecting', null);
      });
    },
    async sendTestCard({ channel, uid }) {
      const settings = deps.settings.read();
      const lang = notifyLanguage(settings, channel);
      const name = channelDef(channel).name;
      if (!settings.channels[channel].enabled) {
        return {
          ok: false,
          message: text(`Enable the ${name.en} channel first: a test card is sent through it.`, `请先启用${name.zh}渠道：测试卡片通过它发送。`),
        };
      }
      if (!approvalCardsOn(settings, channel)) {
        return {
          ok: false,
          message: text(
            `Switch on approve from chat for ${name.en} (DingTalk: with the approval card template) and save first.`,
            `请先为${name.zh}开启“在聊天中审批”（钉钉还需审批卡片模板）并保存。`,
          ),
        };
      }
      const recipient = deps.directory.platformId(uid, channel);
      if (recipient === null) {
        return {
          ok: false,
          message: text(`${uid} has no ${name.en} account in Users yet: look them up first.`, `${uid} 在“用户”中还没有${name.zh}账号：请先查找。`),
        };
      }
      const title = pick(TEST_CARD.title, lang);
      const body = approvalCardBody(channel, { title, markdown: pick(TEST_CARD.body, lang) }, lang);
      const dedupKey = `test-${randomUUID()}`;
      const card = deps.outbox.cards.prepare({ dedupKey, orderId: '', channel, recipient, body, now: deps.now(), state: 'test' });
      try {
        const client = await deps.clientFor(channel);
        const outcome = await client.send({
          recipients: [recipient],
          message: { title, text: body.markdown, markdown: body.markdown },
          dedupKey: () => dedupKey,
          approval: { body, state: 'test', nonceFor: () => card.nonce },
        });
        for (const c of outcome.cards ?? []) deps.outbox.cards.attach(card.nonce, c.ref, deps.now());
        const failed = outcome.failed[0];
        if (failed) return { ok: false, message: failed.failure.explanation.message };
      } catch (err) {
        log(`approvals: test card on ${channel}: ${loggableError(err)}`);
        return { ok: false, message: text(`The test card could not be sent: ${loggableError(err)}`, `测试卡片发送失败：${loggableError(err)}`) };
      }
      const connected = running.get(channel)?.state.phase === 'connected';
      return {
        ok: true,
        message: connected
          ? text(`Sent. Press a button on the card in ${name.en}: it should answer "It works".`, `已发送。请在${name.zh}中按下卡片上的按钮：应回复“连接正常”。`)
          : text(
              `Sent, but the long connection is not connected yet, so a press cannot arrive: see its state on the channel card.`,
              `已发送，但长连接尚未建立，按钮回调无法到达：请查看渠道卡片上的连接状态。`,
            ),
      };
    },
    async close() {
      if (closed) return;
      const wasStarted = started;
      closed = true;
      unfollow?.();
      if (heartbeat) clearInterval(heartbeat);
      follow();
      await reconciling;
      // Nobody holds the connections now: `status` must not show them connected until the record goes stale.
      if (wasStarted) deps.outbox.meta.setMeta(CONNECTIONS_META_KEY, formatConnectionsRecord(0, []));
    },
  };
}

/** The DMS client of the settings' connection, rebuilt when the connection or its secret changes. */
function dmsClientCache(deps: Pick<ApprovalsServiceDeps, 'settings' | 'vault' | 'dmsClient'>): ApproveTicketClient {
  let cached: { key: string; client: Promise<ApproveTicketClient> } | null = null;
  const current = (): Promise<ApproveTicketClient> => {
    if (deps.dmsClient) return deps.dmsClient();
    const s = deps.settings.read();
    const key = JSON.stringify([s.dms, s.secretsMeta['dms/accessKeySecret']?.changedAt ?? null]);
    if (cached?.key !== key) {
      const client = openClient({ settings: deps.settings, vault: deps.vault });
      cached = { key, client };
      client.catch(() => {
        if (cached?.client === client) cached = null;
      });
    }
    return cached.client;
  };
  return {
    getOrderBaseInfo: async (...a) => (await current()).getOrderBaseInfo(...a),
    getApprovalDetail: async (...a) => (await current()).getApprovalDetail(...a),
    approveOrder: async (...a) => (await current()).approveOrder(...a),
    getUser: async (...a) => (await current()).getUser(...a),
  };
}
