import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../../../shared/errors.js';
import { text } from '../../../../shared/i18n-text.js';
import { parseJsonBody, readBody } from '../../net/body.js';
import { notFound, sendError, sendJson } from '../../net/respond.js';
import type { HttpRoute } from '../../net/routes.js';
import type { SettingsStore } from '../../settings/settings-store.js';
import { vaultKeys } from '../../vault/secret-store.js';
import type { Intake } from '../intake.js';
import { IDEMPOTENCY_HEADER, MAX_CLOCK_SKEW_SECONDS, SIGNATURE_HEADER, TIMESTAMP_HEADER, timestampFresh, tokenMatches, verifySignature } from './signature.js';

export const HOOK_PREFIX = '/hooks/dms/';
export const SIGNING_SECRET_KEY = vaultKeys.inboxSigningSecret;

/** DMS bodies are small; `message` may hold up to 100,000 characters (up to ~300 KB of UTF-8). */
export const HOOK_BODY_LIMIT = 512 * 1024;

/** The longest Idempotency-Key accepted (a UUID is 36). */
export const IDEMPOTENCY_KEY_MAX = 200;

/** A fresh random path token (192 bits). */
export const newInboxToken = (): string => randomBytes(24).toString('base64url');

/** The per-install path token, created on first use. */
export function ensureInboxToken(settings: SettingsStore): string {
  const current = settings.read().inbox.token;
  if (current) return current;
  const token = newInboxToken();
  return settings.update((s) => ({ ...s, inbox: { ...s.inbox, token: s.inbox.token ?? token } })).inbox.token ?? token;
}

export const inboxUrl = (origin: string, token: string): string => `${origin}${HOOK_PREFIX}${token}`;

/**
 * The full inbox URL for `origin` (default: where the inbox was last served), or null when no valid
 * origin is known. What `channel-desk inbox-url` prints and the Settings page shows.
 */
export function knownInboxUrl(settings: SettingsStore, origin: string | null = settings.read().inbox.origin): string | null {
  const base = (origin ?? '').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+$/.test(base)) return null;
  return inboxUrl(base, ensureInboxToken(settings));
}

/** Remembers where the inbox is served, so `channel-desk inbox-url` can print the full URL later. */
export function recordInboxOrigin(settings: SettingsStore, origin: string): string {
  if (settings.read().inbox.origin !== origin) settings.update((s) => ({ ...s, inbox: { ...s.inbox, origin } }));
  return inboxUrl(origin, ensureInboxToken(settings));
}

const unauthorized = (en: string, zh: string): AppError =>
  new AppError('UNAUTHORIZED', text(en, zh), {
    fix: text(
      `Send the Unix time in ${TIMESTAMP_HEADER} and, in ${SIGNATURE_HEADER}, sha256=<hex HMAC-SHA256 of "<timestamp>.<Idempotency-Key or empty>.<raw body>"> keyed with the inbox signing secret (see the README).`,
      `请在 ${TIMESTAMP_HEADER} 中发送 Unix 时间（秒），并在 ${SIGNATURE_HEADER} 中发送 sha256=<用收件箱签名密钥对 "<时间戳>.<Idempotency-Key 或空>.<原始请求体>" 计算的 HMAC-SHA256 十六进制值>（见 README）。`,
    ),
  });

/**
 * `POST /hooks/dms/<token>`: DMS's custom webhook. A wrong token answers 404 (it does not reveal that
 * the path exists); a bad or missing-but-required signature 401; anything malformed 4xx with the
 * reason and nothing stored; accepted 202 {eventId} after the commit; a repeat 200 with the same id; a
 * known Idempotency-Key with other content 409.
 */
export function createDmsHookRoute(deps: {
  intake: Intake;
  settings: SettingsStore;
  signingSecret: () => Promise<string | null>;
  bodyLimit?: number;
  /** Clock for the signature timestamp check. */
  now?: () => number;
}): HttpRoute {
  const limit = deps.bodyLimit ?? HOOK_BODY_LIMIT;
  return {
    prefix: HOOK_PREFIX,
    async handle(req: IncomingMessage, res: ServerResponse) {
      try {
        const token = deps.settings.read().inbox.token;
        const given = (req.url ?? '').split('?', 1)[0]!.slice(HOOK_PREFIX.length);
        if (!token || !tokenMatches(given, token)) throw notFound();
        if (req.method !== 'POST') {
          res.setHeader('Allow', 'POST');
          throw new AppError('METHOD_NOT_ALLOWED', text('Send DMS events with POST.', '请使用 POST 发送 DMS 事件。'));
        }
        const kind = req.headers['dms-event'];
        if (typeof kind !== 'string' || kind.trim().toLowerCase() !== 'message hook') {
          throw new AppError('BAD_INPUT', text('Missing header "DMS-Event: Message Hook".', '缺少请求头 "DMS-Event: Message Hook"。'), {
            fix: text('Only DMS custom-webhook notifications are accepted here.', '此处只接受 DMS 自定义 Webhook 通知。'),
          });
        }
        const body = await readBody(req, limit);
        const idem = req.headers[IDEMPOTENCY_HEADER];
        const rawKey = typeof idem === 'string' ? idem : '';
        await checkSignature(deps, req, body, rawKey);
        // Reaching here with signatures required means the key was covered by a valid signature.
        const idempotencyKey = rawKey.trim() !== '' ? rawKey.trim() : undefined;
        // Cut to a length, two keys would collide: refuse instead.
        if (idempotencyKey && idempotencyKey.length > IDEMPOTENCY_KEY_MAX) {
          throw new AppError(
            'BAD_INPUT',
            text(`The Idempotency-Key is longer than ${IDEMPOTENCY_KEY_MAX} characters.`, `Idempotency-Key 超过 ${IDEMPOTENCY_KEY_MAX} 个字符。`),
            { fix: text('Use a shorter key, e.g. a UUID or a hash of the event.', '请使用更短的 key，例如 UUID 或事件的哈希值。') },
          );
        }
        const result = deps.intake.accept(parseJsonBody(body), { source: 'webhook', ...(idempotencyKey ? { idempotencyKey } : {}) });
        sendJson(res, result.duplicate ? 200 : 202, { eventId: result.eventId, duplicate: result.duplicate });
      } catch (err) {
        if (err instanceof AppError) sendError(req, res, err);
        else throw err;
      }
    },
  };
}

async function checkSignature(
  deps: { settings: SettingsStore; signingSecret: () => Promise<string | null>; now?: () => number },
  req: IncomingMessage,
  body: Buffer,
  idempotencyKey: string,
): Promise<void> {
  const header = req.headers[SIGNATURE_HEADER];
  const required = deps.settings.read().inbox.requireSignature;
  if (typeof header !== 'string' && !required) return;
  const secret = await deps.signingSecret();
  if (secret === null) {
    if (!required) return;
    throw new AppError('UNAVAILABLE', text('Signed webhooks are required but no signing secret is set.', '要求签名，但尚未设置签名密钥。'), {
      fix: text('Set the inbox signing secret in Settings, or stop requiring signatures.', '请在设置中配置收件箱签名密钥，或取消签名要求。'),
    });
  }
  if (typeof header !== 'string') throw unauthorized('The request is not signed.', '请求未签名。');
  const timestamp = req.headers[TIMESTAMP_HEADER];
  if (typeof timestamp !== 'string' || !timestampFresh(timestamp, (deps.now ?? Date.now)())) {
    const minutes = MAX_CLOCK_SKEW_SECONDS / 60;
    throw unauthorized(
      `The ${TIMESTAMP_HEADER} header is missing, not Unix seconds, or more than ${minutes} minutes from this server's clock.`,
      `${TIMESTAMP_HEADER} 请求头缺失、不是 Unix 秒数，或与本服务器时钟相差超过 ${minutes} 分钟。`,
    );
  }
  if (!verifySignature(secret, { timestamp: timestamp.trim(), idempotencyKey, body }, header)) {
    throw unauthorized('The signature does not match the timestamp, Idempotency-Key and body.', '签名与时间戳、Idempotency-Key 和请求体不匹配。');
  }
}
