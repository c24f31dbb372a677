import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { UI_SECURITY_HEADERS } from '../csp.js';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import { dispatch, type Handlers } from '../api/dispatch.js';
import { toAppError } from '../errors.js';
import { DEFAULT_BODY_LIMIT, readJsonBody } from '../net/body.js';
import { bearerToken, isAllowedHost, isAllowedOrigin, isJsonContentType, isLoopbackBindHost, tokensEqual } from '../net/request-guards.js';
import { notFound, sendError, sendJson } from '../net/respond.js';
import { listen, originOf } from '../net/listen.js';
import type { RequestLog } from '../net/request-log.js';
import { handleRoute, pathOf, type HttpRoute, type RequestListener } from '../net/routes.js';
import { DEFAULT_TIMEOUTS, timeoutServerOptions, type ServerTimeouts } from '../net/timeouts.js';
import { staticReply } from './static-delivery.js';
import { EVENTS_PATH } from '../../../shared/contract/events.js';
import type { ServiceEvents } from '../events/service-events.js';
import { createEventStreams, type EventStreams } from './event-stream.js';

export type { HttpRoute, RequestListener } from '../net/routes.js';

export interface RequestHandlerOptions {
  readonly handlers: Handlers;
  /** The bearer token every `/api/` call must carry. */
  readonly token: string;
  /** The built UI (dist/renderer); without it only the API and routes answer. */
  readonly staticDir?: string;
  readonly routes?: readonly HttpRoute[];
  readonly bodyLimit?: number;
  /** The port the server listens on (known only after listen() when asked for port 0). */
  readonly port: () => number;
  /** Unexpected handler failures (INTERNAL), for the operator's log; the client only sees the code. */
  readonly onInternalError?: (method: string, err: AppError) => void;
  /** Service events for `GET /events` (Server-Sent Events, same token as the API); without it, 404. */
  readonly events?: Pick<ServiceEvents, 'subscribe'>;
  /** Open event streams at most (default DEFAULT_MAX_EVENT_STREAMS). */
  readonly maxEventStreams?: number;
  /** Heartbeat of the event streams (default DEFAULT_HEARTBEAT_MS; tests use a short one). */
  readonly eventHeartbeatMs?: number;
}

const API_PREFIX = '/api/';
const MIN_TOKEN_LENGTH = 16;

const forbidden = (en: string, zh: string): AppError => new AppError('FORBIDDEN', text(en, zh));

/** The full request listener (routes, API, static UI); reusable on any node:http server. */
export function createRequestHandler(opts: RequestHandlerOptions): RequestListener {
  if (opts.token.length < MIN_TOKEN_LENGTH) throw new Error(`API token must be at least ${MIN_TOKEN_LENGTH} characters`);
  const routes = opts.routes ?? [];
  for (const r of routes) {
    if (!r.prefix.startsWith('/') || r.prefix === '/' || r.prefix.startsWith(API_PREFIX) || API_PREFIX.startsWith(r.prefix)) {
      throw new Error(`Route prefix ${JSON.stringify(r.prefix)} must be a path that does not overlap ${API_PREFIX}`);
    }
  }
  const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const streams: EventStreams | undefined = opts.events
    ? createEventStreams({
        events: opts.events,
        ...(opts.maxEventStreams !== undefined ? { maxStreams: opts.maxEventStreams } : {}),
        ...(opts.eventHeartbeatMs !== undefined ? { heartbeatMs: opts.eventHeartbeatMs } : {}),
      })
    : undefined;

  return (req, res) => {
    if (handleRoute(routes, req, res)) return;
    const host = req.headers.host;
    if (!isAllowedHost(host, opts.port()) || host === undefined) {
      sendError(
        req,
        res,
        forbidden(
          'Host not allowed: this server only answers on 127.0.0.1, localhost and [::1].',
          '不允许的 Host：此服务器只响应 127.0.0.1、localhost 和 [::1]。',
        ),
      );
      return;
    }
    if (!isAllowedOrigin(req.headers.origin, host)) {
      sendError(req, res, forbidden('Cross-origin requests are not allowed.', '不允许跨源请求。'));
      return;
    }
    const pathname = pathOf(req);
    if (pathname.startsWith(API_PREFIX)) {
      void handleApi(opts, bodyLimit, pathname.slice(API_PREFIX.length), req, res);
    } else if (pathname === EVENTS_PATH && streams) {
      try {
        requireToken(req, opts.token);
        streams.handle(req, res);
      } catch (err) {
        sendError(req, res, toAppError(err));
      }
    } else if (opts.staticDir !== undefined) {
      void handleStatic(opts.staticDir, pathname, req, res);
    } else {
      sendError(req, res, notFound());
    }
  };
}

/** The API and the event stream take the same bearer token. */
function requireToken(req: IncomingMessage, token: string): void {
  const given = bearerToken(req.headers.authorization);
  if (given === null || !tokensEqual(given, token)) {
    throw new AppError('UNAUTHORIZED', text('Missing or wrong API token.', 'API 令牌缺失或错误。'), {
      fix: text('Open the URL that `channel-desk serve` printed (it carries the token).', '请打开 `channel-desk serve` 打印的网址（其中带有令牌）。'),
    });
  }
}

/** The path without the query; never parsed as a URL, so `//host/...` cannot change the meaning. */
async function handleApi(opts: RequestHandlerOptions, bodyLimit: number, rawName: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let name = rawName;
  try {
    requireToken(req, opts.token);
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      throw new AppError('METHOD_NOT_ALLOWED', text('API methods are called with POST.', 'API 方法须使用 POST 调用。'));
    }
    if (!isJsonContentType(req.headers['content-type'])) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        text('Send the request as Content-Type: application/json.', '请以 Content-Type: application/json 发送请求。'),
      );
    }
    try {
      name = decodeURIComponent(rawName);
    } catch {
      throw notFound();
    }
    const input = await readJsonBody(req, bodyLimit);
    const output = await dispatch(opts.handlers, name, input, { transport: 'http' });
    sendJson(res, 200, output);
  } catch (err) {
    const appErr = toAppError(err);
    if (appErr.code === 'INTERNAL') opts.onInternalError?.(name, appErr);
    sendError(req, res, appErr);
  }
}

async function handleStatic(root: string, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(req, res, new AppError('METHOD_NOT_ALLOWED', text('Only GET and HEAD are allowed here.', '此处只允许 GET 和 HEAD。')), { Allow: 'GET, HEAD' });
    return;
  }
  const reply = await staticReply(root, pathname, req.headers['accept-encoding']);
  if (!reply) {
    sendError(req, res, notFound(), UI_SECURITY_HEADERS);
    return;
  }
  res.writeHead(200, { ...UI_SECURITY_HEADERS, ...reply.headers, 'Content-Length': String(reply.body.length) });
  res.end(req.method === 'HEAD' ? undefined : reply.body);
}

export interface HttpServerOptions extends Omit<RequestHandlerOptions, 'port'> {
  /** Loopback only: 127.0.0.1 (default), ::1 or localhost. */
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Overrides of DEFAULT_TIMEOUTS (tests use short ones). */
  readonly timeouts?: Partial<ServerTimeouts>;
  /** Logs refused and failed requests. */
  readonly requestLog?: RequestLog;
}

export interface RunningHttpServer {
  readonly server: Server;
  readonly host: string;
  readonly port: number;
  /** e.g. `http://127.0.0.1:4870` */
  readonly origin: string;
  /** Stops listening and drops open connections; safe to call twice. */
  close(): Promise<void>;
}

export function notLoopbackError(host: string): AppError {
  return new AppError(
    'FORBIDDEN',
    text(
      `Refusing to serve the API on ${host}: it is loopback-only (127.0.0.1, ::1, localhost), because anyone who can reach it could change the settings.`,
      `拒绝在 ${host} 上提供 API：它只能绑定回环地址（127.0.0.1、::1、localhost），否则任何能访问它的人都能修改设置。`,
    ),
    {
      fix: text('Use --host 127.0.0.1 and, for remote use, an SSH tunnel (ssh -L).', '请使用 --host 127.0.0.1；如需远程访问，请使用 SSH 隧道（ssh -L）。'),
    },
  );
}

/** Starts the headless server: API + static UI + routes, bound to loopback. */
export async function createHttpServer(opts: HttpServerOptions): Promise<RunningHttpServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopbackBindHost(host)) throw notLoopbackError(host);
  let port = opts.port ?? 0;
  const t = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  const handler = createRequestHandler({ ...opts, port: () => port });
  const server = createServer(timeoutServerOptions(t), opts.requestLog ? opts.requestLog.observe(handler) : handler);
  const listening = await listen(server, port, host);
  port = listening.port;
  return { server, host, port, origin: originOf(host, port), close: listening.close };
}
