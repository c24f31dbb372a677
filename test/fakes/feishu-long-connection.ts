/**
 * The Feishu / Lark long connection ("使用长连接接收回调"), as the official SDKs speak it: `POST
 * /callback/ws/endpoint {AppID, AppSecret}` answers `{code, msg, data: {URL, ClientConfig}}` at HTTP 200 (errors
 * too), the URL is a one-time WebSocket address carrying `device_id` and `service_id`, and the socket carries
 * `pbbp2.Frame`s (feishu-frames.ts): the client pings (control frame, type=ping) and gets a pong with the
 * ClientConfig; a callback is a data frame (type=event, JSON payload) that the client answers by sending the frame
 * back with `{code, data: base64(JSON)}` as payload. Each callback goes to one random connection of the app; one
 * not acknowledged in time is pushed again with the same event_id.
 *
 * Error codes of the endpoint (HTTP 200): 1000040345 "app_id or app_secret is invalid" (wrong secret) and
 * 1000040346 "app_id is invalid" (unknown app) are seen in public bug reports and probes of the real host;
 * 1000040351 "Incorrect domain name" (an app of the other platform) per reference §3; 1000040344 for empty
 * credentials is unverified.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeFrame, encodeFrame, FRAME_CONTROL, FRAME_DATA, headerOf, type Frame } from './feishu-frames.js';

/** Seconds, as the real ClientConfig carries them (fractions are fine for tests). */
export interface ClientConfig {
  readonly PingInterval: number;
  readonly ReconnectCount: number;
  readonly ReconnectInterval: number;
  readonly ReconnectNonce: number;
}

export interface LongConnectionOptions {
  /** What the endpoint and every pong hand out (default: the real host's 120 s ping, endless reconnects every 120 s, 30 s jitter). */
  readonly clientConfig?: ClientConfig;
  /** An unacknowledged callback is pushed again after this long (default 3000 ms). */
  readonly repushAfterMs?: number;
  /** At most this many re-pushes of one event (default 3). */
  readonly maxRepush?: number;
}

/** One press of a card button, as the platform would build the `card.action.trigger` callback. */
export interface CardActionPush {
  readonly appId: string;
  readonly operatorOpenId: string;
  readonly value: unknown;
  readonly formValue?: Readonly<Record<string, unknown>>;
  readonly messageId: string;
  readonly chatId: string;
  /** Default: a fresh id. */
  readonly eventId?: string;
}

export interface RecordedPush {
  readonly eventId: string;
  readonly frameMessageId: string;
  readonly connectionId: string;
  readonly at: number;
}

export interface RecordedAck {
  readonly eventId: string;
  readonly frameMessageId: string;
  readonly at: number;
  /** Milliseconds from the first push of this event to this answer. */
  readonly afterMs: number;
  /** The `code` of the ACK payload (200, or 500 when the handler threw). */
  readonly code: number;
  /** The handler's answer (`data`, base64 JSON, decoded), undefined when it returned nothing. */
  readonly answer: unknown;
}

export interface FeishuGateway {
  /** Open connections (of one app, or all). */
  connections(appId?: string): number;
  /** Every WebSocket connection accepted so far, with its time (reconnect spacing). */
  readonly accepted: { readonly appId: string; readonly at: number }[];
  readonly pushes: RecordedPush[];
  readonly acks: RecordedAck[];
  readonly pings: { readonly appId: string; readonly at: number }[];
  /** Sends a `card.action.trigger` callback to one random connection of the app; resolves to the event id. */
  pushCardAction(push: CardActionPush): string;
  /** Drops the app's connections (or all) the way a network failure would (no close frame). */
  dropConnections(appId?: string): void;
  /** The app's open connections (or all) go silent, as behind a NAT that forgot them: no pong, no push, no close. */
  silence(appId?: string): void;
  close(): Promise<void>;
}

interface Conn {
  readonly id: string;
  readonly appId: string;
  readonly socket: WebSocket;
  silent: boolean;
}

interface Pending {
  readonly push: CardActionPush & { readonly eventId: string };
  readonly firstAt: number;
  readonly payload: Uint8Array;
  repushes: number;
  timer: NodeJS.Timeout | null;
  done: boolean;
}

const DEFAULT_CONFIG: ClientConfig = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 };
const SERVICE_ID = 33554678;

export type EndpointAnswer = { readonly status: number; readonly body: unknown };

export async function startLongConnectionGateway(opts: LongConnectionOptions = {}): Promise<
  FeishuGateway & {
    /** Issues a one-time WebSocket URL for an app whose credentials the caller has checked. */
    issue(appId: string): EndpointAnswer;
  }
> {
  const config = opts.clientConfig ?? DEFAULT_CONFIG;
  const repushAfterMs = opts.repushAfterMs ?? 3000;
  const maxRepush = opts.maxRepush ?? 3;
  const tickets = new Map<string, string>();
  const conns = new Map<string, Conn>();
  const pending = new Map<string, Pending>();
  const byFrame = new Map<string, string>();
  const accepted: FeishuGateway['accepted'] = [];
  const pushes: RecordedPush[] = [];
  const acks: RecordedAck[] = [];
  const pings: FeishuGateway['pings'] = [];
  let seq = 0;

  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    // The ticket is single-use: a replayed or made-up URL is refused at the handshake.
    verifyClient: (info, done) => {
      const ticket = new URL(info.req.url ?? '/', 'ws://fake').searchParams.get('ticket') ?? '';
      if (!tickets.has(ticket)) return done(false, 403, 'Forbidden', { 'Handshake-Status': '403', 'Handshake-Msg': 'invalid ticket' });
      done(true);
    },
  });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const port = (wss.address() as AddressInfo).port;

  const send = (c: Conn, f: Frame) => c.socket.send(encodeFrame(f));

  const deliver = (p: Pending): void => {
    const open = [...conns.values()].filter((c) => c.appId === p.push.appId && !c.silent);
    if (open.length === 0) return schedule(p);
    const c = open[Math.floor(Math.random() * open.length)]!;
    const frameMessageId = `fm_${randomUUID()}`;
    byFrame.set(frameMessageId, p.push.eventId);
    seq += 1;
    send(c, {
      seqId: seq,
      logId: 0,
      service: SERVICE_ID,
      method: FRAME_DATA,
      headers: [
        { key: 'type', value: 'event' },
        { key: 'message_id', value: frameMessageId },
        { key: 'sum', value: '1' },
        { key: 'seq', value: '0' },
        { key: 'trace_id', value: randomUUID() },
      ],
      payload: p.payload,
    });
    pushes.push({ eventId: p.push.eventId, frameMessageId, connectionId: c.id, at: Date.now() });
    schedule(p);
  };

  const schedule = (p: Pending): void => {
    if (p.timer) clearTimeout(p.timer);
    p.timer = null;
    if (p.repushes >= maxRepush) return;
    p.timer = setTimeout(() => {
      p.timer = null;
      if (p.done) return;
      p.repushes += 1;
      deliver(p);
    }, repushAfterMs);
  };

  wss.on('connection', (socket, req) => {
    const ticket = new URL(req.url ?? '/', 'ws://fake').searchParams.get('ticket') ?? '';
    const appId = tickets.get(ticket)!;
    tickets.delete(ticket);
    const conn: Conn = { id: randomUUID(), appId, socket, silent: false };
    conns.set(conn.id, conn);
    accepted.push({ appId, at: Date.now() });
    socket.on('close', () => conns.delete(conn.id));
    socket.on('error', () => conns.delete(conn.id));
    socket.on('message', (data: Buffer) => {
      if (conn.silent) return;
      let frame: Frame;
      try {
        frame = decodeFrame(data);
      } catch {
        socket.close(1002, 'bad frame');
        return;
      }
      if (frame.method === FRAME_CONTROL && headerOf(frame, 'type') === 'ping') {
        pings.push({ appId, at: Date.now() });
        return send(conn, {
          seqId: 0,
          logId: 0,
          service: frame.service,
          method: FRAME_CONTROL,
          headers: [{ key: 'type', value: 'pong' }],
          payload: new TextEncoder().encode(JSON.stringify(config)),
        });
      }
      if (frame.method !== FRAME_DATA) return;
      const frameMessageId = headerOf(frame, 'message_id') ?? '';
      const eventId = byFrame.get(frameMessageId);
      const p = eventId ? pending.get(eventId) : undefined;
      if (!eventId || !p) return;
      const body = JSON.parse(new TextDecoder().decode(frame.payload ?? new Uint8Array())) as { code?: number; data?: string };
      const answer = typeof body.data === 'string' ? (JSON.parse(Buffer.from(body.data, 'base64').toString('utf8')) as unknown) : undefined;
      acks.push({ eventId, frameMessageId, at: Date.now(), afterMs: Date.now() - p.firstAt, code: body.code ?? 0, answer });
      p.done = true;
      if (p.timer) clearTimeout(p.timer);
      p.timer = null;
    });
  });

  return {
    issue(appId) {
      const ticket = randomUUID();
      tickets.set(ticket, appId);
      const deviceId = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
      return {
        status: 200,
        body: {
          code: 0,
          msg: 'ok',
          data: {
            URL: `ws://127.0.0.1:${port}/ws/v2?fpid=493&aid=552564&device_id=${deviceId}&access_key=${randomUUID()}&service_id=${SERVICE_ID}&ticket=${ticket}`,
            ClientConfig: config,
          },
        },
      };
    },
    connections: (appId) => [...conns.values()].filter((c) => !c.silent && (appId === undefined || c.appId === appId)).length,
    accepted,
    pushes,
    acks,
    pings,
    pushCardAction(push) {
      const eventId = push.eventId ?? `evt_${randomUUID().replace(/-/g, '')}`;
      const event = {
        schema: '2.0',
        header: {
          event_id: eventId,
          token: 'verification-token',
          create_time: String(Date.now() * 1000),
          event_type: 'card.action.trigger',
          tenant_key: 'fake-tenant',
          app_id: push.appId,
        },
        event: {
          operator: { tenant_key: 'fake-tenant', open_id: push.operatorOpenId, union_id: `on_${push.operatorOpenId.slice(3)}` },
          token: `c-${randomUUID()}`,
          action: { value: push.value, tag: 'button', ...(push.formValue ? { form_value: push.formValue, name: 'submit' } : {}) },
          host: 'im_message',
          context: { open_message_id: push.messageId, open_chat_id: push.chatId },
        },
      };
      const existing = pending.get(eventId);
      const p: Pending = existing ?? {
        push: { ...push, eventId },
        firstAt: Date.now(),
        payload: new TextEncoder().encode(JSON.stringify(event)),
        repushes: 0,
        timer: null,
        done: false,
      };
      pending.set(eventId, p);
      deliver(p);
      return eventId;
    },
    dropConnections(appId) {
      for (const c of conns.values()) if (appId === undefined || c.appId === appId) c.socket.terminate();
    },
    silence(appId) {
      for (const c of conns.values()) if (appId === undefined || c.appId === appId) c.silent = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const p of pending.values()) if (p.timer) clearTimeout(p.timer);
        for (const c of conns.values()) c.socket.terminate();
        wss.close(() => resolve());
      }),
  };
}
