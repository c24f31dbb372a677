import { createHmac, randomUUID } from 'node:crypto';

/*
 * Alibaba Cloud RPC "V1" signature (HMAC-SHA1), as Alibaba Cloud's "RPC API signature" documentation describes it.
 * Why our own signer and not @alicloud/openapi-client: the few calls we make (reads, and ApproveOrder) need only this
 * ~30-line algorithm, pinned by a known test vector (signer.test.ts); the SDK would add 21 packages / 12 MB, sign
 * with V3 by default, and ignore `Success:false` bodies anyway, so we would wrap it for errors regardless.
 */

export const API_VERSION = '2018-11-01';

export type HttpMethod = 'GET' | 'POST';

/** RFC 3986 percent-encoding: only `A-Z a-z 0-9 - _ . ~` stay; space is %20, `*` is %2A. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Sorted by name in plain code-unit order, each pair percent-encoded, joined with `&`. */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? '')}`)
    .join('&');
}

export function stringToSign(method: HttpMethod | string, params: Readonly<Record<string, string>>): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
}

export function sign(secret: string, toSign: string): string {
  return createHmac('sha1', `${secret}&`).update(toSign, 'utf8').digest('base64');
}

/** `YYYY-MM-DDThh:mm:ssZ`, no milliseconds, as the gateway expects. */
export function rpcTimestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface SignInput {
  readonly method: HttpMethod;
  readonly action: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** API parameters; undefined values are left out. */
  readonly params: Readonly<Record<string, string | number | undefined>>;
  readonly now?: Date;
  readonly nonce?: string;
}

/** The full, signed parameter set (API params + common params + Signature), ready for the query string. */
export function signedParams(input: SignInput): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.params)) if (v !== undefined) params[k] = String(v);
  Object.assign(params, {
    Action: input.action,
    Version: API_VERSION,
    Format: 'JSON',
    AccessKeyId: input.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: input.nonce ?? randomUUID(),
    Timestamp: rpcTimestamp(input.now ?? new Date()),
  });
  params.Signature = sign(input.accessKeySecret, stringToSign(input.method, params));
  return params;
}

/** The query string with RFC 3986 encoding (so `+ / =` in the signature become `%2B %2F %3D`). */
export function encodeQuery(params: Readonly<Record<string, string>>): string {
  return Object.entries(params)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
}
