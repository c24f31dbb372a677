export interface ServerTimeouts {
  /** Whole request, headers and body, must arrive within this. */
  readonly requestMs: number;
  readonly headersMs: number;
  /** Idle keep-alive connections are closed after this. */
  readonly keepAliveMs: number;
}

/** Bounds slow or idle clients (slowloris): a local UI never needs more. */
export const DEFAULT_TIMEOUTS: ServerTimeouts = { requestMs: 30_000, headersMs: 10_000, keepAliveMs: 5_000 };

/** node:http(s) server options enforcing `t`, for every listener (API and inbox). */
export function timeoutServerOptions(t: ServerTimeouts) {
  return {
    requestTimeout: t.requestMs,
    headersTimeout: t.headersMs,
    keepAliveTimeout: t.keepAliveMs,
    // How often Node checks those timeouts; its 30 s default would let them overrun.
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(t.headersMs / 4))),
  };
}
