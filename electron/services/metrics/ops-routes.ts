import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import type { HealthService } from '../health/health-service.js';
import { bearerToken, isAllowedHost, tokensEqual } from '../net/request-guards.js';
import { notFound, sendError } from '../net/respond.js';
import { createRoutesListener, type HttpRoute } from '../net/routes.js';
import { DEFAULT_TIMEOUTS } from '../net/timeouts.js';
import type { Metrics } from './metrics.js';

const PLAIN = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } as const;

const pathOf = (req: IncomingMessage): string => (req.url ?? '/').split('?', 1)[0] ?? '/';

function onlyGet(req: IncomingMessage, res: ServerResponse, path: string): boolean {
  if (pathOf(req) !== path) {
    sendError(req, res, notFound());
    return false;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(req, res, new AppError('METHOD_NOT_ALLOWED', text('Only GET and HEAD are allowed here.', '此处只允许 GET 和 HEAD。')), { Allow: 'GET, HEAD' });
    return false;
  }
  return true;
}

/**
 * `GET /healthz` for load balancers and systemd/uptime checks: no token, and nothing beyond `ok`
 * (200) or `degraded` (503), so it can be exposed without telling anyone what is wrong.
 */
export function healthzRoute(health: HealthService): HttpRoute {
  return {
    prefix: '/healthz',
    async handle(req, res) {
      if (!onlyGet(req, res, '/healthz')) return;
      let degraded = true;
      try {
        degraded = (await health.get()).overall === 'degraded';
      } catch {
        // Cannot even read the outbox: that is degraded.
      }
      const body = degraded ? 'degraded\n' : 'ok\n';
      res.writeHead(degraded ? 503 : 200, { ...PLAIN, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(body.length) });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
  };
}

/**
 * `GET /metrics` in the Prometheus text format. With `token`, only a request carrying
 * `Authorization: Bearer <token>` gets it (the API port); without, the route must only be served on
 * a loopback listener of its own (`--metrics-port`).
 */
export function metricsRoute(metrics: Metrics, token: string | null): HttpRoute {
  return {
    prefix: '/metrics',
    async handle(req, res) {
      if (!onlyGet(req, res, '/metrics')) return;
      const given = bearerToken(req.headers.authorization);
      if (token !== null && (given === null || !tokensEqual(given, token))) {
        sendError(
          req,
          res,
          new AppError('UNAUTHORIZED', text('Missing or wrong API token.', 'API 令牌缺失或错误。'), {
            fix: text(
              'Scrape with the token `serve` printed (bearer_token in Prometheus), or use --metrics-port for a loopback listener without one.',
              '请使用 `serve` 打印的令牌抓取（Prometheus 中的 bearer_token），或使用 --metrics-port 开启无需令牌的回环监听。',
            ),
          }),
        );
        return;
      }
      const body = await metrics.render();
      res.writeHead(200, { ...PLAIN, 'Content-Type': metrics.registry.contentType, 'Content-Length': String(Buffer.byteLength(body)) });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
  };
}

/**
 * A listener of its own for `serve --metrics-port`: loopback only, `/metrics` and `/healthz`, nothing
 * else, and only for a loopback Host like the API (a rebound DNS name in a browser cannot read it).
 */
export async function startMetricsListener(port: number, routes: readonly HttpRoute[]): Promise<{ origin: string; close(): Promise<void> }> {
  const serve = createRoutesListener(routes);
  const server = createServer(
    { requestTimeout: DEFAULT_TIMEOUTS.requestMs, headersTimeout: DEFAULT_TIMEOUTS.headersMs, keepAliveTimeout: DEFAULT_TIMEOUTS.keepAliveMs },
    (req, res) => {
      if (isAllowedHost(req.headers.host, (server.address() as AddressInfo).port)) return serve(req, res);
      sendError(
        req,
        res,
        new AppError(
          'FORBIDDEN',
          text(
            'Host not allowed: this server only answers on 127.0.0.1, localhost and [::1].',
            '不允许的 Host：此服务器只响应 127.0.0.1、localhost 和 [::1]。',
          ),
        ),
      );
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | null = null;
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
