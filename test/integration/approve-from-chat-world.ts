/**
 * The world of the "approve from the chat card" integration tests (issue 19): the DMS fake with its approvers, the
 * platform apps those approvers are in, the settings that turn approve-from-chat on, and a ticket entering approval.
 */
import type { ChannelId } from '../../shared/catalog/channels.js';
import type { AppServices } from '../../electron/services/app.js';
import type { ApprovalCard } from '../../electron/services/delivery/index.js';
import { saveConnection } from '../../electron/services/dms/connection.js';
import type { RuleChat } from '../../shared/chats.js';
import { DINGTALK_SCOPES, type FakeApp } from '../fakes/dingtalk.js';
import { FEISHU_SCOPES } from '../fakes/feishu.js';
import { startFakeDms, type FakeDms } from '../fakes/dms-openapi.js';
import { outboxSql } from '../outbox-sql.js';
import { settled, waitFor } from './delivery-harness.js';

export const FEISHU_APP = 'cli_a1b2c3d4e5f60718';
export const LARK_APP = 'cli_b2c3d4e5f6071829';
export const DT_KEY = 'dingapprovecore01';
export const DTE_KEY = 'dingapproveent001';
export const SECRET = 'ApproveCoreAppSecret0123456789';
export const AK_SECRET = 'dms-approve-core-secret-0123456789';
export const TEMPLATE = 'approval-card.schema';
export const NOTIFY_TEMPLATE = 'notify-card.schema';
export const CHAT = 'oc_dba0approvals0000000000000000';
export const DT_CHAT = 'cidDbaApprovals0000000000==';
export const UID = { ann: '2000000000000051', bob: '2000000000000052', eve: '2000000000000077' } as const;
export const MOBILE = { ann: '13800000051', bob: '13800000052', eve: '13800000077' } as const;

export type Who = keyof typeof UID;

/** Ann (DMS user 51), Bob (52) and Eve (77, who files the tickets) as one platform app knows them. */
const people = (platformId: (who: Who) => string) => (['ann', 'bob', 'eve'] as const).map((w) => ({ id: platformId(w), mobile: MOBILE[w] }));

/** The DMS fake: an AccessKey that may act as another user (AssumeUser), one that may not, and the three people. */
export const startApprovalDms = (now: () => Date = () => new Date()): Promise<FakeDms> =>
  startFakeDms({
    tid: 3000,
    now,
    keys: [
      { id: 'LTAIadmin', secret: AK_SECRET, actions: '*', userId: '1', assumeUser: true },
      { id: 'LTAIplain', secret: AK_SECRET, actions: '*', userId: '1' },
    ],
    users: [
      { userId: '51', uid: UID.ann, nickName: 'Ann', mobile: MOBILE.ann },
      { userId: '52', uid: UID.bob, nickName: 'Bob', mobile: MOBILE.bob },
      { userId: '77', uid: UID.eve, nickName: 'Eve', mobile: MOBILE.eve },
    ],
  });

/** A Feishu / Lark app whose users are the three people (user ids = their names), in the DBA approvals chat. */
export const feishuApp = (appId: string): FakeApp => ({
  appId,
  secret: SECRET,
  scopes: [FEISHU_SCOPES.send[0], FEISHU_SCOPES.lookup],
  users: people((w) => w),
  chats: [{ chatId: CHAT, name: 'DBA approvals' }],
});

/** DingTalk's user id of a person in an app made by dingtalkApp. */
export const dingtalkUserId = (appKey: string, who: Who): string => (appKey === DT_KEY ? `dt-${who}` : `${appKey}-${who}`);

/** A DingTalk (Enterprise) app with the approval and notification card templates, in the DBA approvals chat. */
export const dingtalkApp = (appKey: string): FakeApp => ({
  appId: appKey,
  secret: SECRET,
  scopes: [DINGTALK_SCOPES.lookup, DINGTALK_SCOPES.card],
  users: people((w) => dingtalkUserId(appKey, w)),
  cardTemplates: [TEMPLATE, NOTIFY_TEMPLATE],
  chats: [{ chatId: DT_CHAT, name: 'DBA approvals' }],
});

const VALUES: Record<ChannelId, Record<string, string>> = {
  feishu: { appId: FEISHU_APP },
  lark: { appId: LARK_APP },
  dingtalk: { appId: 'dt-app-approve-core', agentId: '4000001', appKey: DT_KEY, robotCode: DT_KEY, cardTemplateId: NOTIFY_TEMPLATE },
  'dingtalk-enterprise': { appKey: DTE_KEY, robotCode: DTE_KEY, cardTemplateId: NOTIFY_TEMPLATE, corpId: 'dingcorp0001' },
};

const DATA_EXPORT_APPROVALS = { module: 'ticket', businessType: 'data-export', status: 'pending-approval', enabled: true } as const;

export interface ApproveFromChatSetup {
  /** Each channel with approve-from-chat on, and the fake it talks to. */
  readonly channels: readonly { readonly channel: ChannelId; readonly baseUrl: string }[];
  /** The rule's group chats (a Feishu one by default). */
  readonly chats?: readonly RuleChat[];
  readonly dmsEndpoint: string;
  readonly accessKeyId?: string;
}

/**
 * Turns approve-from-chat on for the channels, with a rule sending data-export approvals to them (and the chats),
 * their secrets in the vault and the DMS connection saved (the caller then starts the background work as `serve` does).
 */
export async function configureApproveFromChat(s: AppServices, o: ApproveFromChatSetup): Promise<void> {
  s.settings.update((cur) => {
    const channels = { ...cur.channels };
    for (const { channel, baseUrl } of o.channels) {
      const dingtalk = channel.startsWith('dingtalk');
      channels[channel] = {
        ...cur.channels[channel],
        enabled: true,
        approveFromChat: true,
        ...(dingtalk ? { approvalCardTemplateId: TEMPLATE } : {}),
        region: 'cn-hangzhou',
        values: VALUES[channel],
        baseUrls: dingtalk ? { apiBaseUrl: baseUrl, oapiBaseUrl: baseUrl } : { apiBaseUrl: baseUrl },
      };
    }
    return {
      ...cur,
      channels,
      rules: [
        {
          ...DATA_EXPORT_APPROVALS,
          additionalUsers: [],
          channels: o.channels.map((c) => c.channel),
          chats: [...(o.chats ?? [{ channel: 'feishu', chatId: CHAT, name: 'DBA approvals' }])],
        },
      ],
    };
  });
  for (const { channel } of o.channels) await s.vault.set(`channel/${channel}/appSecret`, SECRET);
  await saveConnection(s, { region: 'cn-hangzhou', tid: 3000, accessKeyId: o.accessKeyId ?? 'LTAIadmin', accessKeySecret: AK_SECRET, endpoint: o.dmsEndpoint });
}

/** A data-export ticket filed by Eve entering approval with these approvers in the DMS fake. */
export function fileTicket(dms: FakeDms, approvers: string[]): number {
  const orderId = dms.createOrder({ pluginType: 'DATA_EXPORT', committerId: '77', comment: 'export users', nodes: [approvers] });
  dms.setApprovers(orderId, approvers);
  dms.setStatus(orderId, 'toaudit');
  return orderId;
}

/** A ticket entering approval, seen by the watcher, its `copies` cards sent and registered. */
export async function ticketInApproval(s: AppServices, dms: FakeDms, approvers: string[], copies: number): Promise<{ orderId: number; cards: ApprovalCard[] }> {
  await s.dms.watcher.pollNow();
  const orderId = fileTicket(dms, approvers);
  await s.dms.watcher.pollNow();
  const cards = await waitFor(
    () => {
      const all = s.delivery.outbox.cards.copiesOf(String(orderId));
      return settled(s.delivery) && all.length === copies && all.every((c) => c.ref !== null) && all;
    },
    'every card copy sent and registered',
    { state: () => s.delivery.outbox.cards.copiesOf(String(orderId)) },
  );
  return { orderId, cards };
}

/** How many events of each status the watcher recorded for the ticket (each is told once). */
export const eventsOf = (s: AppServices, orderId: number): { status: string; n: number }[] =>
  outboxSql<[string], { status: string; n: number }>(
    s.delivery.outbox,
    'SELECT status, count(*) AS n FROM events WHERE task_id = ? GROUP BY status ORDER BY status',
  ).all(String(orderId));

/** The copy of a ticket's card sent on this channel to this recipient. */
export const copy = (cards: readonly ApprovalCard[], channel: ChannelId, recipient: string): ApprovalCard => {
  const c = cards.find((x) => x.channel === channel && x.recipient === recipient);
  if (!c) throw new Error(`no ${channel} card for ${recipient}`);
  return c;
};
