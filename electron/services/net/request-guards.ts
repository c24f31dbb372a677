import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Pure checks of the loopback API's request headers (the Jupyter model): a Host allowlist against DNS
 * rebinding, same-origin only, a bearer token compared in constant time, JSON bodies only.
 */

/** Addresses the API may bind to: the API is loopback-only. */
const LOOPBACK_BIND_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export const isLoopbackBindHost = (host: string): boolean => LOOPBACK_BIND_HOSTS.has(host.toLowerCase());

/** The names a browser on this machine uses for a loopback server (the Host header form). */
const LOOPBACK_HOST_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

/**
 * True when the Host header names this server on loopback. A page on evil.example that rebinds its
 * DNS name to 127.0.0.1 still sends `Host: evil.example:<port>`, so it is refused.
 */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.toLowerCase();
  return LOOPBACK_HOST_NAMES.some((name) => host === `${name}:${port}` || (port === 80 && host === name));
}

/**
 * A missing Origin is fine (curl, same-origin GET); a present one must be exactly this server's own
 * origin as named by the (already allowed) Host header. `null` and every foreign origin are refused.
 */
export function isAllowedOrigin(origin: string | undefined, hostHeader: string): boolean {
  if (origin === undefined) return true;
  return origin.toLowerCase() === `http://${hostHeader.toLowerCase()}`;
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer[ ]+([^\s]+)[ ]*$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}

/** Constant-time comparison; hashing first hides the expected token's length too. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** `application/json`, optionally with `charset=utf-8`; anything else is refused with 415. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type, ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => p === '' || /^charset="?utf-8"?$/.test(p));
}
