/**
 * Issue 19's acceptance, end to end with nothing injected: the DMS fake with the watcher on, approve-from-chat on
 * Feishu, Lark, DingTalk and DingTalk Enterprise, the product's own long connections (the official SDKs' clients
 * against the fakes' WebSocket gateway / Stream server) and card updaters (PATCH / PUT at the fakes). Presses are
 * pushed by the fakes exactly as the platforms push them; what the presser reads is the ACK the fakes received.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chatRecipient, type RuleChat } from '../../shared/chats.js';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import type { ApprovalCard } from '../../electron/services/delivery/index.js';
import { startDingtalkFake, type DingtalkFake } from '../fakes/dingtalk.js';
import { openIdFor, startFeishuFake, type FeishuFakeServer } from '../fakes/feishu.js';
import type { FakeDms } from '../fakes/dms-openapi.js';
import { waitFor } from '../fixtures/wait-for.js';
import {
  CHAT,
  copy,
  eventsOf,
  DT_CHAT,
  DT_KEY,
  DTE_KEY,
  dingtalkApp,
  dingtalkUserId,
  FEISHU_APP,
  feishuApp,
  LARK_APP,
  configureApproveFromChat,
  startApprovalDms,
  ticketInApproval,
  UID,
  type Who,
} from './approve-from-chat-world.js';
import { settled } from './delivery-harness.js';

const CHANNELS = ['feishu', 'lark', 'dingtalk', 'dingtalk-enterprise'] as const;
type Channel = (typeof CHANNELS)[number];
/** Each approver gets a card on every channel, and each channel's DBA approvals chat gets one. */
const COPIES_PER_APPROVER = CHANNELS.length;

/** What the presser read: the toast (Feishu/Lark) or the card's status line (DingTalk; privately in a group). */
interface Answer {
  readonly callbackId: string;
  readonly text: string;
}

/** One platform as the approvers use it: who they are there, how their press reaches the app, what a copy shows. */
interface Platform {
  readonly chat: string;
  userId(who: Who): string;
  press(card: ApprovalCard, who: Who, action: 'approve' | 'reject', o?: { readonly again?: string; readonly comment?: string }): Promise<Answer>;
  /** The copy as the platform shows it now (card JSON / template variables), and how often the app changed it. */
  shown(card: ApprovalCard): { readonly content: string; readonly updates: number };
}

let dir: string;
let dms: FakeDms;
let feishu: FeishuFakeServer;
let lark: FeishuFakeServer;
let dingtalk: DingtalkFake;
let services: AppServices | null;

beforeEach(async () => {
  dms = await startApprovalDms();
  feishu = await startFeishuFake({ apps: [feishuApp(FEISHU_APP)] });
  lark = await startFeishuFake({ platform: 'lark', apps: [feishuApp(LARK_APP)] });
  dingtalk = await startDingtalkFake({ apps: [dingtalkApp(DT_KEY), dingtalkApp(DTE_KEY)] });
  dir = mkdtempSync(path.join(tmpdir(), 'cd-approve-accept-'));
  services = null;
});

afterEach(async () => {
  await services?.close();
  await Promise.all([dms.close(), feishu.close(), lark.close(), dingtalk.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const feishuPlatform = (fake: () => FeishuFakeServer, appId: string): Platform => ({
  chat: CHAT,
  userId: (who) => openIdFor(appId, who),
  async press(card, who, action, o = {}) {
    if (card.ref?.kind !== 'feishu-message') throw new Error(`not a Feishu card: ${JSON.stringify(card.ref)}`);
    const gateway = fake().longConnection;
    const before = o.again ? gateway.acks.filter((a) => a.eventId === o.again).length : 0;
    const eventId = gateway.pushCardAction({
      appId,
      operatorOpenId: openIdFor(appId, who),
      value: { action, nonce: card.nonce },
      formValue: { comment: o.comment ?? '' },
      messageId: card.ref.messageId,
      chatId: card.recipient.startsWith('chat:') ? CHAT : `oc_p2p_${who}`,
      ...(o.again ? { eventId: o.again } : {}),
    });
    const acks = await waitFor(() => {
      const mine = gateway.acks.filter((a) => a.eventId === eventId);
      return mine.length > before && mine;
    }, `the ACK of ${eventId}`);
    const answer = acks.at(-1)!.answer as { toast?: { content?: string } } | undefined;
    return { callbackId: eventId, text: answer?.toast?.content ?? '' };
  },
  shown(card) {
    const ref = card.ref;
    const m = ref?.kind === 'feishu-message' ? fake().messages.get(ref.messageId) : undefined;
    if (!m) throw new Error(`no message for ${JSON.stringify(ref)}`);
    return { content: JSON.stringify(m.content), updates: m.updates };
  },
});

const dingtalkPlatform = (appKey: string): Platform => ({
  chat: DT_CHAT,
  userId: (who) => dingtalkUserId(appKey, who),
  async press(card, who, action, o = {}) {
    if (card.ref?.kind !== 'dingtalk-card') throw new Error(`not a DingTalk card: ${JSON.stringify(card.ref)}`);
    const stream = dingtalk.stream;
    const before = o.again ? stream.acks.filter((a) => a.messageId === o.again).length : 0;
    const inGroup = card.recipient.startsWith('chat:');
    const messageId = stream.pushCardCallback({
      appId: appKey,
      userId: dingtalkUserId(appKey, who),
      outTrackId: card.ref.outTrackId,
      params: { action, nonce: card.nonce, comment: o.comment ?? '' },
      ...(inGroup ? { spaceType: 'IM_GROUP' as const, spaceId: DT_CHAT } : {}),
      ...(o.again ? { messageId: o.again } : {}),
    });
    const acks = await waitFor(() => {
      const mine = stream.acks.filter((a) => a.messageId === messageId);
      return mine.length > before && mine;
    }, `the ACK of ${messageId}`);
    type Params = { cardParamMap?: Record<string, string> };
    const response = (acks.at(-1)!.data as { response?: { cardData?: Params; userPrivateData?: Params } } | undefined)?.response;
    return { callbackId: messageId, text: response?.userPrivateData?.cardParamMap?.statusText ?? response?.cardData?.cardParamMap?.statusText ?? '' };
  },
  shown(card) {
    const ref = card.ref;
    const c = ref?.kind === 'dingtalk-card' ? dingtalk.cards.get(`${appKey}/${ref.outTrackId}`) : undefined;
    if (!c || ref?.kind !== 'dingtalk-card') throw new Error(`no card instance for ${JSON.stringify(ref)}`);
    return {
      content: JSON.stringify(c.cardParamMap),
      updates: dingtalk.cardUpdates.filter((u) => u.appId === appKey && u.outTrackId === ref.outTrackId).length,
    };
  },
});

const PLATFORMS: Record<Channel, Platform> = {
  feishu: feishuPlatform(() => feishu, FEISHU_APP),
  lark: feishuPlatform(() => lark, LARK_APP),
  dingtalk: dingtalkPlatform(DT_KEY),
  'dingtalk-enterprise': dingtalkPlatform(DTE_KEY),
};

const BASE_URL: Record<Channel, () => string> = {
  feishu: () => feishu.baseUrl,
  lark: () => lark.baseUrl,
  dingtalk: () => dingtalk.baseUrl,
  'dingtalk-enterprise': () => dingtalk.baseUrl,
};

/** `serve`'s app on the data folder with the product's connections and updaters; resolves once all four are connected. */
async function start(): Promise<AppServices> {
  const s = await createAppServices({ dataDir: dir, mode: 'headless', approvals: { log: () => {} } });
  services = s;
  await configureApproveFromChat(s, {
    channels: CHANNELS.map((channel) => ({ channel, baseUrl: BASE_URL[channel]() })),
    chats: CHANNELS.map((channel): RuleChat => ({ channel, chatId: PLATFORMS[channel].chat, name: 'DBA approvals' })),
    dmsEndpoint: dms.endpoint,
  });
  s.startBackground();
  await waitFor(
    () => {
      const states = s.approvals.connections();
      return states.length === CHANNELS.length && states.every((c) => c.phase === 'connected');
    },
    'every long connection connected',
    { state: () => s.approvals.connections() },
  );
  return s;
}

const mine = (cards: readonly ApprovalCard[], channel: Channel, who: Who): ApprovalCard => copy(cards, channel, PLATFORMS[channel].userId(who));
const groupCopy = (cards: readonly ApprovalCard[], channel: Channel): ApprovalCard => copy(cards, channel, chatRecipient(PLATFORMS[channel].chat));
const approveOrders = () => dms.requests.filter((r) => r.action === 'ApproveOrder');

describe('approve from the chat card, end to end through the real long connections', () => {
  it('a ticket entering approval sends its approver a card with Approve / Reject on every channel, and each DBA chat one', async () => {
    const s = await start();
    const { orderId, cards } = await ticketInApproval(s, dms, ['51'], COPIES_PER_APPROVER * 2);
    const sentTo = (channel: Channel) => cards.filter((c) => c.channel === channel).map((c) => c.recipient);
    for (const channel of CHANNELS) {
      expect(sentTo(channel).sort()).toEqual([PLATFORMS[channel].userId('ann'), chatRecipient(PLATFORMS[channel].chat)].sort());
    }
    // What the platforms received: Feishu/Lark a JSON 2.0 card whose buttons call back with the nonce and nothing else.
    for (const [fake, channel] of [
      [feishu, 'feishu'],
      [lark, 'lark'],
    ] as const) {
      for (const card of cards.filter((c) => c.channel === channel)) {
        const sent = PLATFORMS[channel].shown(card).content;
        expect(sent).toContain('"update_multi":true');
        expect(sent).toContain(`"value":{"action":"approve","nonce":"${card.nonce}"}`);
        expect(sent).toContain(`"value":{"action":"reject","nonce":"${card.nonce}"}`);
        expect(sent).toContain('"name":"comment"');
        expect(sent).toContain(String(orderId));
        expect(sent).not.toContain(UID.ann);
      }
      expect(fake.delivered.filter((m) => m.msgType === 'interactive')).toHaveLength(2);
    }
    // DingTalk: a card instance from the approval template with Stream callbacks, pending (the template shows the buttons).
    for (const card of cards.filter((c) => c.channel.startsWith('dingtalk'))) {
      const ref = card.ref?.kind === 'dingtalk-card' ? card.ref : null;
      const instance = dingtalk.cards.get(`${card.channel === 'dingtalk' ? DT_KEY : DTE_KEY}/${ref?.outTrackId ?? ''}`);
      expect(instance).toMatchObject({ callbackType: 'STREAM', cardParamMap: { nonce: card.nonce, status: 'pending', statusText: '' } });
      expect(instance?.cardParamMap.link).toMatch(/^dingtalk:\/\/dingtalkclient\/page\/link\?url=https%3A%2F%2Fdms-cn-hangzhou/);
      expect(`${instance?.cardParamMap.title ?? ''} ${instance?.cardParamMap.content ?? ''}`).toContain(String(orderId));
    }
    expect(dingtalk.delivered.filter((m) => (m.content as { cardTemplateId?: string }).cardTemplateId === 'approval-card.schema')).toHaveLength(4);
  });

  it.each(CHANNELS)(
    '%s: a group member who is not the approver is refused and told why; the approver approves once as her UID despite a double tap and a re-push; every copy shows it; the watcher tells it once',
    async (channel) => {
      const s = await start();
      const platform = PLATFORMS[channel];
      const { orderId, cards } = await ticketInApproval(s, dms, ['51'], COPIES_PER_APPROVER * 2);

      // Eve is in the DBA chat but no approver of this ticket: DMS is not asked to act, she reads why.
      const eve = await platform.press(groupCopy(cards, channel), 'eve', 'approve');
      expect(eve.text).toMatch(/不是工单.*审批人|not .*approver/i);
      expect(approveOrders()).toEqual([]);
      expect(platform.shown(groupCopy(cards, channel)).content).not.toMatch(/已同意|Approved by/);

      // Ann taps Approve twice in a row on her own copy; the platform then pushes her first press again.
      const own = mine(cards, channel, 'ann');
      const taps = await Promise.all([
        platform.press(own, 'ann', 'approve', { comment: 'ok for Q4' }),
        platform.press(own, 'ann', 'approve', { comment: 'ok for Q4' }),
      ]);
      expect(taps.map((t) => t.text).join(' | ')).toMatch(/已在 DMS 中同意|Approved in DMS|Ann 已同意|Approved by Ann/);
      await waitFor(() => dms.order(orderId).statusCode !== 'toaudit', 'the ticket approved in DMS', { state: () => dms.approveCalls });
      const again = await platform.press(own, 'ann', 'approve', { again: taps[0]!.callbackId, comment: 'ok for Q4' });
      expect(again.text).not.toMatch(/失败|failed/i);
      expect(dms.approveCalls.map((c) => [c.approvalType, c.realLoginUserUid, c.comment, c.answered])).toEqual([['AGREE', UID.ann, 'ok for Q4', null]]);
      expect(dms.order(orderId).statusCode).toBe('approved');

      // Every copy of the card, on every channel, shows the outcome with the buttons gone.
      await waitFor(
        () =>
          cards.every(
            (c) => PLATFORMS[c.channel as Channel].shown(c).updates > 0 && /Ann 已同意|Approved by Ann/.test(PLATFORMS[c.channel as Channel].shown(c).content),
          ),
        'every copy updated at its platform',
        { state: () => cards.map((c) => [c.channel, c.recipient, PLATFORMS[c.channel as Channel].shown(c)]) },
      );
      for (const c of cards) {
        const shown = PLATFORMS[c.channel as Channel].shown(c).content;
        if (c.channel.startsWith('dingtalk')) expect(JSON.parse(shown)).toMatchObject({ status: 'approved' });
        else expect(shown).not.toContain('"callback"');
      }
      // The audit: one approval, by Ann's platform id, mapped to her DMS user; Eve's refusal recorded too.
      const audit = s.delivery.outbox.approvals.list({ limit: 20 });
      expect(audit.filter((r) => r.outcome === 'approved')).toEqual([
        expect.objectContaining({ platform: channel, presserId: platform.userId('ann'), dmsUserId: '51', dmsUid: UID.ann, orderId: String(orderId) }),
      ]);
      expect(audit.find((r) => r.presserId === platform.userId('eve'))).toMatchObject({ outcome: 'refused' });

      // The watcher then sees the ticket approved: the transition is told once, and no new approval card goes out.
      for (let i = 0; i < 3; i++) await s.dms.watcher.pollNow();
      await waitFor(() => settled(s.delivery), 'deliveries settled');
      expect(eventsOf(s, orderId)).toEqual([
        { status: 'approved', n: 1 },
        { status: 'pending-approval', n: 1 },
      ]);
      expect(s.delivery.outbox.cards.copiesOf(String(orderId))).toHaveLength(cards.length);
      expect(approveOrders()).toHaveLength(1);
    },
  );
  it.each(['lark', 'dingtalk'] as const)(
    '%s: when DMS is slow the presser reads "Submitting…" within the 3 s the platform allows, and the cards show the outcome after',
    async (channel) => {
      const s = await start();
      const platform = PLATFORMS[channel];
      const { orderId, cards } = await ticketInApproval(s, dms, ['51'], COPIES_PER_APPROVER * 2);
      dms.stallNext(1, 3500);
      const pressedAt = Date.now();
      const answer = await platform.press(mine(cards, channel, 'ann'), 'ann', 'approve');
      expect(Date.now() - pressedAt).toBeLessThan(3000);
      expect(answer.text).toMatch(/^(正在提交|Submitting)/);
      await waitFor(
        () => cards.every((c) => /Ann 已同意|Approved by Ann/.test(PLATFORMS[c.channel as Channel].shown(c).content)),
        'every copy updated at its platform',
        { state: () => cards.map((c) => [c.channel, c.recipient, PLATFORMS[c.channel as Channel].shown(c)]) },
      );
      expect(dms.approveCalls.map((c) => [c.realLoginUserUid, c.answered])).toEqual([[UID.ann, null]]);
      expect(dms.order(orderId).statusCode).toBe('approved');
    },
  );
});
