import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying HMAC-SHA256(secret, raw body) as hex, optionally prefixed `sha256=`. */
export const SIGNATURE_HEADER = 'x-channel-desk-signature';

export const signBody = (secret: string, body: Buffer | string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Constant-time check of a signature header value against the body. */
export function verifySignature(secret: string, body: Buffer, header: string): boolean {
  const given = header.trim().replace(/^sha256=/i, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const want = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(want, Buffer.from(given, 'hex'));
}

/** Constant-time string comparison for path tokens (length leaks nothing useful: tokens are fixed-size). */
export function tokenMatches(given: string, want: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}
