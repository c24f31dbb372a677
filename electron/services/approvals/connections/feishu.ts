import type { HttpInstance, HttpRequestOptions, WSClient } from '@larksuiteoapi/node-sdk';
import { scrubSecrets } from '../../log/loggable-error.js';
import { outboundRequest } from '../../net/outbound.js';
import type { LongConnection, LongConnectionFactory, LongConnectionOptions, LongConnectionPhase, LongConnectionState } from '../../platforms/approval-cards.js';
import { classifyNetworkError } from '../../platforms/errors.js';
import { isObject } from '../../platforms/http.js';
import { APP_ID_PATTERN, describeProblem, type ConnectionProblem } from './feishu-failure.js';
import { answerWithin, toCallbackAnswer, toIncomingPress, UNREADABLE, type CallbackAnswer } from './feishu-press.js';

export interface FeishuConnectionTuning {
  /** The handler's own answer is awaited this long before "Submitting…" goes out (the platform allows 3 s). */
  readonly answerWithinMs?: number;
  /** Extra wait before the n-th consecutive failed attempt: first..max, doubling (on top of the SDK's own interval). */
  readonly backoffFirstMs?: number;
  readonly backoffMaxMs?: number;
  /** The WebSocket handshake is given up after this long. */
  readonly handshakeTimeoutMs?: number;
  /**
   * No frame this long after a ping: the connection is dead (a NAT dropped it silently) and is reopened. Must stay
   * below the server's PingInterval (120 s): the SDK re-arms this watchdog on every ping.
   */
  readonly pingTimeoutSec?: number;
  /** Where the SDK's warnings and errors go (scrubbed); default stderr. Never stdout. */
  readonly log?: (line: string) => void;
}

const DEFAULTS = { answerWithinMs: 2700, backoffFirstMs: 5_000, backoffMaxMs: 10 * 60_000, handshakeTimeoutMs: 15_000, pingTimeoutSec: 30 };

/** An abortable wait; resolves early when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

type LarkSdk = typeof import('@larksuiteoapi/node-sdk');
let sdk: Promise<LarkSdk> | undefined;
/** The official SDK takes ~270 ms of CPU to load: it loads with the first long connection, not with every start of the app or CLI. */
const loadSdk = (): Promise<LarkSdk> => (sdk ??= import('@larksuiteoapi/node-sdk'));

/**
 * A Feishu / Lark long connection with the official SDK: `WSClient` (endpoint `<apiBaseUrl>/callback/ws/endpoint`,
 * pbbp2 frames, ping/pong, reconnects on a drop at the interval the server's ClientConfig names) and an
 * `EventDispatcher` for `card.action.trigger`, whose return value the SDK sends back as the ACK.
 *
 * What the SDK does not do, done here: the App ID format is checked first (the SDK silently never connects
 * otherwise); the endpoint call goes through the project's outbound module (proxy settings) and is watched, so
 * the state can say why it failed (wrong secret, unknown app, unreachable host …); consecutive failures wait longer
 * and longer before the next call; after the SDK gives up (any refusal but "internal error") the connection is
 * started again and that growing wait applies, so a lasting error is retried slowly, never in a loop; the answer is
 * "Submitting…" if the press handler has not settled in time; stop() closes the socket and every timer.
 */
export function createFeishuLongConnection(opts: LongConnectionOptions, tuning: FeishuConnectionTuning = {}): LongConnection {
  const t = { ...DEFAULTS, ...tuning };
  const { config, onPress, onState } = opts;
  const now = opts.now ?? Date.now;
  const log = tuning.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const domain = config.apiBaseUrl.replace(/\/+$/, '');

  let state: LongConnectionState = { channel: config.channel, phase: 'off', since: now(), lastCallbackAt: null, lastError: null, reconnects: 0 };
  let running = false;
  let attempts = 0;
  let failuresInRow = 0;
  let client: WSClient | null = null;
  let session = 0;
  let abort = new AbortController();
  let restart: NodeJS.Immediate | null = null;
  const answering = new Set<() => void>();

  const set = (patch: Partial<LongConnectionState>) => {
    const phase: LongConnectionPhase = patch.phase ?? state.phase;
    state = { ...state, ...patch, ...(phase !== state.phase ? { since: now() } : {}) };
    onState(state);
  };
  const fail = (problem: ConnectionProblem) => {
    failuresInRow += 1;
    set({ phase: 'failing', lastError: describeProblem(config.channel, config.appKey, problem) });
  };
  const connected = () => {
    failuresInRow = 0;
    set({ phase: 'connected', lastError: null });
  };
  const backoffMs = () => (failuresInRow === 0 ? 0 : Math.min(t.backoffMaxMs, t.backoffFirstMs * 2 ** (failuresInRow - 1)));

  /** The SDK's only HTTP call is the endpoint request: made here to see its outcome and to wait between failures. */
  const httpFor = (mine: number, signal: AbortSignal): HttpInstance => {
    const request = async <T>(o: HttpRequestOptions<unknown>): Promise<T> => {
      await sleep(backoffMs(), signal);
      if (signal.aborted || mine !== session) throw new Error('stopped');
      attempts += 1;
      if (attempts > 1) set({ reconnects: state.reconnects + 1 });
      let res;
      try {
        res = await outboundRequest({
          method: o.method ?? 'post',
          url: o.url ?? `${domain}/callback/ws/endpoint`,
          data: o.data,
          // Once per connect: no idle keep-alive socket left behind.
          headers: { ...o.headers, Connection: 'close' },
          timeout: o.timeout ?? 15_000,
          signal,
        });
      } catch (err) {
        const code = classifyNetworkError(err);
        if (!signal.aborted) fail({ kind: 'code', code, httpStatus: null });
        // Only the code reaches the SDK (and its log): axios errors carry the request body with the App Secret.
        throw new Error(code);
      }
      const body: unknown = res.data;
      if (res.status < 200 || res.status >= 300) {
        fail({ kind: 'code', code: res.status >= 500 ? 'http5xx' : 'badResponse', httpStatus: res.status });
        throw new Error(`HTTP ${res.status}`);
      }
      if (!isObject(body) || typeof body.code !== 'number') {
        fail({ kind: 'code', code: 'badResponse', httpStatus: res.status });
        throw new Error('bad response');
      }
      if (body.code !== 0)
        fail({ kind: 'code', code: String(body.code), httpStatus: res.status, ...(typeof body.msg === 'string' ? { detail: body.msg } : {}) });
      return body as T;
    };
    const verb = (method: string) => (url: string, data?: unknown, o?: HttpRequestOptions<unknown>) => request({ ...o, url, method, data });
    return {
      request,
      get: (url, o) => request({ ...o, url, method: 'get' }),
      delete: (url, o) => request({ ...o, url, method: 'delete' }),
      head: (url, o) => request({ ...o, url, method: 'head' }),
      options: (url, o) => request({ ...o, url, method: 'options' }),
      post: verb('post'),
      put: verb('put'),
      patch: verb('patch'),
    } as HttpInstance;
  };

  /** The SDK logs to its own logger: kept off stdout, scrubbed, and read for the one failure it reports no other way. */
  const sdkLogger = (mine: number) => {
    const line = (level: string, parts: unknown) => {
      // A stopped or replaced client's last words are noise.
      if (mine !== session || !running) return;
      const msg = scrubSecrets((Array.isArray(parts) ? parts : [parts]).map((p) => (p instanceof Error ? p.message : String(p))).join(' '));
      if (/ws connect failed|handshake timeout/.test(msg)) fail({ kind: 'socketOpen' });
      log(`[${config.channel} long connection] ${level}: ${msg}`);
    };
    return {
      error: (parts: unknown) => line('error', parts),
      warn: (parts: unknown) => line('warn', parts),
      info: () => undefined,
      debug: () => undefined,
      trace: () => undefined,
    };
  };

  const handle = async (data: unknown): Promise<CallbackAnswer> => {
    set({ lastCallbackAt: now() });
    const press = toIncomingPress(config.channel, data, now());
    if (!press) return toCallbackAnswer(UNREADABLE);
    const pending = answerWithin(
      Promise.resolve().then(() => onPress(press)),
      t.answerWithinMs,
    );
    answering.add(pending.cancel);
    try {
      return toCallbackAnswer(await pending.answer);
    } finally {
      answering.delete(pending.cancel);
    }
  };

  const open = () => {
    session += 1;
    const mine = session;
    abort = new AbortController();
    loadSdk().then(
      (sdk) => {
        if (mine === session && running) connect(sdk, mine);
      },
      () => {
        if (mine === session && running) fail({ kind: 'socketOpen' });
      },
    );
  };

  const connect = ({ EventDispatcher, LoggerLevel, WSClient }: LarkSdk, mine: number) => {
    const logger = sdkLogger(mine);
    const dispatcher = new EventDispatcher({ loggerLevel: LoggerLevel.warn, logger }).register({ 'card.action.trigger': handle });
    const ws = new WSClient({
      appId: config.appKey,
      appSecret: config.appSecret,
      domain,
      loggerLevel: LoggerLevel.warn,
      logger,
      httpInstance: httpFor(mine, abort.signal),
      autoReconnect: true,
      handshakeTimeoutMs: t.handshakeTimeoutMs,
      wsConfig: { pingTimeout: t.pingTimeoutSec },
      onReady: () => mine === session && connected(),
      onReconnected: () => mine === session && connected(),
      onReconnecting: () => {
        if (mine !== session) return;
        set({ phase: 'connecting', lastError: describeProblem(config.channel, config.appKey, { kind: 'dropped' }) });
      },
      // The SDK gave up (a refusal it will not retry): start over; the endpoint call waits longer each time.
      onError: () => {
        if (mine !== session || !running) return;
        if (state.phase !== 'failing') fail({ kind: 'socketOpen' });
        // On the next tick: the SDK still touches the client after this callback returns.
        restart = setImmediate(() => {
          restart = null;
          ws.close({ force: true });
          if (running && mine === session) open();
        });
      },
    });
    client = ws;
    void ws.start({ eventDispatcher: dispatcher });
  };

  return {
    start() {
      if (running) return;
      running = true;
      attempts = 0;
      failuresInRow = 0;
      if (!APP_ID_PATTERN.test(config.appKey)) {
        set({ phase: 'failing', lastError: describeProblem(config.channel, config.appKey, { kind: 'appIdFormat' }) });
        return;
      }
      set({ phase: 'connecting', lastError: null });
      open();
    },
    async stop() {
      if (!running) return;
      running = false;
      session += 1;
      if (restart) clearImmediate(restart);
      restart = null;
      abort.abort();
      client?.close({ force: true });
      client = null;
      for (const cancel of answering) cancel();
      set({ phase: 'off', lastError: null });
    },
    state: () => state,
  };
}

export const feishuLongConnection: LongConnectionFactory = (opts) => createFeishuLongConnection(opts);
