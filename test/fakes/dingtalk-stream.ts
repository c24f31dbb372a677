/**
 * The Stream mode half of the fake DingTalk (issue 19), after the protocol description (open-dingtalk/developerpedia
 * docs/learn/stream/protocol.md) and the official SDKs (dingtalk-stream 2.1.5, dingtalk-stream-sdk-go):
 * - `POST /v1.0/gateway/connections/open {clientId, clientSecret, subscriptions, ua}` → `{endpoint, ticket}`; a ticket
 *   opens one connection within 90 s. Wrong credentials: HTTP 401 `{code: "authFailed", message: "鉴权失败"}` (captured in a
 *   public issue report); an app that cannot use Stream: HTTP 400 `{code: "systemError", message: "系统错误"}` (captured; the
 *   cause is undocumented); bad subscriptions: HTTP 400 `invalidParameter` (wording unverified).
 * - The WebSocket speaks JSON frames `{specVersion, type: SYSTEM | EVENT | CALLBACK, headers: {topic, messageId, …}, data}`;
 *   the client answers `{code, headers: {messageId}, message, data}`. A callback not acknowledged is pushed again with the
 *   same messageId (the SDK says "within 60 s"; the interval is unverified, short here in tests).
 * - A refused ticket fails the WebSocket handshake with HTTP 401 (the real status is unverified).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { isRecord, type FakeState, type Reply } from './common.js';

export const CARD_CALLBACK_TOPIC = '/v1.0/card/instances/callback';
const TICKET_TTL_MS = 90_000;

export interface StreamFakeOptions {
  /** AppKeys whose app cannot use Stream mode (open answers systemError). */
  readonly streamDisabled?: readonly string[];
  /** Re-push an unacknowledged callback after this long (default 5 s). */
  readonly repushMs?: number;
  /** Stop re-pushing after this long (default 60 s). */
  readonly repushWindowMs?: number;
}

/** One card button press, as DingTalk delivers it (the `data` of a `/v1.0/card/instances/callback` frame). */
export interface CardCallbackInput {
  readonly appId: string;
  readonly userId: string;
  readonly outTrackId: string;
  /** The button's callback params (回传请求参数), e.g. `{action, nonce}`, plus the input's `comment`. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly spaceType?: 'IM_ROBOT' | 'IM_GROUP';
  readonly spaceId?: string;
  /** Replaces the whole `content` string (to send malformed callbacks). */
  readonly rawContent?: string;
  /** The platform's re-push of an earlier callback carries its messageId again (default: a fresh one). */
  readonly messageId?: string;
}

export interface StreamAck {
  readonly messageId: string;
  /** The card the acknowledged callback was about ('' for other frames). */
  readonly outTrackId: string;
  readonly appId: string;
  readonly connectionId: string;
  readonly code: number;
  /** `data` of the answer, parsed (the SDK sends `JSON.stringify({response})` for callbacks). */
  readonly data: unknown;
  readonly at: number;
}

export interface StreamPush {
  readonly messageId: string;
  readonly connectionId: string;
  readonly at: number;
}

export interface StreamConnectionInfo {
  readonly id: string;
  readonly appId: string;
  readonly subscriptions: readonly { readonly type: string; readonly topic: string }[];
  /** WebSocket-level pings received (the SDK's keepAlive heartbeat). */
  pings: number;
  open: boolean;
}

export interface StreamFake {
  /** Every connection ever accepted, in order. */
  readonly connections: readonly StreamConnectionInfo[];
  readonly acks: readonly StreamAck[];
  readonly pushes: readonly StreamPush[];
  /** Open connections right now. */
  openCount(): number;
  /** Sends a card callback to one connected client of the app (re-pushed until acknowledged); returns its messageId. */
  pushCardCallback(input: CardCallbackInput): string;
  /** A SYSTEM frame (e.g. `ping` with `{opaque}`, `disconnect` with `{reason}`) to every open connection. */
  sendSystem(topic: string, data: Readonly<Record<string, unknown>>): void;
  /** Drops every open connection without a close handshake (network loss). */
  dropAll(): void;
  setRepushMs(ms: number): void;
}

interface PendingCallback {
  readonly appId: string;
  readonly outTrackId: string;
  readonly messageId: string;
  readonly frame: string;
  readonly firstAt: number;
  acked: boolean;
}

interface LiveConnection {
  readonly info: StreamConnectionInfo;
  readonly socket: WebSocket;
}

const err = (status: number, code: string, message: string): Reply => ({
  status,
  body: { requestid: randomUUID().toUpperCase(), code, message },
});

export async function startStreamFake(
  state: FakeState,
  opts: StreamFakeOptions,
): Promise<{ fake: StreamFake; open: (json: unknown) => Reply; onAck: (listener: (ack: StreamAck) => void) => void; close: () => Promise<void> }> {
  const disabled = new Set(opts.streamDisabled ?? []);
  let repushMs = opts.repushMs ?? 5000;
  const repushWindowMs = opts.repushWindowMs ?? 60_000;
  const tickets = new Map<string, { appId: string; subscriptions: StreamConnectionInfo['subscriptions']; expiresAt: number }>();
  const connections: StreamConnectionInfo[] = [];
  const live = new Map<string, LiveConnection>();
  const acks: StreamAck[] = [];
  const pushes: StreamPush[] = [];
  const pending = new Map<string, PendingCallback>();
  const ackListeners: ((ack: StreamAck) => void)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let seq = 0;

  const server = http.createServer((_req, res) => {
    res.writeHead(404).end();
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const wss = new WebSocketServer({
    server,
    path: '/connect',
    verifyClient: (info, done) => {
      const ticket = new URL(info.req.url ?? '/', 'http://fake.local').searchParams.get('ticket') ?? '';
      const t = tickets.get(ticket);
      // One connection per ticket, within its lifetime.
      tickets.delete(ticket);
      if (!t || t.expiresAt < Date.now()) return done(false, 401, 'invalid ticket');
      (info.req as http.IncomingMessage & { streamTicket?: typeof t }).streamTicket = t;
      done(true);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const frameFor = (conn: LiveConnection, p: PendingCallback): string => {
    const frame = JSON.parse(p.frame) as { headers: Record<string, string> };
    frame.headers.connectionId = conn.info.id;
    return JSON.stringify(frame);
  };

  /** Delivers a pending callback to one open connection of its app that subscribed the topic (DingTalk picks one at random). */
  const deliver = (p: PendingCallback): void => {
    const targets = [...live.values()].filter(
      (c) => c.info.appId === p.appId && c.info.subscriptions.some((s) => s.type === 'CALLBACK' && s.topic === CARD_CALLBACK_TOPIC),
    );
    const conn = targets[Math.floor(Math.random() * targets.length)];
    if (conn) {
      conn.socket.send(frameFor(conn, p));
      pushes.push({ messageId: p.messageId, connectionId: conn.info.id, at: Date.now() });
    }
    schedule(p);
  };

  const schedule = (p: PendingCallback): void => {
    if (p.acked || Date.now() - p.firstAt > repushWindowMs) return void pending.delete(p.messageId);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!p.acked) deliver(p);
    }, repushMs);
    timers.add(timer);
  };

  wss.on('connection', (socket, req) => {
    const t = (req as http.IncomingMessage & { streamTicket?: { appId: string; subscriptions: StreamConnectionInfo['subscriptions'] } }).streamTicket!;
    seq += 1;
    const info: StreamConnectionInfo = { id: `conn-${seq}`, appId: t.appId, subscriptions: t.subscriptions, pings: 0, open: true };
    const conn: LiveConnection = { info, socket };
    connections.push(info);
    live.set(info.id, conn);
    socket.on('ping', () => {
      info.pings += 1;
    });
    socket.on('message', (raw: Buffer) => {
      let answer: unknown;
      try {
        answer = JSON.parse(raw.toString('utf8'));
      } catch {
        return;
      }
      if (!isRecord(answer) || !isRecord(answer.headers) || typeof answer.headers.messageId !== 'string') return;
      let data: unknown = answer.data;
      if (typeof data === 'string') {
        try {
          data = JSON.parse(data);
        } catch {
          // kept as the raw string
        }
      }
      const p = pending.get(answer.headers.messageId);
      const ack: StreamAck = {
        messageId: answer.headers.messageId,
        outTrackId: p?.outTrackId ?? '',
        appId: info.appId,
        connectionId: info.id,
        code: Number(answer.code),
        data,
        at: Date.now(),
      };
      acks.push(ack);
      if (p && ack.code === 200) p.acked = true;
      for (const l of ackListeners) l(ack);
    });
    socket.on('close', () => {
      info.open = false;
      live.delete(info.id);
    });
    // A callback pushed while no client was connected goes out with its next re-push.
    socket.on('error', () => undefined);
  });

  const open = (json: unknown): Reply => {
    if (!isRecord(json)) return err(400, 'invalidParameter', 'body is mandatory');
    const app = typeof json.clientId === 'string' ? state.apps.get(json.clientId) : undefined;
    if (!app || app.secret !== json.clientSecret) return err(401, 'authFailed', '鉴权失败');
    const subs = json.subscriptions;
    const valid =
      Array.isArray(subs) &&
      subs.length > 0 &&
      subs.every((s) => isRecord(s) && (s.type === 'EVENT' || s.type === 'CALLBACK') && typeof s.topic === 'string' && s.topic !== '');
    if (!valid) return err(400, 'invalidParameter', 'subscriptions 参数不合法');
    if (disabled.has(app.app.appId)) return err(400, 'systemError', '系统错误');
    const ticket = randomUUID();
    tickets.set(ticket, {
      appId: app.app.appId,
      subscriptions: (subs as { type: string; topic: string }[]).map((s) => ({ type: s.type, topic: s.topic })),
      expiresAt: Date.now() + TICKET_TTL_MS,
    });
    return { status: 200, body: { endpoint: `ws://127.0.0.1:${port}/connect`, ticket } };
  };

  const fake: StreamFake = {
    connections,
    acks,
    pushes,
    openCount: () => live.size,
    pushCardCallback(input) {
      seq += 1;
      const messageId = input.messageId ?? `${Date.now().toString(16)}_${seq}_cardcb`;
      const content = input.rawContent ?? JSON.stringify({ cardPrivateData: { actionIds: ['submit'], params: input.params } });
      const data = {
        outTrackId: input.outTrackId,
        userId: input.userId,
        userIdType: 1,
        corpId: 'dingcorp0001',
        spaceType: input.spaceType ?? 'IM_ROBOT',
        spaceId: input.spaceId ?? input.userId,
        type: 'actionCallback',
        extension: '{}',
        content,
      };
      const frame = JSON.stringify({
        specVersion: '1.0',
        type: 'CALLBACK',
        headers: { appId: input.appId, connectionId: '', contentType: 'application/json', messageId, time: String(Date.now()), topic: CARD_CALLBACK_TOPIC },
        data: JSON.stringify(data),
      });
      const p: PendingCallback = { appId: input.appId, outTrackId: input.outTrackId, messageId, frame, firstAt: Date.now(), acked: false };
      pending.set(messageId, p);
      deliver(p);
      return messageId;
    },
    sendSystem(topic, data) {
      seq += 1;
      const frame = JSON.stringify({
        specVersion: '1.0',
        type: 'SYSTEM',
        headers: { topic, messageId: `sys_${seq}`, contentType: 'application/json', time: String(Date.now()) },
        data: JSON.stringify(data),
      });
      for (const c of live.values()) c.socket.send(frame);
    },
    dropAll() {
      for (const c of live.values()) c.socket.terminate();
    },
    setRepushMs(ms) {
      repushMs = ms;
    },
  };

  return {
    fake,
    open,
    onAck: (listener) => void ackListeners.push(listener),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const c of live.values()) c.socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
