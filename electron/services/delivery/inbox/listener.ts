import fs from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { networkInterfaces } from 'node:os';
import { listen, originOf } from '../../net/listen.js';
import type { RequestLog } from '../../net/request-log.js';
import { createRoutesListener, type HttpRoute } from '../../net/routes.js';
import { DEFAULT_TIMEOUTS, timeoutServerOptions, type ServerTimeouts } from '../../net/timeouts.js';

/** PEM files for `serve --inbox-tls-cert/--inbox-tls-key`; read again on reloadTls(). */
export interface InboxTlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** Open connections the inbox serves at once; DMS sends one event at a time, so more is an attack. */
export const INBOX_MAX_CONNECTIONS = 128;

export interface InboxListener {
  readonly origin: string;
  readonly tls: boolean;
  /** Reads the certificate files again (SIGHUP); throws, keeping the old certificate, when they are bad. */
  reloadTls(): void;
  close(): Promise<void>;
}

/**
 * Forward secrecy and AEAD only: TLS 1.3's suites, and from TLS 1.2 clients ECDHE with AES-GCM or
 * ChaCha20-Poly1305 (no RSA key exchange, no CBC/SHA-1). Part of every secure context, so a reload keeps it.
 */
export const INBOX_TLS_POLICY = {
  minVersion: 'TLSv1.2',
  ciphers: [
    'TLS_AES_128_GCM_SHA256',
    'TLS_AES_256_GCM_SHA384',
    'TLS_CHACHA20_POLY1305_SHA256',
    'ECDHE-ECDSA-AES128-GCM-SHA256',
    'ECDHE-RSA-AES128-GCM-SHA256',
    'ECDHE-ECDSA-AES256-GCM-SHA384',
    'ECDHE-RSA-AES256-GCM-SHA384',
    'ECDHE-ECDSA-CHACHA20-POLY1305',
    'ECDHE-RSA-CHACHA20-POLY1305',
  ].join(':'),
  honorCipherOrder: true,
} as const;

const readTls = (files: InboxTlsFiles) => ({ ...INBOX_TLS_POLICY, cert: fs.readFileSync(files.certFile), key: fs.readFileSync(files.keyFile) });

/**
 * A second listener that serves only the webhook route, for `serve --inbox-host/--inbox-port` when DMS
 * must reach the inbox from another machine: the API and UI stay on loopback; here the path token
 * (and the optional signature) are the only ways in, and everything else answers 404. It has the API's
 * timeouts (slow clients are cut) plus a connection cap, and HTTPS when given a certificate.
 */
export async function startInboxListener(opts: {
  host: string;
  port: number;
  routes: readonly HttpRoute[];
  tls?: InboxTlsFiles;
  timeouts?: Partial<ServerTimeouts>;
  maxConnections?: number;
  requestLog?: RequestLog;
}): Promise<InboxListener> {
  const t = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  const routes = createRoutesListener(opts.routes);
  const listener = opts.requestLog ? opts.requestLog.observe(routes) : routes;
  const tlsFiles = opts.tls;
  const server = tlsFiles
    ? // The TLS handshake gets the header timeout too: its 120 s default would be a slowloris door.
      createTlsServer({ ...timeoutServerOptions(t), ...readTls(tlsFiles), handshakeTimeout: t.headersMs }, listener)
    : createServer(timeoutServerOptions(t), listener);
  server.maxConnections = opts.maxConnections ?? INBOX_MAX_CONNECTIONS;
  const { port, close } = await listen(server, opts.port, opts.host);
  return {
    origin: originOf(advertisedHost(opts.host), port, tlsFiles ? 'https' : 'http'),
    tls: tlsFiles !== undefined,
    reloadTls() {
      if (!tlsFiles || !('setSecureContext' in server)) return;
      // New connections get the new certificate; open ones keep theirs.
      server.setSecureContext(readTls(tlsFiles));
    },
    close,
  };
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
