import { DWClient, type DWClientDownStream } from 'dingtalk-stream';
import WebSocket from 'ws';
import { checkNew } from '../../platforms/dingtalk.js';
import { isObject } from '../../platforms/http.js';
import type { Core } from '../../platforms/protocol.js';

/** The timer functions the client and its connection use (tests count the live ones). */
export interface StreamTimers {
  setTimeout(fn: () => void, ms: number): NodeJS.Timeout;
  clearTimeout(t: NodeJS.Timeout): void;
  setInterval(fn: () => void, ms: number): NodeJS.Timeout;
  clearInterval(t: NodeJS.Timeout): void;
}

export const REAL_TIMERS: StreamTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (t) => clearTimeout(t),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (t) => clearInterval(t),
};

/** The DWClient field its own methods (send, the SYSTEM ping answer) write to: private in its typings, a plain property at runtime. */
interface SdkSocketField {
  socket?: WebSocket;
}

const CLOSE_GRACE_MS = 1000;

/**
 * `dingtalk-stream` 2.1.5's DWClient with what Channel Desk needs changed, keeping its frame handling (SYSTEM ping
 * answers, CALLBACK dispatch by topic, `socketCallBackResponse`):
 * - `getEndpoint()` posts to `<apiBaseUrl>/v1.0/gateway/connections/open` through the platform core (the SDK
 *   hard-codes https://api.dingtalk.com), so proxies, the fakes and explained errors apply;
 * - `_connect()` keeps at most one heartbeat interval (the SDK starts one per connect and clears it only on
 *   `disconnect()`, so every reconnect leaked one, and the stale ones terminate healthy sockets), and writes nothing
 *   to stdout (the SDK logs "connect success" and socket errors with console.info / console.warn);
 * - it never reconnects by itself: the connection (dingtalk.ts) does, with backoff.
 * The ticket and the secret stay in memory: nothing here logs.
 */
export class ChannelStreamClient extends DWClient {
  /** Set by the connection: the socket of an open connection closed (not by `shutdown()`). */
  onDrop: (() => void) | null = null;
  /** Set by the connection: DingTalk announced it will close this connection (SYSTEM `disconnect`, ~10 s ahead). */
  onDisconnectNotice: (() => void) | null = null;
  private url: string | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private alive = false;

  constructor(
    private readonly core: Core,
    private readonly timers: StreamTimers,
    private readonly heartbeatMs: number,
  ) {
    super({ clientId: core.config.appKey, clientSecret: core.config.appSecret, keepAlive: true, debug: false });
    this.config.autoReconnect = false;
    // The SDK's default list is one array shared by every client (and subscribes every event with `*`): own one.
    this.config.subscriptions = [];
  }

  private get sdk(): SdkSocketField {
    return this as unknown as SdkSocketField;
  }

  /** Registers this connection (endpoint + one-use ticket) at the channel's own API base URL. */
  override async getEndpoint(signal?: AbortSignal): Promise<this> {
    const { config } = this.core;
    const answer = await this.core.raw(
      {
        method: 'POST',
        url: `${config.apiBaseUrl}/v1.0/gateway/connections/open`,
        data: { clientId: config.appKey, clientSecret: config.appSecret, ua: this.config.ua ?? '', subscriptions: this.config.subscriptions },
      },
      signal ? { signal } : {},
    );
    const body = answer.data;
    if (answer.status === 200 && isObject(body) && typeof body.endpoint === 'string' && typeof body.ticket === 'string' && body.ticket !== '') {
      this.url = `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
      return this;
    }
    if (answer.status < 200 || answer.status >= 300) checkNew(this.core, answer);
    throw this.core.fail({ code: 'badResponse', httpStatus: answer.status });
  }

  override _connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const url = this.url;
      this.url = null;
      if (url === null) return reject(new Error('no Stream endpoint: getEndpoint() first'));
      this.stopHeartbeat();
      this.sdk.socket?.terminate();
      const socket = new WebSocket(url, { handshakeTimeout: 10_000 });
      this.sdk.socket = socket;
      let opened = false;
      socket.on('open', () => {
        opened = true;
        this.connected = true;
        this.startHeartbeat(socket);
        resolve();
      });
      socket.on('pong', () => this.heartbeat());
      socket.on('message', (data: Buffer) => {
        try {
          this.onDownStream(data.toString('utf8'));
        } catch {
          // A frame that is not JSON: nothing to answer.
        }
      });
      // Before 'open' an error fails this attempt; after it, 'close' follows and reports the drop.
      socket.on('error', (err) => {
        if (!opened) reject(err);
      });
      socket.on('close', () => {
        if (!opened) reject(new Error('Stream WebSocket closed during the handshake'));
        if (this.sdk.socket !== socket) return;
        this.connected = false;
        this.registered = false;
        this.stopHeartbeat();
        this.sdk.socket = undefined;
        if (opened) this.onDrop?.();
      });
    });
  }

  /** Opens one connection: a fresh ticket, then the WebSocket. */
  async open(signal: AbortSignal): Promise<void> {
    await this.getEndpoint(signal);
    if (signal.aborted) throw new Error('aborted');
    await this._connect();
  }

  override onSystem(downstream: DWClientDownStream): void {
    super.onSystem(downstream);
    if (downstream.headers.topic === 'disconnect') this.onDisconnectNotice?.();
  }

  /** Any sign of life from DingTalk (pong, KEEPALIVE): the SDK's hook. */
  override heartbeat(): void {
    this.alive = true;
  }

  /** Closes the socket (if any) and resolves once it is closed; no timer or socket is left behind. */
  async shutdown(): Promise<void> {
    this.stopHeartbeat();
    const socket = this.sdk.socket;
    this.sdk.socket = undefined;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const force = this.timers.setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
      socket.once('close', () => {
        this.timers.clearTimeout(force);
        resolve();
      });
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else socket.close(1000);
    });
  }

  /** The SDK's version also logs to stdout; the connection calls shutdown() instead. */
  override disconnect(): void {
    void this.shutdown();
  }

  private startHeartbeat(socket: WebSocket): void {
    this.stopHeartbeat();
    this.alive = true;
    this.heartbeatTimer = this.timers.setInterval(() => {
      // No pong since the last ping: the socket is dead (half-open); terminating it makes 'close' report the drop.
      if (!this.alive) {
        socket.terminate();
        return;
      }
      this.alive = false;
      socket.ping();
    }, this.heartbeatMs);
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== null) this.timers.clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }
}
