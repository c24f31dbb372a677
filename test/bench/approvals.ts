/**
 * Approve from the chat card under load (`npm run bench -- --only approvals`), through the product's own long
 * connections (the official SDKs' clients against the fakes' Feishu gateway and DingTalk Stream server) and card
 * updaters, as the acceptance test runs them: 30 tickets enter approval, each approver has the card on Feishu and
 * DingTalk (and the rule's Feishu chat has one), then every approver presses Approve at once, each with a double tap.
 * Each press must be answered within the platforms' 3 s and act in DMS exactly once. Then the CPU of a process that
 * only holds four open long connections. The fakes run in this process: its CPU and memory include theirs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import type { ApprovalCard } from '../../electron/services/delivery/index.js';
import { startDingtalkFake, type DingtalkFake } from '../fakes/dingtalk.js';
import { openIdFor, startFeishuFake, type FeishuFakeServer } from '../fakes/feishu.js';
import type { FakeDms } from '../fakes/dms-openapi.js';
import {
  CHAT,
  configureApproveFromChat,
  DT_CHAT,
  DT_KEY,
  DTE_KEY,
  dingtalkApp,
  FEISHU_APP,
  feishuApp,
  fileTicket,
  LARK_APP,
  startApprovalDms,
} from '../integration/approve-from-chat-world.js';
import { settled, waitFor } from '../integration/delivery-harness.js';
import { TEST_VAULT_ENV } from '../integration/test-stores.js';

type Report = (name: string, value: string, target: string, ok: boolean) => void;

const TICKETS = 30;
/** Copies of each ticket's card: its approver on Feishu and on DingTalk, and the rule's Feishu chat. */
const COPIES = 3;
const IDLE_MS = 10_000;

interface Approver {
  readonly dmsUserId: string;
  readonly feishuId: string;
  readonly dingtalkId: string;
}

/** One press as the platform pushed it, and the ACK the platform got back. */
interface Press {
  readonly orderId: number;
  readonly platform: 'feishu' | 'dingtalk';
  readonly id: string;
  readonly pushedAt: number;
  readonly doubleTap: boolean;
}

interface Fakes {
  readonly dms: FakeDms;
  readonly feishu: FeishuFakeServer;
  readonly lark: FeishuFakeServer;
  readonly dingtalk: DingtalkFake;
}

const pct = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? Number.NaN;
};
const ms = (n: number): string => `${Math.round(n)}`;

/** Approver i: DMS user 2000+i with a mobile, found by that mobile on Feishu and on DingTalk. */
function addApprovers(f: Fakes): Approver[] {
  return Array.from({ length: TICKETS }, (_, i) => {
    const mobile = `1390000${String(i).padStart(4, '0')}`;
    const a = { dmsUserId: String(2000 + i), feishuId: `p${i}`, dingtalkId: `dt-p${i}` };
    f.dms.addUser({ userId: a.dmsUserId, uid: String(3_000_000_000_000_000 + i), nickName: `Approver ${i}`, mobile });
    f.feishu.addUser(FEISHU_APP, { id: a.feishuId, mobile });
    f.dingtalk.addUser(DT_KEY, { id: a.dingtalkId, mobile });
    return a;
  });
}

async function startApp(dataDir: string): Promise<AppServices> {
  return createAppServices({ dataDir, mode: 'headless', env: TEST_VAULT_ENV, approvals: { log: () => {} } });
}

const allConnected = (s: AppServices, n: number): Promise<true> =>
  waitFor(
    () => {
      const states = s.approvals.connections();
      return states.length === n && states.every((c) => c.phase === 'connected');
    },
    `${n} long connections connected`,
    { timeoutMs: 20_000, state: () => s.approvals.connections() },
  );

/** When each copy first showed the outcome at its platform: Feishu's PATCH of the message, DingTalk's card change. */
function updatedAt(f: Fakes, card: ApprovalCard): number | null {
  const ref = card.ref;
  if (ref?.kind === 'feishu-message') {
    const m = f.feishu.messages.get(ref.messageId);
    if (!m || m.updates === 0 || JSON.stringify(m.content).includes('"callback"')) return null;
    return f.feishu.requests.find((r) => r.method === 'PATCH' && r.path === `/open-apis/im/v1/messages/${ref.messageId}`)?.at ?? null;
  }
  if (ref?.kind === 'dingtalk-card') {
    return f.dingtalk.cardUpdates.find((u) => u.outTrackId === ref.outTrackId && u.cardParamMap.status === 'approved')?.at ?? null;
  }
  return null;
}

/** The first ACK of a press: when, and what the presser read (Feishu's toast, DingTalk's status line). */
function ackOf(f: Fakes, p: Press): { at: number; text: string } | null {
  if (p.platform === 'feishu') {
    const a = f.feishu.longConnection.acks.find((x) => x.eventId === p.id);
    return a ? { at: a.at, text: (a.answer as { toast?: { content?: string } } | undefined)?.toast?.content ?? '' } : null;
  }
  const a = f.dingtalk.stream.acks.find((x) => x.messageId === p.id);
  if (!a) return null;
  type Params = { cardParamMap?: Record<string, string> };
  const r = (a.data as { response?: { cardData?: Params; userPrivateData?: Params } } | undefined)?.response;
  return { at: a.at, text: r?.userPrivateData?.cardParamMap?.statusText ?? r?.cardData?.cardParamMap?.statusText ?? '' };
}

/** 1: every approver presses at once (a double tap each), half on Feishu, half on DingTalk. */
async function burstBench(report: Report, f: Fakes, dir: string): Promise<void> {
  const approvers = addApprovers(f);
  const s = await startApp(dir);
  try {
    await configureApproveFromChat(s, {
      channels: [
        { channel: 'feishu', baseUrl: f.feishu.baseUrl },
        { channel: 'dingtalk', baseUrl: f.dingtalk.baseUrl },
      ],
      dmsEndpoint: f.dms.endpoint,
    });
    s.startBackground();
    await allConnected(s, 2);
    await s.dms.watcher.pollNow();
    const orders = approvers.map((a) => fileTicket(f.dms, [a.dmsUserId]));
    await s.dms.watcher.pollNow();
    const cards = await waitFor(
      () => {
        const all = orders.map((o) => s.delivery.outbox.cards.copiesOf(String(o)));
        return settled(s.delivery) && all.every((c) => c.length === COPIES && c.every((x) => x.ref !== null)) && all;
      },
      `${TICKETS * COPIES} approval cards sent and registered`,
      { timeoutMs: 30_000, state: () => s.delivery.outbox.log.counts() },
    );

    const rss0 = process.memoryUsage().rss;
    const cpu0 = process.cpuUsage();
    const presses: Press[] = [];
    // Everyone at once; each press is followed by a second tap on the same card (a new callback).
    for (const [i, a] of approvers.entries()) {
      const orderId = orders[i]!;
      const onFeishu = i % 2 === 0;
      const own = cards[i]!.find((c) => c.channel === (onFeishu ? 'feishu' : 'dingtalk') && !c.recipient.startsWith('chat:'))!;
      for (const doubleTap of [false, true]) {
        const pushedAt = Date.now();
        if (onFeishu && own.ref?.kind === 'feishu-message') {
          const id = f.feishu.longConnection.pushCardAction({
            appId: FEISHU_APP,
            operatorOpenId: openIdFor(FEISHU_APP, a.feishuId),
            value: { action: 'approve', nonce: own.nonce },
            formValue: { comment: '' },
            messageId: own.ref.messageId,
            chatId: `oc_p2p_${a.feishuId}`,
          });
          presses.push({ orderId, platform: 'feishu', id, pushedAt, doubleTap });
        } else if (own.ref?.kind === 'dingtalk-card') {
          const id = f.dingtalk.stream.pushCardCallback({
            appId: DT_KEY,
            userId: a.dingtalkId,
            outTrackId: own.ref.outTrackId,
            params: { action: 'approve', nonce: own.nonce, comment: '' },
          });
          presses.push({ orderId, platform: 'dingtalk', id, pushedAt, doubleTap });
        }
      }
    }
    const copies = cards.flat();
    await waitFor(
      () => presses.every((p) => ackOf(f, p) !== null) && copies.every((c) => updatedAt(f, c) !== null),
      'every press answered and every copy updated',
      { timeoutMs: 30_000, state: () => ({ acks: presses.filter((p) => ackOf(f, p)).length, updated: copies.filter((c) => updatedAt(f, c)).length }) },
    );
    const cpu = process.cpuUsage(cpu0);
    const growthMb = (process.memoryUsage().rss - rss0) / 1024 / 1024;

    const answers = presses.map((p) => ({ p, ack: ackOf(f, p)! }));
    const answerMs = answers.map(({ p, ack }) => ack.at - p.pushedAt);
    const firstPresses = answers.filter(({ p }) => !p.doubleTap);
    const submitting = firstPresses.filter(({ ack }) => /^(正在提交|Submitting)/.test(ack.text)).length;
    const final = firstPresses.filter(
      ({ p, ack }) => ack.at - p.pushedAt <= 2_000 && /已在 DMS 中同意|Approved in DMS|已同意|Approved by/.test(ack.text),
    ).length;
    const firstPushAt = new Map(firstPresses.map(({ p }) => [p.orderId, p.pushedAt]));
    const allUpdatedMs = orders.map((o, i) => Math.max(...cards[i]!.map((c) => updatedAt(f, c)!)) - firstPushAt.get(o)!);
    const approveOrders = f.dms.approveCalls.length;
    const approved = orders.filter((o) => f.dms.order(o).statusCode === 'approved').length;
    const repushes = f.feishu.longConnection.pushes.length + f.dingtalk.stream.pushes.length - presses.length;

    const n = presses.length;
    report(
      `press → answer (ACK at the fake), p50 / p95 / max (${n} callbacks: ${TICKETS} approvers pressing at once + a double tap each, ${TICKETS / 2} on Feishu, ${TICKETS / 2} on DingTalk)`,
      `${ms(pct(answerMs, 0.5))} / ${ms(pct(answerMs, 0.95))} / ${ms(Math.max(...answerMs))} ms`,
      'p95 and max ≤ 3,000 ms',
      pct(answerMs, 0.95) <= 3_000 && Math.max(...answerMs) <= 3_000,
    );
    report(
      'first presses answered with the outcome within 2,000 ms (the rest: "Submitting…")',
      `${final} / ${TICKETS} (${submitting} "Submitting…")`,
      `${TICKETS} / ${TICKETS} (aim)`,
      final === TICKETS,
    );
    const taps = answers.filter(({ p }) => p.doubleTap);
    const tapsInProgress = taps.filter(({ ack }) => /正在提交到 DMS。|already being submitted/.test(ack.text)).length;
    report(
      'double taps answered (none may act)',
      `${taps.length}: ${tapsInProgress} "already being submitted", ${taps.length - tapsInProgress} with the outcome or other`,
      'informational',
      true,
    );
    report('platform re-pushes (a press not answered in time)', String(repushes), '0', repushes === 0);
    report(
      `press → every copy updated (${COPIES} per ticket: Feishu PATCH / DingTalk card change), p50 / p95 / max`,
      `${ms(pct(allUpdatedMs, 0.5))} / ${ms(pct(allUpdatedMs, 0.95))} / ${ms(Math.max(...allUpdatedMs))} ms`,
      'informational',
      true,
    );
    // ApproveOrder names the ticket by its workflow instance; the fake has one per ticket.
    const perTicket = new Map<string, number>();
    for (const c of f.dms.approveCalls) perTicket.set(c.workflowInstanceId, (perTicket.get(c.workflowInstanceId) ?? 0) + 1);
    const counts = [...perTicket.values()];
    report(
      `ApproveOrder calls per ticket (${approveOrders} calls for ${TICKETS} tickets, ${approved} approved in DMS)`,
      counts.length === TICKETS && counts.every((c) => c === 1)
        ? 'exactly 1 each'
        : `min ${Math.min(...counts)}, max ${Math.max(...counts)}, ${perTicket.size} tickets`,
      'exactly 1',
      counts.length === TICKETS && counts.every((c) => c === 1) && approved === TICKETS,
    );
    report(
      'CPU per press (press → all copies updated, fakes included)',
      `${((cpu.user + cpu.system) / 1000 / n).toFixed(1)} ms (${((cpu.user + cpu.system) / 1000).toFixed(0)} ms for ${n} callbacks)`,
      'informational',
      true,
    );
    report('RSS growth over the burst', `${growthMb.toFixed(1)} MB`, '< 50 MB', growthMb < 50);
  } finally {
    await s.close();
  }
}

/** 2: a process holding four open long connections (Feishu, Lark, DingTalk, DingTalk Enterprise) and nothing to do. */
async function idleBench(report: Report, f: Fakes, dir: string): Promise<void> {
  const s = await startApp(dir);
  try {
    const channels = [
      { channel: 'feishu', baseUrl: f.feishu.baseUrl },
      { channel: 'lark', baseUrl: f.lark.baseUrl },
      { channel: 'dingtalk', baseUrl: f.dingtalk.baseUrl },
      { channel: 'dingtalk-enterprise', baseUrl: f.dingtalk.baseUrl },
    ] as const;
    await configureApproveFromChat(s, {
      channels,
      chats: [
        { channel: 'feishu', chatId: CHAT, name: 'DBA approvals' },
        { channel: 'dingtalk', chatId: DT_CHAT, name: 'DBA approvals' },
      ],
      dmsEndpoint: f.dms.endpoint,
    });
    s.startBackground();
    await allConnected(s, channels.length);
    // Let the start-up's writes and garbage collection pass first.
    await new Promise((r) => setTimeout(r, 2_000));
    const cpu0 = process.cpuUsage();
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const cpu = process.cpuUsage(cpu0);
    const share = (cpu.user + cpu.system) / 1000 / IDLE_MS;
    const open = s.approvals.connections().filter((c) => c.phase === 'connected').length;
    report(
      `CPU while idle (${open} long connections open, DMS watcher on, ${IDLE_MS / 1000} s, fakes included)`,
      `${(share * 100).toFixed(2)} %`,
      '< 1 %',
      share < 0.01 && open === channels.length,
    );
  } finally {
    await s.close();
  }
}

export async function approvalsBench(report: Report): Promise<void> {
  // Latencies depend on what else the machine runs.
  console.log(
    `approvals: load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} on this machine`,
  );
  const fakes: Fakes = {
    dms: await startApprovalDms(),
    feishu: await startFeishuFake({ apps: [feishuApp(FEISHU_APP)] }),
    lark: await startFeishuFake({ platform: 'lark', apps: [feishuApp(LARK_APP)] }),
    dingtalk: await startDingtalkFake({ apps: [dingtalkApp(DT_KEY), dingtalkApp(DTE_KEY)] }),
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'cd-bench-approvals-'));
  try {
    await burstBench(report, fakes, path.join(dir, 'burst'));
    await idleBench(report, fakes, path.join(dir, 'idle'));
  } finally {
    await Promise.all(Object.values(fakes).map((x: { close(): Promise<void> }) => x.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}
