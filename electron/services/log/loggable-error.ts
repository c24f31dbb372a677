import { AppError } from '../../../shared/errors.js';

/**
 * The one way an unexpected error reaches a log line (serve's stderr, Electron main's console, the
 * CLI's "internal error" output). An error object is never printed as is: an axios error carries its
 * request config (headers with tokens, `appsecret` in DingTalk's legacy gettoken query, Feishu's
 * `app_secret` body, DMS's signed query) and often the response. Only names, codes, HTTP status and
 * messages are kept, and the messages are scrubbed of anything shaped like a credential.
 */

/** Query / form / JSON keys whose values are credentials or signatures in the platform and DMS APIs. */
const SECRET_KEYS = [
  'appsecret',
  'app_secret',
  'corpsecret',
  'client_secret',
  'secret',
  'accesskeysecret',
  'access_key_secret',
  'accesskeyid',
  'signature',
  'signingsecret',
  'securitytoken',
  'access_token',
  'accesstoken',
  'app_access_token',
  'tenant_access_token',
  'user_access_token',
  'refresh_token',
  'token',
  'password',
  'passphrase',
];

const KEY_ALT = SECRET_KEYS.map((k) => k.replace(/_/g, '[_-]?')).join('|');
/** `appsecret=...` in a URL, a form body or a string to sign (also URL-encoded `%3D`). */
const QUERY_PAIR = new RegExp(`\\b(${KEY_ALT})(=|%3D)(?:(?!%26)[^&\\s"'<>,;)}\\]])*`, 'gi');
/** `"app_secret": "..."` in a JSON body echoed into a message. */
const JSON_PAIR = new RegExp(`("(?:${KEY_ALT})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
/** `Authorization: Bearer ...`, `x-acs-dingtalk-access-token: ...` as they appear in dumped headers. */
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;
const TOKEN_HEADER = /\b(x-acs-dingtalk-access-token|authorization)(\s*[:=]\s*)(?!Bearer\b|Basic\b)[^\s,;"']+/gi;

const MAX_MESSAGE = 300;
const MAX_CAUSES = 4;
const MAX_STACK_FRAMES = 12;

/** Replaces credential-shaped values in free text by `***`. */
export function scrubSecrets(s: string): string {
  return s.replace(JSON_PAIR, '$1"***"').replace(QUERY_PAIR, '$1$2***').replace(BEARER, '$1 ***').replace(TOKEN_HEADER, '$1$2***');
}

const clip = (s: string): string => (s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s);

function describeOne(err: unknown): string {
  if (err instanceof AppError) return `AppError[${err.code}]: ${clip(scrubSecrets(err.text.en))}`;
  if (err instanceof Error) {
    const e = err as Error & { code?: unknown; status?: unknown; response?: { status?: unknown } };
    const code = typeof e.code === 'string' || typeof e.code === 'number' ? ` (${String(e.code)})` : '';
    const status = typeof e.response?.status === 'number' ? ` [HTTP ${e.response.status}]` : typeof e.status === 'number' ? ` [HTTP ${e.status}]` : '';
    return `${e.name || 'Error'}${code}${status}: ${clip(scrubSecrets(e.message))}`;
  }
  // A thrown non-Error (string, object): its type only, since its contents are unknown.
  return `non-Error value (${err === null ? 'null' : typeof err})`;
}

/**
 * One line per error in the cause chain (`caused by: ...`), optionally with the top error's stack
 * frames (scrubbed too: a frame shows only file paths, but its header repeats the message).
 */
export function loggableError(err: unknown, opts: { stack?: boolean } = {}): string {
  const lines = [describeOne(err)];
  let cause = err instanceof Error ? err.cause : undefined;
  for (let i = 0; i < MAX_CAUSES && cause !== undefined; i++) {
    lines.push(`  caused by: ${describeOne(cause)}`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  if (opts.stack && err instanceof Error && err.stack) {
    const frames = err.stack
      .split('\n')
      .filter((l) => /^\s+at /.test(l))
      .slice(0, MAX_STACK_FRAMES);
    lines.push(...frames.map((f) => scrubSecrets(f)));
  }
  return lines.join('\n');
}

/** serve's (and any transport's) log line for an INTERNAL failure of one API method. */
export const internalErrorLine = (method: string, err: AppError): string =>
  `internal error in ${scrubSecrets(method).slice(0, 100)}: ${loggableError(err.cause ?? err)}`;
