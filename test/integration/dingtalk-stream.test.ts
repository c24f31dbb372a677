import https from 'node:https';
import axios from 'axios';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import WebSocket from 'ws';
import type { ChannelId } from '../../shared/catalog/channels.js';
import { createDingtalkStream, type StreamTuning } from '../../electron/services/approvals/connections/dingtalk.js';
import { SUBMITTING_REPLY } from '../../electron/services/approvals/connections/dingtalk-card-callback.js';
import type { StreamTimers } from '../../electron/services/approvals/connections/dingtalk-stream-client.js';
import type { IncomingPress, LongConnection, LongConnectionState, PressHandler, PressReply } from '../../electron/services/platforms/approval-cards.js';
import { updateDingtalkCard } from '../../electron/services/platforms/dingtalk-card-update.js';
import { isPlatformError } from '../../electron/services/platforms/errors.js';
import type { PlatformConfig } from '../../electron/services/platforms/protocol.js';
import { DINGTALK_SCOPES, startDingtalkFake, type DingtalkFake } from '../fakes/dingtalk.js';
import { waitFor } from '../fixtures/wait-for.js';

const APP = 'dingstream000001';
const SECRET = 'Stream-S3cret-value-XYZ';
const TEMPLATE = 'approval-tpl.schema';
const users = [
  { id: 'approver1', mobile: '13900000001' },
  { id: 'member2', mobile: '13900000002' },
];

/** Real timers that remember what is alive, so a test can see leaks (heartbeat intervals, retry timers). */
function countingTimers() {
  const intervals = new Set<NodeJS.Timeout>();
  const timeouts = new Set<NodeJS.Timeout>();
  const delays: number[] = [];
  const timers: StreamTimers = {
    setTimeout: (fn, ms) => {
      delays.push(ms);
      const t = setTimeout(() => {
        timeouts.delete(t);
        fn();
      }, ms);
      timeouts.add(t);
      return t;
    },
    clearTimeout: (t) => {
      timeouts.delete(t);
      clearTimeout(t);
    },
    setInterval: (fn, ms) => {
      const t = setInterval(fn, ms);
      intervals.add(t);
      return t;
    },
    clearInterval: (t) => {
      intervals.delete(t);
      clearInterval(t);
    },
  };
  return { timers, intervals, timeouts, delays };
}

describe.each<ChannelId>(['dingtalk', 'dingtalk-enterprise'])('%s Stream connection (real DWClient subclass) against the fake', (channel) => {
  let fake: DingtalkFake;
  let conn: LongConnection | null;
  let states: LongConnectionState[];
  let presses: IncomingPress[];
  let clock: ReturnType<typeof countingTimers>;
  let output: MockInstance[];
  const httpsCalls = vi.spyOn(https, 'request');

  const config = (over: Partial<PlatformConfig> = {}): PlatformConfig => ({
    channel,
    apiBaseUrl: fake.baseUrl,
    oapiBaseUrl: fake.baseUrl,
    appKey: APP,
    appSecret: SECRET,
    robotCode: APP,
    approvalCardTemplateId: TEMPLATE,
    ...over,
  });

  const start = (onPress: PressHandler, over: Partial<PlatformConfig> = {}, tuning: StreamTuning = {}): LongConnection => {
    conn = createDingtalkStream({ config: config(over), onPress, onState: (s) => states.push(s) }, { timers: clock.timers, ...tuning });
    conn.start();
    return conn;
  };
  const connected = (c: LongConnection) => waitFor(() => c.state().phase === 'connected', 'connected', { state: () => c.state() });
  const opens = () => fake.requests.filter((r) => r.path === '/v1.0/gateway/connections/open').length;
  const ackOf = (messageId: string) => waitFor(() => fake.stream.acks.find((a) => a.messageId === messageId), `ACK of ${messageId}`);

  /** Creates the approval card the way the sender does (callbackType STREAM), through the fake's HTTP API. */
  const createCard = async (outTrackId: string, userId: string): Promise<void> => {
    const token = await axios.post<{ accessToken: string }>(`${fake.baseUrl}/v1.0/oauth2/accessToken`, { appKey: APP, appSecret: SECRET });
    const res = await axios.post(
      `${fake.baseUrl}/v1.0/card/instances/createAndDeliver`,
      {
        cardTemplateId: TEMPLATE,
        outTrackId,
        cardData: {
          cardParamMap: { title: 'Ticket 42', content: 'SELECT 1', link: 'https://dms.example.com/42', nonce: 'n-42', status: 'pending', statusText: '' },
        },
        openSpaceId: `dtv1.card//IM_ROBOT.${userId}`,
        imRobotOpenSpaceModel: { supportForward: false },
        imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: APP },
        userIdType: 1,
        callbackType: 'STREAM',
      },
      { headers: { 'x-acs-dingtalk-access-token': token.data.accessToken } },
    );
    expect(res.status).toBe(200);
  };

  beforeEach(async () => {
    fake = await startDingtalkFake({
      apps: [{ appId: APP, secret: SECRET, scopes: Object.values(DINGTALK_SCOPES), users, cardTemplates: [TEMPLATE] }],
      stream: { repushMs: 200 },
    });
    conn = null;
    states = [];
    presses = [];
    clock = countingTimers();
    httpsCalls.mockClear();
    output = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));
  });
  afterEach(async () => {
    await conn?.stop();
    await fake.close();
    // The SDK's own logging ("connect success", socket errors, debug dumps of its config) never runs.
    for (const spy of output) expect(spy).not.toHaveBeenCalled();
    vi.restoreAllMocks();
    // What Home, the CLI and /metrics show never holds the secret.
    expect(JSON.stringify(states)).not.toContain(SECRET);
  });

  it('connects through the channel base URL, maps a press, and answers it in the ACK (card updated, SDK answers pings)', async () => {
    await createCard('card-42', 'approver1');
    expect(fake.delivered[0]!.content).toMatchObject({ callbackType: 'STREAM', supportForward: false });
    const reply: PressReply = {
      kind: 'success',
      text: '已通过 / Approved',
      card: { kind: 'dingtalk-params', cardParamMap: { status: 'approved', statusText: 'Approved by 张三 · 2026-12-07 21:03' } },
    };
    const c = start(async (p) => {
      presses.push(p);
      return reply;
    });
    await connected(c);
    expect(opens()).toBe(1);
    // Nothing went to https://api.dingtalk.com (the SDK's hard-coded gateway): every call was the fake's plain http.
    expect(httpsCalls).not.toHaveBeenCalled();
    expect(fake.stream.connections[0]!.subscriptions).toEqual([{ type: 'CALLBACK', topic: '/v1.0/card/instances/callback' }]);

    const messageId = fake.stream.pushCardCallback({
      appId: APP,
      userId: 'approver1',
      outTrackId: 'card-42',
      params: { action: 'approve', nonce: 'n-42', comment: 'looks fine' },
    });
    const ack = await ackOf(messageId);
    expect(presses).toEqual([
      {
        channel,
        callbackId: messageId,
        presserId: 'approver1',
        value: { action: 'approve', nonce: 'n-42' },
        comment: 'looks fine',
        card: { kind: 'dingtalk-card', outTrackId: 'card-42' },
        updateToken: null,
        chatId: null,
        receivedAt: expect.any(Number) as number,
      },
    ]);
    expect(ack.code).toBe(200);
    expect(ack.data).toEqual({
      response: {
        cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
        cardData: { cardParamMap: { status: 'approved', statusText: 'Approved by 张三 · 2026-12-07 21:03' } },
      },
    });
    expect(fake.cards.get(`${APP}/card-42`)!.cardParamMap).toMatchObject({ status: 'approved', nonce: 'n-42', title: 'Ticket 42' });
    expect(c.state().lastCallbackAt).not.toBeNull();

    fake.stream.sendSystem('ping', { opaque: 'op-1' });
    const pong = await waitFor(() => fake.stream.acks.find((a) => isRecordWith(a.data, 'opaque')), 'ping answer');
    expect(pong.data).toEqual({ opaque: 'op-1' });
  });

  it('a refusal in a group chat goes to the presser only; the chat id is the group', async () => {
    const c = start(async (p) => {
      presses.push(p);
      return { kind: 'warning', text: '您不是该工单的审批人 / You are not an approver of this ticket' };
    });
    await connected(c);
    const messageId = fake.stream.pushCardCallback({
      appId: APP,
      userId: 'member2',
      outTrackId: 'card-7',
      params: { action: 'reject', nonce: 'n-7' },
      spaceType: 'IM_GROUP',
      spaceId: 'cidGroup7==',
    });
    const ack = await ackOf(messageId);
    expect(presses[0]).toMatchObject({ chatId: 'cidGroup7==', comment: '', value: { action: 'reject', nonce: 'n-7' } });
    expect(ack.data).toEqual({
      response: {
        cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
        userPrivateData: { cardParamMap: { statusText: '您不是该工单的审批人 / You are not an approver of this ticket' } },
      },
    });
  });

  it('answers "Submitting…" itself when the handler has not settled in time, and the handler goes on', async () => {
    fake.stream.setRepushMs(10_000);
    let release!: (r: PressReply) => void;
    const c = start(
      (p) => {
        presses.push(p);
        // The first press hangs until released; later ones answer at once.
        if (presses.length > 1) return Promise.resolve({ kind: 'info', text: 'ok' });
        return new Promise<PressReply>((resolve) => (release = resolve));
      },
      {},
      { replyDeadlineMs: 300 },
    );
    await connected(c);
    const messageId = fake.stream.pushCardCallback({ appId: APP, userId: 'approver1', outTrackId: 'card-1', params: { action: 'approve', nonce: 'n-1' } });
    const ack = await ackOf(messageId);
    const pushedAt = fake.stream.pushes.find((p) => p.messageId === messageId)!.at;
    expect(ack.at - pushedAt).toBeGreaterThanOrEqual(250);
    expect(ack.at - pushedAt).toBeLessThan(2500);
    expect(ack.data).toEqual({
      response: {
        cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
        cardData: { cardParamMap: { statusText: SUBMITTING_REPLY.text } },
      },
    });
    release({ kind: 'success', text: 'done' });
    // One answer per callback: the late reply sends no second ACK (it would reach the fake before the next callback's).
    const next = fake.stream.pushCardCallback({ appId: APP, userId: 'approver1', outTrackId: 'card-1', params: { action: 'approve', nonce: 'n-1' } });
    await ackOf(next);
    expect(fake.stream.acks.filter((a) => a.messageId === messageId)).toHaveLength(1);
  });

  it('with the default deadline the answer comes before DingTalk gives up (3 s)', async () => {
    const c = start(() => new Promise<PressReply>(() => undefined));
    await connected(c);
    const messageId = fake.stream.pushCardCallback({ appId: APP, userId: 'approver1', outTrackId: 'card-2', params: { action: 'approve', nonce: 'n-2' } });
    const ack = await ackOf(messageId);
    const pushedAt = fake.stream.pushes.find((p) => p.messageId === messageId)!.at;
    expect(ack.at - pushedAt).toBeGreaterThanOrEqual(2600);
    expect(ack.at - pushedAt).toBeLessThan(3000);
  });

  it('an unacknowledged callback is pushed again with the same messageId, and the press carries it', async () => {
    const c = start(
      (p) => {
        presses.push(p);
        return new Promise<PressReply>(() => undefined);
      },
      {},
      { replyDeadlineMs: 60_000 },
    );
    await connected(c);
    const messageId = fake.stream.pushCardCallback({ appId: APP, userId: 'approver1', outTrackId: 'card-3', params: { action: 'approve', nonce: 'n-3' } });
    await waitFor(() => presses.length >= 2, 'the re-push');
    expect(fake.stream.pushes.filter((p) => p.messageId === messageId).length).toBeGreaterThanOrEqual(2);
    expect(new Set(presses.map((p) => p.callbackId))).toEqual(new Set([messageId]));
  });

  it('a malformed callback is acknowledged (not pushed again) and never reaches the handler', async () => {
    const c = start(async (p) => {
      presses.push(p);
      return { kind: 'info', text: '' };
    });
    await connected(c);
    const messageId = fake.stream.pushCardCallback({ appId: APP, userId: 'approver1', outTrackId: 'card-4', params: {}, rawContent: 'not json' });
    const ack = await ackOf(messageId);
    expect(ack.data).toEqual({ response: {} });
    expect(presses).toEqual([]);
  });

  it('wrong secret: failing with an explanation in both languages, and no hot loop', async () => {
    const c = start(async () => ({ kind: 'info', text: '' }), { appSecret: 'wrong-secret-value' });
    await waitFor(() => c.state().phase === 'failing', 'failing');
    const { lastError } = c.state();
    expect(lastError!.en).toMatch(/wrong AppSecret/);
    expect(lastError!.zh).toMatch(/AppSecret 错误/);
    expect(JSON.stringify(lastError)).not.toContain('wrong-secret-value');
    // The next attempt waits the permanent-error backoff (5 min), not the SDK's fixed 1 s.
    expect(Math.max(...clock.delays)).toBeGreaterThanOrEqual(5 * 60_000);
    expect(opens()).toBe(1);
    expect(c.state().reconnects).toBe(0);
  });

  it('Stream not set up for the app (systemError) and an unreachable host are explained', async () => {
    await fake.close();
    fake = await startDingtalkFake({
      apps: [{ appId: APP, secret: SECRET, scopes: Object.values(DINGTALK_SCOPES), users }],
      stream: { streamDisabled: [APP] },
    });
    const c = start(async () => ({ kind: 'info', text: '' }));
    await waitFor(() => c.state().phase === 'failing', 'failing');
    expect(c.state().lastError!.en).toMatch(/Stream mode/);
    expect(c.state().lastError!.zh).toMatch(/Stream 模式/);
    await c.stop();

    const down = start(async () => ({ kind: 'info', text: '' }), { apiBaseUrl: 'http://127.0.0.1:9' });
    await waitFor(() => down.state().phase === 'failing', 'failing');
    expect(down.state().lastError!.en).toMatch(/connection was refused/);
    // A network failure may heal: the short backoff, not the permanent one.
    expect(clock.delays.at(-1)).toBe(1000);
  });

  it('a dropped socket reconnects with backoff, and only one heartbeat interval is ever alive', async () => {
    const c = start(async () => ({ kind: 'info', text: '' }), {}, { backoff: { baseMs: 40, maxMs: 1000, permanentMs: 60_000 }, heartbeatMs: 50 });
    await connected(c);
    for (let n = 1; n <= 3; n += 1) {
      fake.stream.dropAll();
      await waitFor(() => c.state().reconnects === n && c.state().phase === 'connected' && fake.stream.openCount() === 1, `reconnect ${n}`, {
        state: () => c.state(),
      });
      // dingtalk-stream 2.1.5 starts an interval per connect and never clears it on close: n + 1 would be alive here.
      expect(clock.intervals.size).toBe(1);
    }
    expect(fake.stream.connections).toHaveLength(4);
    // The connection never stayed up long enough to count as stable: each retry waited twice as long.
    expect(clock.delays.filter((d) => [40, 80, 160].includes(d))).toEqual([40, 80, 160]);
    expect(states.some((s) => s.phase === 'connecting' && s.lastError?.en.includes('dropped'))).toBe(true);
    // The heartbeat works on the live connection.
    const live = fake.stream.connections[3]!;
    await waitFor(() => live.pings >= 2, 'heartbeat pings');
    expect(c.state().lastError).toBeNull();
  });

  it('moves to a new connection at once when DingTalk announces a disconnect (no error, no backoff)', async () => {
    const c = start(async () => ({ kind: 'info', text: '' }), {}, { backoff: { baseMs: 777, maxMs: 1000, permanentMs: 60_000 } });
    await connected(c);
    fake.stream.sendSystem('disconnect', { reason: 'connection is expired' });
    await waitFor(() => c.state().reconnects === 1 && c.state().phase === 'connected' && fake.stream.openCount() === 1, 'the new connection', {
      state: () => c.state(),
    });
    expect(fake.stream.connections.map((x) => x.open)).toEqual([false, true]);
    expect(states.every((s) => s.lastError === null)).toBe(true);
    expect(clock.delays).not.toContain(777);
  });

  it('stop() leaves no timer and no socket behind', async () => {
    const c = start(() => new Promise<PressReply>(() => undefined), {}, { heartbeatMs: 50, replyDeadlineMs: 60_000 });
    await connected(c);
    fake.stream.pushCardCallback({ appId: APP, userId: 'approver1', outTrackId: 'card-5', params: { action: 'approve', nonce: 'n-5' } });
    await waitFor(() => clock.timeouts.size > 0, 'a pending reply timer');
    await c.stop();
    expect(clock.intervals.size).toBe(0);
    expect(clock.timeouts.size).toBe(0);
    await waitFor(() => fake.stream.openCount() === 0, 'the server sees the socket closed');
    expect(c.state()).toMatchObject({ phase: 'off', lastError: null });
  });
});

describe('the fake Stream gateway', () => {
  let fake: DingtalkFake;
  beforeEach(async () => {
    fake = await startDingtalkFake({ apps: [{ appId: APP, secret: SECRET, scopes: [], users }] });
  });
  afterEach(() => fake.close());

  it('answers like DingTalk: wrong secret 401 authFailed, bad subscriptions 400, and one connection per ticket', async () => {
    const open = (body: unknown) => axios.post(`${fake.baseUrl}/v1.0/gateway/connections/open`, body, { validateStatus: () => true });
    const subscriptions = [{ type: 'CALLBACK', topic: '/v1.0/card/instances/callback' }];
    const wrong = await open({ clientId: APP, clientSecret: 'nope', subscriptions });
    expect([wrong.status, wrong.data]).toEqual([401, expect.objectContaining({ code: 'authFailed', message: '鉴权失败' })]);
    expect((await open({ clientId: APP, clientSecret: SECRET, subscriptions: [] })).status).toBe(400);
    const ok = await open({ clientId: APP, clientSecret: SECRET, subscriptions, ua: '' });
    const { endpoint, ticket } = ok.data as { endpoint: string; ticket: string };
    const connect = () =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`${endpoint}?ticket=${ticket}`);
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('error', (e) => resolve(e.message));
      });
    expect(await connect()).toBe('open');
    expect(await connect()).toMatch(/401/);
  });
});

describe('DingTalk approval card update (PUT /v1.0/card/instances)', () => {
  let fake: DingtalkFake;
  const config = (): PlatformConfig => ({
    channel: 'dingtalk',
    apiBaseUrl: fake.baseUrl,
    oapiBaseUrl: fake.baseUrl,
    appKey: APP,
    appSecret: SECRET,
    robotCode: APP,
  });

  beforeEach(async () => {
    fake = await startDingtalkFake({ apps: [{ appId: APP, secret: SECRET, scopes: Object.values(DINGTALK_SCOPES), users, cardTemplates: [TEMPLATE] }] });
    const token = await axios.post<{ accessToken: string }>(`${fake.baseUrl}/v1.0/oauth2/accessToken`, { appKey: APP, appSecret: SECRET });
    await axios.post(
      `${fake.baseUrl}/v1.0/card/instances/createAndDeliver`,
      {
        cardTemplateId: TEMPLATE,
        outTrackId: 'card-9',
        cardData: { cardParamMap: { title: 'Ticket 9', status: 'pending', statusText: '' } },
        openSpaceId: 'dtv1.card//IM_ROBOT.approver1',
        imRobotOpenSpaceModel: { supportForward: false },
        imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: APP },
        callbackType: 'STREAM',
      },
      { headers: { 'x-acs-dingtalk-access-token': token.data.accessToken } },
    );
  });
  afterEach(() => fake.close());

  it('updates the variables by key', async () => {
    await updateDingtalkCard(
      config(),
      { kind: 'dingtalk-card', outTrackId: 'card-9' },
      { kind: 'dingtalk-params', cardParamMap: { status: 'rejected', statusText: 'Rejected by 李四: wrong table' } },
    );
    expect(fake.cards.get(`${APP}/card-9`)!.cardParamMap).toEqual({ title: 'Ticket 9', status: 'rejected', statusText: 'Rejected by 李四: wrong table' });
    expect(fake.cardUpdates).toEqual([
      expect.objectContaining({
        via: 'put',
        outTrackId: 'card-9',
        options: { updateCardDataByKey: true },
        cardParamMap: { status: 'rejected', statusText: 'Rejected by 李四: wrong table' },
      }),
    ]);
  });

  it('explains an unknown card, a missing permission, and refreshes an expired token once', async () => {
    const err = await updateDingtalkCard(
      config(),
      { kind: 'dingtalk-card', outTrackId: 'nope' },
      { kind: 'dingtalk-params', cardParamMap: { status: 'approved' } },
    ).catch((e: unknown) => e);
    expect(isPlatformError(err) && err.failure).toMatchObject({ code: 'cardInstance.notExist', httpStatus: 400, retryable: false });
    expect(isPlatformError(err) && err.failure.explanation.message.zh).toMatch(/outTrackId/);

    fake.setScopes(APP, [DINGTALK_SCOPES.robot]);
    const denied = await updateDingtalkCard(
      config(),
      { kind: 'dingtalk-card', outTrackId: 'card-9' },
      { kind: 'dingtalk-params', cardParamMap: { status: 'approved' } },
    ).catch((e: unknown) => e);
    expect(isPlatformError(denied) && denied.failure).toMatchObject({
      code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
      missingScopes: ['Card.Instance.Write'],
    });

    fake.setScopes(APP, Object.values(DINGTALK_SCOPES));
    fake.expireTokens();
    await updateDingtalkCard(config(), { kind: 'dingtalk-card', outTrackId: 'card-9' }, { kind: 'dingtalk-params', cardParamMap: { status: 'approved' } });
    expect(fake.cards.get(`${APP}/card-9`)!.cardParamMap.status).toBe('approved');
  });
});

const isRecordWith = (v: unknown, key: string): boolean => typeof v === 'object' && v !== null && key in v;
