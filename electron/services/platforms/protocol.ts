import type { ChannelId } from '../../../shared/catalog/channels.js';
import type { FailureInput, PlatformError } from './errors.js';
import type { HttpAnswer, HttpRequest } from './http.js';
import type { IssuedToken } from './token-cache.js';
import type { CallOptions, PlatformClient } from './types.js';

// The types both sides share: the client core (client.ts) implements Core and picks a Protocol;
// the protocols (dingtalk.ts, feishu.ts) depend only on these, so no import runs back to the core.

/** Everything a client needs for one channel; built from settings + vault by config.ts. */
export interface PlatformConfig {
  readonly channel: ChannelId;
  /** New-API host (DingTalk api.dingtalk.com, Feishu/Lark open host). */
  readonly apiBaseUrl: string;
  /** DingTalk legacy host (oapi.dingtalk.com); unused by Feishu/Lark. */
  readonly oapiBaseUrl: string;
  /** DingTalk AppKey / Feishu-Lark App ID. */
  readonly appKey: string;
  readonly appSecret: string;
  readonly robotCode?: string;
  readonly cardTemplateId?: string;
  readonly corpId?: string;
  /** DingTalk: the approval card template (buttons with callback params), when approve-from-chat is set up. */
  readonly approvalCardTemplateId?: string;
}

/** What a protocol (DingTalk or Feishu) gets from the shared core. */
export interface Core {
  readonly config: PlatformConfig;
  /** A request without a token (token endpoints). */
  raw(req: HttpRequest, opts?: CallOptions): Promise<HttpAnswer>;
  /**
   * A request with the app token: `build` places the token (header or query), `check` validates the
   * body. A token rejection drops the cached token and retries exactly once with a fresh one.
   */
  authed<T>(build: (token: string) => HttpRequest, check: (answer: HttpAnswer) => T, opts?: CallOptions): Promise<T>;
  /** A PlatformError for this channel, with the platform message redacted. */
  fail(input: Omit<FailureInput, 'channel' | 'appId'>): PlatformError;
  token(opts?: CallOptions & { force?: boolean }): ReturnType<PlatformClient['token']>;
}

export interface Protocol {
  issueToken(core: Core, opts: CallOptions): Promise<IssuedToken>;
  /** Codes meaning "this token is no good": refresh and retry once. */
  readonly tokenRejectedCodes: ReadonlySet<string>;
  lookup: (core: Core, ...args: Parameters<PlatformClient['lookup']>) => ReturnType<PlatformClient['lookup']>;
  send: (core: Core, ...args: Parameters<PlatformClient['send']>) => ReturnType<PlatformClient['send']>;
  probe: (core: Core, ...args: Parameters<PlatformClient['probe']>) => ReturnType<PlatformClient['probe']>;
}
