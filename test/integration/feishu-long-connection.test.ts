import { afterEach, describe, expect, it, vi } from 'vitest';
import { LONG_CONNECTIONS } from '../../electron/services/approvals/connections/index.js';
import { createFeishuLongConnection, type FeishuConnectionTuning } from '../../electron/services/approvals/connections/feishu.js';
import type { IncomingPress, LongConnection, LongConnectionState, PressReply } from '../../electron/services/platforms/approval-cards.js';
import type { PlatformConfig } from '../../electron/services/platforms/client.js';
import { startFeishuFake, type FeishuFakeServer } from '../fakes/feishu.js';
import { freePorts } from '../fixtures/ports.js';
import { waitFor } from '../fixtures/wait-for.js';

const APP = 'cli_0123456789abcdef';
const SECRET = 'S3cr3t-long-connection-secret';
const ALICE = 'ou_alice';
const CARD = { schema: '2.0', config: { update_multi: true }, body: { elements: [{ tag: 'markdown', content: 'Approved by Alice' }] } };
/** Fast reconnects for the tests (seconds, as the real ClientConfig carries them). */
const CLIENT_CONFIG = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 0.2, ReconnectNonce: 0.05 };
const TUNING: FeishuConnectionTuning = { backoffFirstMs: 100, backoffMaxMs: 2000 };

interface Harness {
  readonly conn: LongConnection;
  readonly states: LongConnectionState[];
  readonly presses: IncomingPress[];
  readonly logs: string[];
}

describe.each(['feishu', 'lark'] as const)('%s long connection through the official SDK against the fake', (channel) => {
  let fake: FeishuFakeServer | undefined;
  const running: LongConnection[] = [];

  const startFake = async (repushAfterMs = 5000, clientConfig = CLIENT_CONFIG) => {
    fake = await startFeishuFake({
      platform: channel,
      apps: [
        { appId: APP, secret: SECRET, scopes: [] },
        { appId: 'cli_aaaaaaaaaaaaaaaa', secret: 'x', scopes: [], platform: channel === 'feishu' ? 'lark' : 'feishu' },
      ],
      longConnection: { clientConfig, repushAfterMs },
    });
    return fake;
  };
  const config = (over: Partial<PlatformConfig> = {}): PlatformConfig => ({
    channel,
    apiBaseUrl: fake!.baseUrl,
    oapiBaseUrl: '',
    appKey: APP,
    appSecret: SECRET,
    ...over,
  });
  const connect = (onPress: (p: IncomingPress) => Promise<PressReply>, over: Partial<PlatformConfig> = {}, tuning: FeishuConnectionTuning = {}): Harness => {
    const states: LongConnectionState[] = [];
    const presses: IncomingPress[] = [];
    const logs: string[] = [];
    const conn = createFeishuLongConnection(
      {
        config: config(over),
        onPress: (p) => {
          presses.push(p);
          return onPress(p);
        },
        onState: (s) => states.push(s),
      },
      { ...TUNING, log: (l) => logs.push(l), ...tuning },
    );
    running.push(conn);
    conn.start();
    return { conn, states, presses, logs };
  };
  const connected = (h: Harness) => waitFor(() => h.conn.state().phase === 'connected', 'connected', { state: () => h.conn.state() });
  const endpointCalls = () => fake!.requests.filter((r) => r.path === '/callback/ws/endpoint');
  const approve = { action: 'approve', nonce: 'n-1' };
  const push = (over: { eventId?: string } = {}) =>
    fake!.longConnection.pushCardAction({
      appId: APP,
      operatorOpenId: ALICE,
      value: approve,
      formValue: { comment: 'looks good' },
      messageId: 'om_card1',
      chatId: 'oc_chat1',
      ...over,
    });

  const count = () => process.getActiveResourcesInfo().reduce<Record<string, number>>((m, r) => ({ ...m, [r]: (m[r] ?? 0) + 1 }), {});
  const backTo = (baseline: Record<string, number>, timeoutMs = 15_000) =>
    waitFor(
      () => {
        const now = count();
        return (now.Timeout ?? 0) <= (baseline.Timeout ?? 0) && (now.TCPSocketWrap ?? 0) <= (baseline.TCPSocketWrap ?? 0);
      },
      'no timers or sockets left',
      { timeoutMs, state: () => ({ baseline, now: count() }) },
    );

  afterEach(async () => {
    for (const c of running.splice(0)) await c.stop();
    await fake?.close();
    fake = undefined;
    vi.restoreAllMocks();
  });

  it('is the registered factory; connects, maps a press and sends the toast and card back as the ACK', async () => {
    expect(LONG_CONNECTIONS.feishu).toBeTypeOf('function');
    await startFake();
    const consoleSpy = ['log', 'info', 'warn', 'error', 'debug'].map((m) => vi.spyOn(console, m as 'log'));
    const h = connect(async () => ({ kind: 'success', text: 'Approved', card: { kind: 'feishu-card', card: CARD } }));
    expect(h.states[0]).toMatchObject({ channel, phase: 'connecting' });
    await connected(h);
    expect(fake!.longConnection.connections(APP)).toBe(1);
    expect(h.conn.state()).toMatchObject({ phase: 'connected', lastError: null, reconnects: 0, lastCallbackAt: null });

    const eventId = push();
    const ack = await waitFor(() => fake!.longConnection.acks.find((a) => a.eventId === eventId), 'the ACK');
    expect(ack).toMatchObject({ code: 200, answer: { toast: { type: 'success', content: 'Approved' }, card: { type: 'raw', data: CARD } } });
    expect(h.presses).toHaveLength(1);
    const press = h.presses[0]!;
    expect(press).toMatchObject({
      channel,
      callbackId: eventId,
      presserId: ALICE,
      value: approve,
      comment: 'looks good',
      card: { kind: 'feishu-message', messageId: 'om_card1' },
      chatId: 'oc_chat1',
    });
    expect(press.updateToken).toMatch(/^c-/);
    expect(h.conn.state().lastCallbackAt).toBeTypeOf('number');
    // The SDK talks to our logger only, and the secret never reaches it.
    for (const spy of consoleSpy) expect(spy).not.toHaveBeenCalled();
    for (const line of h.logs) expect(line).not.toContain(SECRET);
  });

  it('answers "Submitting…" within the 3 s the platform allows when the handler is slow, and only once', async () => {
    await startFake();
    let release: (r: PressReply) => void = () => undefined;
    const h = connect(() => new Promise<PressReply>((r) => (release = r)));
    await connected(h);
    const eventId = push();
    const ack = await waitFor(() => fake!.longConnection.acks.find((a) => a.eventId === eventId), 'the ACK', { timeoutMs: 5000 });
    expect(ack.answer).toEqual({ toast: { type: 'info', content: '正在提交… / Submitting…' } });
    expect(ack.afterMs).toBeLessThan(3000);
    release({ kind: 'success', text: 'late' });
    await new Promise((r) => setImmediate(r));
    expect(fake!.longConnection.acks.filter((a) => a.eventId === eventId)).toHaveLength(1);
  });

  it('gets the same event_id again when it does not acknowledge in time', async () => {
    await startFake(200);
    const h = connect(() => new Promise<PressReply>((r) => setTimeout(() => r({ kind: 'success', text: 'ok' }), 600)));
    await connected(h);
    const eventId = push();
    await waitFor(() => h.presses.length >= 2, 'the re-push');
    expect(h.presses.map((p) => p.callbackId).slice(0, 2)).toEqual([eventId, eventId]);
    expect(fake!.longConnection.pushes.filter((p) => p.eventId === eventId).length).toBeGreaterThanOrEqual(2);
    await waitFor(() => fake!.longConnection.acks.some((a) => a.eventId === eventId), 'the ACK');
  });

  it('shares callbacks between connections: each one goes to a single connection', async () => {
    await startFake();
    const a = connect(async () => ({ kind: 'info', text: 'a' }));
    const b = connect(async () => ({ kind: 'info', text: 'b' }));
    await connected(a);
    await connected(b);
    const ids = Array.from({ length: 20 }, () => push());
    await waitFor(() => fake!.longConnection.acks.length === 20, 'every ACK');
    expect(a.presses.length + b.presses.length).toBe(20);
    expect(new Set([...a.presses, ...b.presses].map((p) => p.callbackId))).toEqual(new Set(ids));
    expect(a.presses.length).toBeGreaterThan(0);
    expect(b.presses.length).toBeGreaterThan(0);
  });

  it('explains a wrong App Secret and retries it ever more slowly, never opening a socket', async () => {
    await startFake();
    const baseline = count();
    const h = connect(async () => ({ kind: 'info', text: '' }), { appSecret: 'wrong-secret' });
    await waitFor(() => h.conn.state().phase === 'failing', 'failing');
    expect(h.conn.state().lastError?.en).toMatch(/App Secret/);
    expect(h.conn.state().lastError?.zh).toMatch(/App Secret/);
    await waitFor(() => endpointCalls().length >= 4, 'four attempts', { timeoutMs: 10_000 });
    const at = endpointCalls().map((r) => r.at);
    const gaps = at.slice(1).map((x, i) => x - at[i]!);
    // Waits of 100, 200, 400 ms (timers never fire early, so these are lower bounds).
    expect(gaps[0]).toBeGreaterThanOrEqual(95);
    expect(gaps[1]).toBeGreaterThanOrEqual(195);
    expect(gaps[2]).toBeGreaterThanOrEqual(395);
    expect(fake!.longConnection.accepted).toHaveLength(0);
    expect(h.conn.state().reconnects).toBeGreaterThanOrEqual(3);
    for (const line of h.logs) expect(line).not.toContain('wrong-secret');
    // The given-up clients left nothing behind.
    await h.conn.stop();
    await backTo(baseline, 3000);
  });

  it('explains an app of the other platform and an App ID the SDK would silently ignore', async () => {
    await startFake();
    const other = connect(async () => ({ kind: 'info', text: '' }), { appKey: 'cli_aaaaaaaaaaaaaaaa', appSecret: 'x' });
    await waitFor(() => other.conn.state().phase === 'failing', 'failing');
    expect(other.conn.state().lastError?.en).toMatch(/other platform/);

    const before = fake!.requests.length;
    const bad = connect(async () => ({ kind: 'info', text: '' }), { appKey: 'my-app' });
    expect(bad.conn.state()).toMatchObject({ phase: 'failing' });
    expect(bad.conn.state().lastError?.en).toMatch(/"cli_" and 16 hexadecimal digits/);
    expect(fake!.requests.length).toBe(before);
  });

  it('explains an unreachable host', async () => {
    await startFake();
    const [port] = await freePorts(1);
    const h = connect(async () => ({ kind: 'info', text: '' }), { apiBaseUrl: `http://127.0.0.1:${port}` });
    await waitFor(() => h.conn.state().phase === 'failing', 'failing');
    expect(h.conn.state().lastError?.en).toMatch(/refused/);
  });

  it('reconnects after a dropped socket, waiting longer after each failed attempt', async () => {
    await startFake();
    const h = connect(async () => ({ kind: 'success', text: 'ok' }));
    await connected(h);
    const callsBefore = endpointCalls().length;
    fake!.injectFault({ kind: 'status', status: 503, path: '/callback/ws/endpoint', times: 2 });
    fake!.longConnection.dropConnections(APP);
    await waitFor(() => h.states.some((s) => s.phase === 'connecting' && s.lastError !== null), 'reconnecting');
    await waitFor(() => h.states.at(-1)?.phase === 'connected' && endpointCalls().length >= callsBefore + 3, 'connected again', {
      state: () => h.states.at(-1),
    });
    const at = endpointCalls()
      .slice(callsBefore)
      .map((r) => r.at);
    const [first, second] = [at[1]! - at[0]!, at[2]! - at[1]!];
    // The SDK's 200 ms interval plus a wait of 100, then 200 ms (lower bounds: timers never fire early).
    expect(first).toBeGreaterThanOrEqual(295);
    expect(second).toBeGreaterThanOrEqual(395);
    expect(h.conn.state()).toMatchObject({ phase: 'connected', lastError: null });
    expect(h.conn.state().reconnects).toBe(3);
    expect(h.states.some((s) => s.phase === 'failing' && /server error|temporary/i.test(s.lastError?.en ?? ''))).toBe(true);

    const eventId = push();
    await waitFor(() => fake!.longConnection.acks.some((a) => a.eventId === eventId), 'a press after reconnecting');
  });

  it('reopens a connection that went silent (no pong after a ping)', async () => {
    // The SDK re-arms its watchdog on every ping, so the timeout must be shorter than the ping interval (as 30 s < 120 s).
    await startFake(5000, { ...CLIENT_CONFIG, PingInterval: 0.3 });
    const h = connect(async () => ({ kind: 'success', text: 'ok' }), {}, { pingTimeoutSec: 0.15 });
    await connected(h);
    await waitFor(() => fake!.longConnection.pings.length > 0, 'a ping');
    fake!.longConnection.silence(APP);
    await waitFor(() => fake!.longConnection.accepted.length === 2 && h.conn.state().phase === 'connected', 'a new connection', {
      state: () => h.conn.state(),
    });
    expect(h.states.some((s) => s.phase === 'connecting' && /dropped/.test(s.lastError?.en ?? ''))).toBe(true);
    const eventId = push();
    await waitFor(() => fake!.longConnection.acks.some((a) => a.eventId === eventId), 'a press on the new connection');
  });

  it('stop() closes the socket and leaves no timer behind', async () => {
    await startFake();
    const baseline = count();
    const h = connect(async () => ({ kind: 'info', text: '' }));
    await connected(h);
    await h.conn.stop();
    expect(h.conn.state()).toMatchObject({ phase: 'off' });
    await waitFor(() => fake!.longConnection.connections() === 0, 'the server side closed');
    await backTo(baseline);
  });

  it('stop() during an unanswered endpoint call abandons it', async () => {
    await startFake();
    fake!.injectFault({ kind: 'hang', path: '/callback/ws/endpoint' });
    const baseline = count();
    const h = connect(async () => ({ kind: 'info', text: '' }));
    await waitFor(() => endpointCalls().length === 1, 'the endpoint call');
    await h.conn.stop();
    // Well before the call's own 15 s timeout.
    await backTo(baseline, 3000);
    expect(fake!.longConnection.accepted).toHaveLength(0);
  });
});
