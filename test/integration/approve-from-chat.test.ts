/**
 * Issue 19, the core of "approve from the chat card": a ticket entering approval in the DMS fake reaches its approver
 * on Feishu and DingTalk (fakes) as approval cards and the rule's Feishu group chat as one too; presses arrive through
 * an in-test long connection (the real ones are the Feishu/DingTalk helpers' part) and act in DMS as the approver.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlatformProtocol } from '../../shared/catalog/channels.js';
import { chatRecipient } from '../../shared/chats.js';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import type { ApprovalCard } from '../../electron/services/delivery/index.js';
import { createMetrics } from '../../electron/services/metrics/metrics.js';
import { DmsClient } from '../../electron/services/dms/client.js';
import type {
  ApprovalCardContent,
  CardRef,
  CardUpdater,
  IncomingPress,
  LongConnectionFactory,
  LongConnectionOptions,
  PressReply,
} from '../../electron/services/platforms/approval-cards.js';
import { startDingtalkFake, type DingtalkFake } from '../fakes/dingtalk.js';
import { openIdFor, startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import type { FakeDms } from '../fakes/dms-openapi.js';
import {
  AK_SECRET,
  CHAT,
  copy,
  eventsOf,
  DT_KEY,
  dingtalkApp,
  FEISHU_APP,
  feishuApp,
  MOBILE,
  SECRET,
  configureApproveFromChat,
  startApprovalDms,
  TEMPLATE,
  ticketInApproval as enteringApproval,
  UID,
  type Who,
} from './approve-from-chat-world.js';
import { settled, waitFor } from './delivery-harness.js';

const DAY = 24 * 60 * 60 * 1000;

/** The in-test long connection: what the real ones do with a press, without a socket. */
class TestConnections {
  readonly opts = new Map<PlatformProtocol, LongConnectionOptions>();
  /** Every connection made, and whether it was stopped. */
  readonly made: { channel: string; appSecret: string; stopped: boolean }[] = [];
  factory(protocol: PlatformProtocol): LongConnectionFactory {
    return (o) => {
      this.opts.set(protocol, o);
      const made = { channel: o.config.channel, appSecret: o.config.appSecret, stopped: false };
      this.made.push(made);
      const state = { channel: o.config.channel, phase: 'connected' as const, since: 0, lastCallbackAt: null, lastError: null, reconnects: 0 };
      return {
        start: () => o.onState(state),
        stop: () => {
          made.stopped = true;
          return Promise.resolve();
        },
        state: () => state,
      };
    };
  }
  press(protocol: PlatformProtocol, p: Omit<IncomingPress, 'updateToken' | 'chatId' | 'receivedAt' | 'card'>): Promise<PressReply> {
    const o = this.opts.get(protocol);
    if (!o) throw new Error(`no ${protocol} connection`);
    return o.onPress({ ...p, card: null, updateToken: null, chatId: null, receivedAt: Date.now() });
  }
}

let dir: string;
let dms: FakeDms;
let feishu: FakeServer;
let dingtalk: DingtalkFake;
let services: AppServices | null;
let connections: TestConnections;
let updates: { protocol: PlatformProtocol; ref: CardRef; content: ApprovalCardContent }[];
let clock: number;
/** How far the DMS fake's clock is ahead (DMS times have whole seconds: a test moves it instead of waiting). */
let dmsShift: number;

beforeEach(async () => {
  clock = Date.now();
  dmsShift = 0;
  dms = await startApprovalDms(() => new Date(Date.now() + dmsShift));
  feishu = await startFeishuFake({ apps: [feishuApp(FEISHU_APP)] });
  dingtalk = await startDingtalkFake({ apps: [dingtalkApp(DT_KEY)] });
  dir = mkdtempSync(path.join(tmpdir(), 'cd-approve-chat-'));
  connections = new TestConnections();
  updates = [];
  services = null;
});

afterEach(async () => {
  await services?.close();
  await dms.close();
  await feishu.close();
  await dingtalk.close();
  rmSync(dir, { recursive: true, force: true });
});

const recordingUpdater =
  (protocol: PlatformProtocol): CardUpdater =>
  (_config, ref, content) => {
    updates.push({ protocol, ref, content });
    return Promise.resolve();
  };

/** The app as `serve` builds it, with the in-test connections and updaters; fresh (or again, after a "restart"). */
async function start(accessKeyId = 'LTAIadmin'): Promise<AppServices> {
  connections.opts.clear();
  const s = await createAppServices({
    dataDir: dir,
    mode: 'headless',
    now: () => new Date(clock),
    approvals: {
      connections: { feishu: connections.factory('feishu'), dingtalk: connections.factory('dingtalk') },
      updaters: { feishu: recordingUpdater('feishu'), dingtalk: recordingUpdater('dingtalk') },
      log: () => {},
    },
  });
  services = s;
  await configureApproveFromChat(s, {
    channels: [
      { channel: 'feishu', baseUrl: feishu.baseUrl },
      { channel: 'dingtalk', baseUrl: dingtalk.baseUrl },
    ],
    dmsEndpoint: dms.endpoint,
    accessKeyId,
  });
  s.startBackground();
  await waitFor(() => connections.opts.size === 2, 'both long connections');
  return s;
}

/** A ticket entering approval with these approvers: cards on Feishu and DingTalk to each, and one to the rule chat. */
const ticketInApproval = (s: AppServices, approvers: string[]): Promise<{ orderId: number; cards: ApprovalCard[] }> =>
  enteringApproval(s, dms, approvers, approvers.length * 2 + 1);

let cb = 0;
const feishuPress = (who: Who, nonce: string, action: 'approve' | 'reject', o: { callbackId?: string; comment?: string } = {}) =>
  connections.press('feishu', {
    channel: 'feishu',
    callbackId: o.callbackId ?? `ev-${++cb}`,
    presserId: openIdFor(FEISHU_APP, who),
    value: { action, nonce },
    comment: o.comment ?? '',
  });
const dingtalkPress = (who: Who, nonce: string, action: 'approve' | 'reject', o: { callbackId?: string; comment?: string } = {}) =>
  connections.press('dingtalk', {
    channel: 'dingtalk',
    callbackId: o.callbackId ?? `msg-${++cb}`,
    presserId: `dt-${who}`,
    value: { action, nonce },
    comment: o.comment ?? '',
  });

describe('approve from the chat card (core)', () => {
  it('the approver gets cards with Approve / Reject on Feishu and DingTalk, the rule chat too; the others get no card', async () => {
    const s = await start();
    const { orderId, cards } = await ticketInApproval(s, ['51']);
    const annFeishu = openIdFor(FEISHU_APP, 'ann');
    expect(cards.map((c) => [c.channel, c.recipient, c.state]).sort()).toEqual(
      [
        ['dingtalk', 'dt-ann', 'pending'],
        ['feishu', annFeishu, 'pending'],
        ['feishu', chatRecipient(CHAT), 'pending'],
      ].sort(),
    );
    const toAnn = feishu.delivered.find((m) => m.recipient === annFeishu)!;
    expect(toAnn.msgType).toBe('interactive');
    const sent = JSON.stringify(toAnn.content);
    expect(sent).toContain(copy(cards, 'feishu', annFeishu).nonce);
    expect(sent).toContain('"update_multi":true');
    // Never an identity in the buttons: only the nonce and the action.
    expect(sent).not.toContain(UID.ann);
    const card = dingtalk.delivered.find((m) => m.recipient === 'dt-ann')!;
    expect(card.content).toMatchObject({
      cardTemplateId: TEMPLATE,
      cardParamMap: { nonce: copy(cards, 'dingtalk', 'dt-ann').nonce, status: 'pending', statusText: '' },
    });
    expect(JSON.stringify(card.content)).toContain(String(orderId));
  });

  it('the approver approves: one ApproveOrder as their UID, every copy updated; a double tap and a re-push change nothing', async () => {
    const s = await start();
    const { cards } = await ticketInApproval(s, ['51']);
    const nonce = copy(cards, 'dingtalk', 'dt-ann').nonce;
    const reply = await dingtalkPress('ann', nonce, 'approve', { callbackId: 'msg-approve', comment: 'fine' });
    expect(reply).toMatchObject({ kind: 'success', text: '已在 DMS 中同意。', card: { kind: 'dingtalk-params', cardParamMap: { status: 'approved' } } });
    expect(dms.approveCalls.map((c) => [c.approvalType, c.realLoginUserUid, c.comment, c.answered])).toEqual([['AGREE', UID.ann, 'fine', null]]);
    await waitFor(() => updates.length === 3, 'all three copies updated', { state: () => updates });
    for (const u of updates) {
      const shown = JSON.stringify(u.content);
      expect(shown).toMatch(/Ann 已同意|Approved by Ann/);
      expect(shown).not.toContain('"callback"');
    }
    expect(updates.map((u) => u.ref.kind).sort()).toEqual(['dingtalk-card', 'feishu-message', 'feishu-message']);
    // Double tap (a new callback) and the platform's re-push of the first one.
    expect(await dingtalkPress('ann', nonce, 'approve')).toMatchObject({ kind: 'info' });
    expect(await dingtalkPress('ann', nonce, 'approve', { callbackId: 'msg-approve', comment: 'fine' })).toEqual(reply);
    // Her Feishu copy is decided too.
    expect(await feishuPress('ann', copy(cards, 'feishu', openIdFor(FEISHU_APP, 'ann')).nonce, 'reject')).toMatchObject({ kind: 'info' });
    expect(dms.approveCalls).toHaveLength(1);
    const audit = s.delivery.outbox.approvals.list({ limit: 10 });
    expect(audit.filter((r) => r.outcome === 'approved')).toHaveLength(1);
    expect(audit.find((r) => r.outcome === 'approved')).toMatchObject({ dmsUid: UID.ann, dmsUserId: '51', presserId: 'dt-ann' });
  });

  it('a group-chat member who is not the approver, and someone not in Users, are refused: DMS untouched, told why', async () => {
    const s = await start();
    const { cards } = await ticketInApproval(s, ['51']);
    const chatCard = copy(cards, 'feishu', chatRecipient(CHAT));
    const eve = await feishuPress('eve', chatCard.nonce, 'approve');
    expect(eve).toMatchObject({ kind: 'warning', text: expect.stringContaining('不是工单') });
    const stranger = await connections.press('feishu', {
      channel: 'feishu',
      callbackId: 'ev-stranger',
      presserId: 'ou_nobody_in_users',
      value: { action: 'approve', nonce: chatCard.nonce },
      comment: '',
    });
    expect(stranger).toMatchObject({ kind: 'warning', text: expect.stringContaining('请联系管理员') });
    expect(dms.approveCalls).toEqual([]);
    expect(s.delivery.outbox.cards.get(chatCard.nonce)?.state).toBe('pending');
    // The approver can still act from the same chat card.
    expect(await feishuPress('ann', chatCard.nonce, 'reject', { comment: 'no PII exports' })).toMatchObject({ kind: 'success' });
    expect(dms.approveCalls.map((c) => [c.approvalType, c.realLoginUserUid])).toEqual([['REJECT', UID.ann]]);
    expect(s.delivery.outbox.cards.get(chatCard.nonce)).toMatchObject({ state: 'rejected', statusText: expect.stringContaining('Ann 已拒绝：no PII exports') });
  });

  it('an expired card, a ticket already handled in DMS and a DMS refusal: nothing acts, the presser is told', async () => {
    let s = await start('LTAIplain');
    const { orderId, cards } = await ticketInApproval(s, ['51', '52']);
    // No AssumeUser for the AccessKey: DMS refuses; the card stays pending.
    const refused = await feishuPress('ann', copy(cards, 'feishu', openIdFor(FEISHU_APP, 'ann')).nonce, 'approve');
    expect(refused.kind).toBe('error');
    expect(dms.approveCalls.map((c) => c.answered)).toEqual(['NoPermission']);
    expect(s.delivery.outbox.cards.get(copy(cards, 'feishu', openIdFor(FEISHU_APP, 'ann')).nonce)?.state).toBe('pending');
    await s.close();
    s = await start('LTAIadmin');
    // Bob acts in DMS directly; Ann's press then finds the ticket handled.
    dms.setStatus(orderId, 'success');
    expect(await dingtalkPress('ann', copy(cards, 'dingtalk', 'dt-ann').nonce, 'approve')).toMatchObject({
      kind: 'warning',
      text: expect.stringContaining('已不在待审批状态'),
    });
    // Eight days later the card has expired.
    clock += 8 * DAY;
    const expired = await dingtalkPress('bob', copy(cards, 'dingtalk', 'dt-bob').nonce, 'approve');
    expect(expired).toMatchObject({ kind: 'warning', text: expect.stringContaining('已过期'), card: { cardParamMap: { status: 'expired' } } });
    expect(dms.approveCalls).toHaveLength(1);
    // Every press is in the audit, with why it did nothing.
    expect(s.delivery.outbox.approvals.list({ limit: 10 }).map((r) => [r.presserId, r.outcome, r.reason])).toEqual([
      ['dt-bob', 'refused', 'expired'],
      ['dt-ann', 'refused', 'already-handled'],
      [openIdFor(FEISHU_APP, 'ann'), 'failed', 'dms:permission'],
    ]);
  });

  it('a restart between the claim and the DMS call: the claim is settled by re-reading DMS, and the ticket is approved exactly once', async () => {
    let s = await start();
    const { orderId, cards } = await ticketInApproval(s, ['51']);
    const nonce = copy(cards, 'feishu', openIdFor(FEISHU_APP, 'ann')).nonce;
    // The process claimed Ann's press, reached DMS, and died before recording the answer.
    s.delivery.outbox.approvals.claim({
      cardNonce: nonce,
      action: 'approve',
      pressedAt: clock,
      platform: 'feishu',
      presserId: openIdFor(FEISHU_APP, 'ann'),
      dmsUserId: null,
      dmsUid: UID.ann,
      orderId: String(orderId),
      comment: '',
    });
    const direct = new DmsClient({ endpoint: dms.endpoint, accessKeyId: 'LTAIadmin', accessKeySecret: AK_SECRET, tid: 3000, timeoutMs: 5000 });
    const info = await direct.getOrderBaseInfo(String(orderId));
    await direct.approveOrder({ workflowInstanceId: info.WorkflowInstanceId!, approvalType: 'AGREE', comment: '', realLoginUserUid: UID.ann });
    await s.close();

    s = await start();
    await waitFor(() => s.delivery.outbox.approvals.unresolved().length === 0, 'the claim settled at start');
    expect(s.delivery.outbox.approvals.list({ limit: 5 })[0]).toMatchObject({ outcome: 'approved', reason: 'recovered' });
    await waitFor(() => updates.length === 3, 'the copies show the outcome');
    // The platform re-pushes the press after the restart: still once.
    expect(await feishuPress('ann', nonce, 'approve')).toMatchObject({ kind: 'info' });
    expect(dms.approveCalls).toHaveLength(1);
  });

  it('a restart after the claim but before the DMS call: the press is carried out once at start, a re-push does nothing', async () => {
    let s = await start();
    const { orderId, cards } = await ticketInApproval(s, ['51']);
    const nonce = copy(cards, 'dingtalk', 'dt-ann').nonce;
    s.delivery.outbox.approvals.claim({
      cardNonce: nonce,
      action: 'reject',
      pressedAt: clock,
      platform: 'dingtalk',
      presserId: 'dt-ann',
      dmsUserId: null,
      dmsUid: UID.ann,
      orderId: String(orderId),
      comment: 'too broad',
    });
    await s.close();
    s = await start();
    await waitFor(() => s.delivery.outbox.approvals.unresolved().length === 0, 'the claim settled at start');
    expect(dms.approveCalls.map((c) => [c.approvalType, c.realLoginUserUid, c.comment])).toEqual([['REJECT', UID.ann, 'too broad']]);
    await waitFor(() => updates.length === 3, 'the copies show the outcome');
    expect(await dingtalkPress('ann', nonce, 'reject', { comment: 'too broad' })).toMatchObject({ kind: 'info' });
    expect(dms.approveCalls).toHaveLength(1);
  });

  it('the connection state shows in health (status --json, /healthz), in /metrics, and to a CLI process reading what serve recorded', async () => {
    const s = await start();
    const h = await s.health.get();
    expect(h.channels.find((c) => c.channel === 'feishu')?.longConnection).toMatchObject({ phase: 'connected', reconnects: 0 });
    expect(h.channels.find((c) => c.channel === 'lark')?.longConnection).toBeNull();
    const metrics = createMetrics({ outbox: s.delivery.outbox.facts, watcher: () => s.dms.watcher.status(), health: () => s.health.get() });
    const text = await metrics.render();
    expect(text).toContain('channel_desk_long_connection_state{channel="feishu",phase="connected"} 1');
    expect(text).toContain('channel_desk_long_connection_state{channel="dingtalk",phase="failing"} 0');
    expect(text).toContain('channel_desk_long_connection_reconnects{channel="dingtalk"} 0');
    expect(text).not.toContain('channel_desk_long_connection_state{channel="lark"');
    // `channel-desk status` runs in its own process: it reads what the serving one recorded.
    const cli = await createAppServices({ dataDir: dir, mode: 'cli' });
    try {
      expect((await cli.health.get()).channels.find((c) => c.channel === 'dingtalk')?.longConnection).toMatchObject({ phase: 'connected' });
      await s.close();
      expect((await cli.health.get()).channels.find((c) => c.channel === 'dingtalk')?.longConnection).toMatchObject({
        phase: 'off',
        lastError: { en: expect.stringContaining('No running Channel Desk') },
      });
    } finally {
      await cli.close();
    }
  });

  it('after a press decided the ticket, the watcher notifies the transition once and never sends the approval again', async () => {
    const s = await start();
    const { orderId, cards } = await ticketInApproval(s, ['51']);
    expect(await feishuPress('ann', copy(cards, 'feishu', openIdFor(FEISHU_APP, 'ann')).nonce, 'approve')).toMatchObject({ kind: 'success' });
    for (let i = 0; i < 3; i++) await s.dms.watcher.pollNow();
    await waitFor(() => settled(s.delivery), 'deliveries settled');
    expect(eventsOf(s, orderId)).toEqual([
      { status: 'approved', n: 1 },
      { status: 'pending-approval', n: 1 },
    ]);
    // No new card: the three copies of the approval, all showing the outcome.
    expect(s.delivery.outbox.cards.copiesOf(String(orderId)).map((c) => c.state)).toEqual(['approved', 'approved', 'approved']);
  });

  it('a multi-node flow: the first approver approves from the card, the watcher sends the next node its cards, who approves too', async () => {
    const s = await start();
    await s.dms.watcher.pollNow();
    const orderId = dms.createOrder({ pluginType: 'DATA_EXPORT', committerId: '77', comment: 'export users', nodes: [['51'], ['52']] });
    dms.setApprovers(orderId, ['51']);
    dms.setStatus(orderId, 'toaudit');
    await s.dms.watcher.pollNow();
    const copies = (n: number) =>
      waitFor(() => {
        const all = s.delivery.outbox.cards.copiesOf(String(orderId));
        return settled(s.delivery) && all.length === n && all.every((c) => c.ref !== null) && all;
      }, `${n} card copies`);
    const first = await copies(3);
    dmsShift += 60_000;
    expect(await dingtalkPress('ann', copy(first, 'dingtalk', 'dt-ann').nonce, 'approve')).toMatchObject({ kind: 'success' });
    await s.dms.watcher.pollNow();
    const all = await copies(6);
    const bob = all.filter((c) => c.state === 'pending');
    expect(bob.map((c) => c.recipient).sort()).toEqual([chatRecipient(CHAT), 'dt-bob', openIdFor(FEISHU_APP, 'bob')].sort());
    // Ann's press is not Bob's: the node-1 cards are decided, Ann is no handler of node 2.
    expect(await feishuPress('ann', copy(bob, 'feishu', chatRecipient(CHAT)).nonce, 'approve')).toMatchObject({ kind: 'warning' });
    expect(await feishuPress('bob', copy(bob, 'feishu', openIdFor(FEISHU_APP, 'bob')).nonce, 'approve')).toMatchObject({ kind: 'success' });
    expect(dms.approveCalls.map((c) => [c.realLoginUserUid, c.answered])).toEqual([
      [UID.ann, null],
      [UID.bob, null],
    ]);
    for (let i = 0; i < 2; i++) await s.dms.watcher.pollNow();
    await waitFor(() => settled(s.delivery), 'settled');
    expect(s.delivery.outbox.cards.copiesOf(String(orderId))).toHaveLength(6);
    expect(dms.order(orderId).statusCode).toBe('approved');
  });

  it('a connection restarts when its credentials change, stops when approve-from-chat is switched off, and all stop on close', async () => {
    const s = await start();
    const live = () => connections.made.filter((m) => !m.stopped).map((m) => `${m.channel}:${m.appSecret === SECRET ? 'old' : 'new'}`);
    expect(live().sort()).toEqual(['dingtalk:old', 'feishu:old']);
    await s.vault.set('channel/feishu/appSecret', 'ApproveCoreAppSecretRotated012345');
    await waitFor(() => live().includes('feishu:new'), 'the Feishu connection restarted with the new secret', { state: () => connections.made });
    expect(live().sort()).toEqual(['dingtalk:old', 'feishu:new']);
    s.settings.update((cur) => ({ ...cur, channels: { ...cur.channels, dingtalk: { ...cur.channels.dingtalk, approveFromChat: false } } }));
    await waitFor(() => !live().includes('dingtalk:old'), 'the DingTalk connection stopped');
    expect(s.approvals.connections().map((c) => c.channel)).toEqual(['feishu']);
    await s.close();
    expect(live()).toEqual([]);
  });

  it('a test card answers "it works" over the connection and never reaches DMS', async () => {
    const s = await start();
    s.directory.upsert({ uid: UID.ann, name: 'Ann', mobile: MOBILE.ann, email: '' });
    await s.directory.resolve();
    const sent = await s.approvals.sendTestCard({ channel: 'feishu', uid: UID.ann });
    expect(sent).toMatchObject({ ok: true });
    const delivered = feishu.delivered.at(-1)!;
    const nonce = /"nonce":"([^"]+)"/.exec(JSON.stringify(delivered.content))?.[1];
    expect(nonce).toBeDefined();
    expect(await feishuPress('ann', nonce!, 'approve')).toMatchObject({ kind: 'success', text: expect.stringContaining('连接正常') });
    expect(dms.requests.filter((r) => r.action !== 'ListOrders')).toEqual([]);
  });
});
