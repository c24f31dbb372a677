import { createServer } from 'node:http';
import { networkInterfaces } from 'node:os';
import { listen, originOf } from '../../net/listen.js';
import { createRoutesListener, type HttpRoute } from '../../net/routes.js';

export interface InboxListener {
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * A second listener that serves only the webhook route, for `serve --inbox-host/--inbox-port` when DMS
 * must reach the inbox from another machine: the API and UI stay on loopback; here the path token
 * (and the optional signature) are the only ways in, and everything else answers 404.
 */
export async function startInboxListener(opts: { host: string; port: number; routes: readonly HttpRoute[] }): Promise<InboxListener> {
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, createRoutesListener(opts.routes));
  const { port, close } = await listen(server, opts.port, opts.host);
  return { origin: originOf(advertisedHost(opts.host), port), close };
}

/**
 * The host to print for DMS. A wildcard bind (0.0.0.0, ::) is not an address DMS can call, so the
 * first external IPv4 address of this machine stands in for it (the admin can still put a DNS name
 * in front); a specific bind address is shown as it is.
 */
export function advertisedHost(bindHost: string, interfaces = networkInterfaces()): string {
  if (bindHost !== '0.0.0.0' && bindHost !== '::') return bindHost;
  for (const list of Object.values(interfaces)) {
    const external = list?.find((a) => a.family === 'IPv4' && !a.internal);
    if (external) return external.address;
  }
  return bindHost;
}
