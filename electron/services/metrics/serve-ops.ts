import type { AppServices } from '../app.js';
import type { HttpRoute } from '../net/routes.js';
import { createMetrics } from './metrics.js';
import { healthzRoute, metricsRoute, startMetricsListener } from './ops-routes.js';

export interface ServeOps {
  /** The webhook route, counted for `channel_desk_inbox_requests_total`; serve it wherever the inbox is. */
  readonly hookRoute: HttpRoute;
  /** `/healthz` (no token) and `/metrics` (API token) for the API listener. */
  readonly apiRoutes: readonly HttpRoute[];
  /** `--metrics-port`: `/metrics` without a token and `/healthz` on a loopback listener of their own. */
  listen(port: number): ReturnType<typeof startMetricsListener>;
}

/** The ops surfaces of `channel-desk serve`, built once per start (one metrics registry). */
export function createServeOps(services: AppServices, token: string): ServeOps {
  const metrics = createMetrics({ outbox: services.delivery.outbox.facts, watcher: () => services.dms.watcher.status(), health: () => services.health.get() });
  const healthz = healthzRoute(services.health);
  return {
    hookRoute: metrics.countInbox(services.delivery.hookRoute),
    apiRoutes: [healthz, metricsRoute(metrics, token)],
    listen: (port) => startMetricsListener(port, [healthz, metricsRoute(metrics, null)]),
  };
}
