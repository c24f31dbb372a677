import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RateLimit } from '../../electron/services/delivery/sender/rate-budget.js';

export interface RateLimitProxy {
  readonly baseUrl: string;
  /** Requests answered 429 because a window was full. */
  rejections(): number;
  /** The same, by the window that was full (window length in ms → count). */
  rejectionsByWindow(): ReadonlyMap<number, number>;
  /** Arrival times of the requests let through to the send path. */
  readonly passed: number[];
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of a fake platform that enforces the documented per-app limits on the send
 * path, counting arrivals in sliding windows as the platform would, and answering Feishu's 429
 * (99991400) when a window is full. Everything else is forwarded untouched.
 */
export async function startRateLimitProxy(target: string, sendPath: string, limits: readonly RateLimit[]): Promise<RateLimitProxy> {
  const passed: number[] = [];
  let rejected = 0;
  const byWindow = new Map<number, number>();
  const fullWindow = (now: number): RateLimit | undefined =>
    limits.find((l) => {
      let n = 0;
      for (let i = passed.length - 1; i >= 0 && passed[i]! > now - l.windowMs; i--) n++;
      return n >= l.limit;
    });
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    if ((req.url ?? '').startsWith(sendPath)) {
      const now = performance.now();
      const full = fullWindow(now);
      if (full) {
        rejected++;
        byWindow.set(full.windowMs, (byWindow.get(full.windowMs) ?? 0) + 1);
        req.resume();
        const body = JSON.stringify({ code: 99991400, msg: 'request trigger frequency limit', error: { log_id: 'proxy' } });
        res.writeHead(429, { 'content-type': 'application/json', 'x-ogw-ratelimit-limit': String(limits[0]!.limit), 'x-ogw-ratelimit-reset': '1' });
        res.end(body);
        return;
      }
      passed.push(now);
    }
    const url = new URL(req.url ?? '/', target);
    const upstream = http.request(url, { method: req.method, headers: req.headers, agent }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    rejections: () => rejected,
    rejectionsByWindow: () => byWindow,
    passed,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
