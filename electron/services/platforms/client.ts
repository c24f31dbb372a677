import { createHash } from 'node:crypto';
import { channelDef } from '../../../shared/catalog/channels.js';
import { isPlatformError, platformError, redact } from './errors.js';
import { createHttp, type HttpAnswer, type HttpRequest } from './http.js';
import { countTokenFetch } from './token-fetches.js';
import { TokenCache, type IssuedToken } from './token-cache.js';
import type { CallOptions, PlatformClient } from './types.js';
import { dingtalkProtocol } from './dingtalk.js';
import { feishuProtocol } from './feishu.js';
import { listFeishuChats } from './feishu-chats.js';
import type { Core, PlatformConfig, Protocol } from './protocol.js';

export type { PlatformConfig } from './protocol.js';

export interface ClientOptions {
  /** Per-call timeout (default 10 s). */
  readonly timeoutMs?: number;
  /** Shared across clients so every caller of one app reuses its token. */
  readonly tokenCache?: TokenCache;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const sharedCache = new TokenCache();
const http = createHttp();

const protocolOf = (config: PlatformConfig): Protocol => (channelDef(config.channel).protocol === 'dingtalk' ? dingtalkProtocol : feishuProtocol);

/**
 * The shared core of one channel (token cache, one retry after a rejected token, explained and redacted
 * failures), for platform calls that are not PlatformClient methods (approval card updates).
 */
export function createPlatformCore(config: PlatformConfig, opts: ClientOptions = {}): Core {
  const protocol = protocolOf(config);
  const cache = opts.tokenCache ?? sharedCache;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Secret fingerprint in the key: a changed secret never reuses a token fetched with the old one.
  const fingerprint = createHash('sha256').update(config.appSecret).digest('hex').slice(0, 16);
  const cacheKey = `${config.apiBaseUrl}|${config.appKey}|${fingerprint}`;
  const seenTokens = new Set<string>();
  const secrets = (): string[] => [config.appSecret, ...seenTokens];

  const ctx = (o: CallOptions = {}) => ({
    channel: config.channel,
    timeoutMs: o.timeoutMs ?? timeoutMs,
    ...(o.signal ? { signal: o.signal } : {}),
  });

  const core: Core = {
    config,
    raw: (req, o) => http.request(req, ctx(o)),
    fail: (input) =>
      platformError({
        ...input,
        channel: config.channel,
        appId: config.appKey,
        ...(input.detail !== undefined ? { detail: redact(input.detail, secrets()).slice(0, 500) } : {}),
      }),
    async token(o = {}) {
      const { token: _token, ...info } = await fetchToken(o, o.force === true);
      return info;
    },
    async authed<T>(build: (token: string) => HttpRequest, check: (answer: HttpAnswer) => T, o: CallOptions = {}) {
      const attempt = async (force: boolean): Promise<T> => {
        const { token } = await fetchToken(o, force);
        return check(await http.request(build(token), ctx(o)));
      };
      try {
        return await attempt(false);
      } catch (err) {
        if (!isPlatformError(err) || !protocol.tokenRejectedCodes.has(err.failure.code)) throw err;
        cache.invalidate(cacheKey);
        return attempt(true);
      }
    },
  };

  async function fetchToken(o: CallOptions, force: boolean) {
    const got = await cache.get(
      cacheKey,
      async () => {
        let issued: IssuedToken;
        try {
          issued = await protocol.issueToken(core, o);
        } catch (err) {
          countTokenFetch(config.channel, false);
          throw err;
        }
        countTokenFetch(config.channel, true);
        seenTokens.add(issued.token);
        return issued;
      },
      force,
    );
    seenTokens.add(got.token);
    return { token: got.token, expiresAt: got.expiresAt, serverDate: got.serverDate, fresh: got.fresh };
  }

  return core;
}

/** The one client core; DingTalk / DingTalk Enterprise / Feishu / Lark differ only by protocol and config. */
export function createPlatformClient(config: PlatformConfig, opts: ClientOptions = {}): PlatformClient {
  const protocol = protocolOf(config);
  const core = createPlatformCore(config, opts);
  return {
    channel: config.channel,
    token: (o) => core.token(o),
    lookup: (contacts, o) => protocol.lookup(core, contacts, o),
    send: (req) => protocol.send(core, req),
    probe: (o) => protocol.probe(core, o),
    listChats: (o) => (protocol === feishuProtocol ? listFeishuChats(core, o) : null),
  };
}
