import type { ChannelId } from '../../../shared/catalog/channels.js';
import { outboundRequest } from '../net/outbound.js';
import { classifyNetworkError, platformError } from './errors.js';

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly params?: Readonly<Record<string, string>>;
  readonly data?: unknown;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON, or the raw text when the body was not JSON. */
  readonly data: unknown;
}

export interface HttpContext {
  readonly channel: ChannelId;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/**
 * Every platform call goes through the shared outbound module; every status is returned to the
 * protocol's body checks (DingTalk and Feishu both put errors in 200 answers), and network failures
 * become a classified PlatformError. The axios error is never kept as a cause: its config holds headers
 * and bodies with tokens and secrets.
 */
export function createHttp(): { request(req: HttpRequest, ctx: HttpContext): Promise<HttpAnswer> } {
  return {
    async request(req, ctx) {
      try {
        const res = await outboundRequest({
          method: req.method,
          url: req.url,
          headers: { 'Content-Type': 'application/json; charset=utf-8', Accept: 'application/json', ...req.headers },
          ...(req.params ? { params: req.params } : {}),
          ...(req.data !== undefined ? { data: req.data } : {}),
          timeout: ctx.timeoutMs,
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        });
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) {
          if (typeof v === 'string') headers[k.toLowerCase()] = v;
          else if (typeof v === 'number') headers[k.toLowerCase()] = String(v);
        }
        return { status: res.status, headers, data: res.data };
      } catch (err) {
        throw platformError({ channel: ctx.channel, code: classifyNetworkError(err), httpStatus: null });
      }
    },
  };
}

/** Seconds-or-date header value → milliseconds to wait, or null. */
export function retryAfterMs(headers: Readonly<Record<string, string>>, now = Date.now()): number | null {
  const reset = headers['x-ogw-ratelimit-reset'];
  if (reset !== undefined && /^\d+(\.\d+)?$/.test(reset.trim())) return Math.round(Number(reset) * 1000);
  const ra = headers['retry-after'];
  if (ra === undefined) return null;
  if (/^\d+$/.test(ra.trim())) return Number(ra) * 1000;
  const at = Date.parse(ra);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
