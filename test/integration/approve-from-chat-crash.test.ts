/**
 * Issue 19: "approve from the chat card" survives a crash. `channel-desk serve` (a real process, from the sources)
 * takes the approver's presses through its own long connections; the DMS fake holds the ApproveOrder call until the
 * process is SIGKILLed (once before DMS acted on it, once after, its answer lost); serve restarts on the same data
 * folder and each ticket ends approved exactly once, with the audit and every card showing it.
 * Secrets go to the encrypted-file vault of the test lane (a process killed mid-call cannot disturb a keyring).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ApprovalEntry } from '../../shared/contract/approvals.js';
import { createAppServices } from '../../electron/services/app.js';
import { startDingtalkFake, type DingtalkFake } from '../fakes/dingtalk.js';
import { openIdFor, startFeishuFake, type FeishuFakeServer } from '../fakes/feishu.js';
import type { FakeDms } from '../fakes/dms-openapi.js';
import { testUiDir } from '../fixtures/cli-run.js';
import { ServerProcess } from '../fixtures/serve-process.js';
import { waitFor } from '../fixtures/wait-for.js';
import { configureApproveFromChat, DT_KEY, dingtalkApp, FEISHU_APP, feishuApp, fileTicket, startApprovalDms, UID } from './approve-from-chat-world.js';
import { TEST_VAULT_ENV } from './test-stores.js';

Object.assign(process.env, TEST_VAULT_ENV);

let dir: string;
let dms: FakeDms;
let feishu: FeishuFakeServer;
let dingtalk: DingtalkFake;
let server: ServerProcess;

beforeEach(async () => {
  dms = await startApprovalDms();
  feishu = await startFeishuFake({ apps: [feishuApp(FEISHU_APP)] });
  dingtalk = await startDingtalkFake({ apps: [dingtalkApp(DT_KEY)] });
  dir = mkdtempSync(path.join(tmpdir(), 'cd-approve-crash-'));
  server = new ServerProcess(path.join(dir, 'data'), { fromSources: { uiDir: testUiDir(dir) } });
});

afterEach(async () => {
  await server.kill();
  await Promise.all([dms.close(), feishu.close(), dingtalk.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** One method of serve's local API, as the UI calls it. */
async function api<T>(method: string, input: unknown = {}): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${server.info.port}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.info.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  if (res.status !== 200) throw new Error(`${method}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The ticket's card as Feishu holds it (its message, whose content the outcome replaces). */
const feishuCard = (orderId: number) => [...feishu.messages.values()].find((x) => JSON.stringify(x.content).includes(String(orderId))) ?? null;
/** The ticket's card instance at DingTalk. */
const dingtalkCard = (orderId: number) =>
  [...dingtalk.cards.values()].find((c) => `${c.cardParamMap.title} ${c.cardParamMap.content}`.includes(String(orderId))) ?? null;

const connected = () => api<{ connections: { channel: string; phase: string }[] }>('approvals.connections');

it(
  'SIGKILL between the press and the DMS call: after a restart each ticket is approved exactly once, the audit and the cards show it',
  { timeout: 60_000 },
  async () => {
    // The data folder as an admin leaves it: approve-from-chat on Feishu and DingTalk, DMS connected with the watcher on.
    const setup = await createAppServices({ dataDir: server.dataDir, mode: 'headless' });
    await configureApproveFromChat(setup, {
      channels: [
        { channel: 'feishu', baseUrl: feishu.baseUrl },
        { channel: 'dingtalk', baseUrl: dingtalk.baseUrl },
      ],
      chats: [],
      dmsEndpoint: dms.endpoint,
    });
    await setup.close();

    await server.start();
    const bothConnected = () =>
      waitFor(async () => (await connected()).connections.filter((c) => c.phase === 'connected').length === 2, 'both long connections connected', {
        timeoutMs: 20_000,
        state: () => feishu.longConnection.accepted,
      });
    await bothConnected();
    await api('dms.pollNow');
    const early = fileTicket(dms, ['51']);
    const late = fileTicket(dms, ['51']);
    await api('dms.pollNow');
    const sent = await waitFor(() => {
      const f = feishuCard(early);
      const nonce = f && /"nonce":"([^"]+)"/.exec(JSON.stringify(f.content))?.[1];
      const d = dingtalkCard(late);
      return f && nonce !== undefined && d ? { feishu: { messageId: f.messageId, nonce }, dingtalk: d } : null;
    }, 'the approval cards at Feishu and DingTalk');

    // Ann's presses, as the platforms push them (again with the same id: a re-push).
    const onFeishu = (eventId?: string) =>
      feishu.longConnection.pushCardAction({
        appId: FEISHU_APP,
        operatorOpenId: openIdFor(FEISHU_APP, 'ann'),
        value: { action: 'approve', nonce: sent.feishu.nonce },
        formValue: { comment: 'before the crash' },
        messageId: sent.feishu.messageId,
        chatId: 'oc_p2p_ann',
        ...(eventId ? { eventId } : {}),
      });
    const onDingtalk = (messageId?: string) =>
      dingtalk.stream.pushCardCallback({
        appId: DT_KEY,
        userId: 'dt-ann',
        outTrackId: sent.dingtalk.outTrackId,
        params: { action: 'approve', nonce: sent.dingtalk.cardParamMap.nonce ?? '', comment: 'during the crash' },
        ...(messageId ? { messageId } : {}),
      });

    // Ann approves the first ticket on Feishu: the process dies before DMS sees the ApproveOrder.
    const notSeen = dms.holdNext('ApproveOrder', { applied: false });
    const eventId = onFeishu();
    await notSeen;
    // ...and the second on DingTalk: DMS approves it, the answer never reaches the process.
    const answerLost = dms.holdNext('ApproveOrder', { applied: true });
    const messageId = onDingtalk();
    await answerLost;
    await server.kill();
    expect(dms.approveCalls.map((c) => [c.comment, c.answered])).toEqual([['during the crash', null]]);
    expect(dms.order(early).statusCode).toBe('toaudit');

    await server.start();
    const settled = await waitFor(
      async () => {
        const { entries } = await api<{ entries: ApprovalEntry[] }>('approvals.list', { limit: 10 });
        return entries.length === 2 && entries.every((e) => e.outcome !== null) && entries;
      },
      'both presses settled after the restart',
      { timeoutMs: 20_000 },
    );
    expect(settled.map((e) => [e.orderId, e.outcome, e.dmsUid, e.comment]).sort()).toEqual(
      [
        [String(early), 'approved', UID.ann, 'before the crash'],
        [String(late), 'approved', UID.ann, 'during the crash'],
      ].sort(),
    );
    // Exactly one ApproveOrder took effect per ticket, as Ann.
    expect(dms.approveCalls.map((c) => [c.comment, c.realLoginUserUid, c.answered]).sort()).toEqual(
      [
        ['before the crash', UID.ann, null],
        ['during the crash', UID.ann, null],
      ].sort(),
    );
    expect([dms.order(early).statusCode, dms.order(late).statusCode]).toEqual(['approved', 'approved']);

    // Every copy of both cards shows the outcome at its platform.
    await waitFor(
      () =>
        [early, late].every((orderId) => {
          const f = feishuCard(orderId);
          return (
            f && f.updates > 0 && /Ann 已同意|Approved by Ann/.test(JSON.stringify(f.content)) && dingtalkCard(orderId)?.cardParamMap.status === 'approved'
          );
        }),
      'every copy shows the outcome',
      { state: () => [early, late].map((o) => [feishuCard(o), dingtalkCard(o)]) },
    );

    // The platforms push the unanswered presses again to the new process: nothing more happens in DMS.
    await bothConnected();
    const acked = { feishu: feishu.longConnection.acks.length, dingtalk: dingtalk.stream.acks.length };
    onFeishu(eventId);
    onDingtalk(messageId);
    await waitFor(() => feishu.longConnection.acks.slice(acked.feishu).some((a) => a.eventId === eventId), 'the re-pushed Feishu press answered');
    await waitFor(() => dingtalk.stream.acks.slice(acked.dingtalk).some((a) => a.messageId === messageId), 'the re-pushed DingTalk press answered');
    expect(dms.approveCalls).toHaveLength(2);
    const { entries } = await api<{ entries: ApprovalEntry[] }>('approvals.list', { limit: 10 });
    expect(entries.filter((e) => e.outcome === 'approved')).toHaveLength(2);
  },
);
