import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed webhooks, Standard Webhooks style: the signature covers `<timestamp>.<idempotency key>.<raw body>`
 * so neither the key nor the time can be swapped under a captured body, and an old request cannot be
 * replayed once its timestamp is stale.
 */
/** `sha256=<hex HMAC-SHA256 of the signed content>`. */
export const SIGNATURE_HEADER = 'x-channel-desk-signature';
/** Unix time in seconds when the request was signed. */
export const TIMESTAMP_HEADER = 'x-channel-desk-timestamp';
/** Optional; "" in the signed content when absent. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How far the timestamp may be from this machine's clock. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export interface SignedParts {
  /** The header value as sent (Unix seconds). */
  readonly timestamp: string;
  readonly idempotencyKey: string;
  readonly body: Buffer | string;
}

const mac = (secret: string, p: SignedParts): Buffer => createHmac('sha256', secret).update(`${p.timestamp}.${p.idempotencyKey}.`).update(p.body).digest();

export const signRequest = (secret: string, parts: SignedParts): string => `sha256=${mac(secret, parts).toString('hex')}`;

/** The headers a sender adds (what the README's openssl example computes). */
export function signedHeaders(secret: string, body: Buffer | string, opts: { idempotencyKey?: string; nowMs?: number } = {}): Record<string, string> {
  const timestamp = String(Math.floor((opts.nowMs ?? Date.now()) / 1000));
  const idempotencyKey = opts.idempotencyKey ?? '';
  return {
    [TIMESTAMP_HEADER]: timestamp,
    ...(idempotencyKey !== '' ? { [IDEMPOTENCY_HEADER]: idempotencyKey } : {}),
    [SIGNATURE_HEADER]: signRequest(secret, { timestamp, idempotencyKey, body }),
  };
}

/** Constant-time check of a signature header value. */
export function verifySignature(secret: string, parts: SignedParts, header: string): boolean {
  const given = header
    .trim()
    .replace(/^sha256=/i, '')
    .toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(mac(secret, parts), Buffer.from(given, 'hex'));
}

/** The timestamp header is whole Unix seconds within MAX_CLOCK_SKEW_SECONDS of `nowMs`. */
export function timestampFresh(header: string, nowMs: number): boolean {
  if (!/^\d{1,12}$/.test(header.trim())) return false;
  return Math.abs(Number(header.trim()) - nowMs / 1000) <= MAX_CLOCK_SKEW_SECONDS;
}

/** Constant-time string comparison for path tokens (length leaks nothing useful: tokens are fixed-size). */
export function tokenMatches(given: string, want: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}
