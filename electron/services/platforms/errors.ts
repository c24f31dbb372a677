import type { ChannelId } from '../../../shared/catalog/channels.js';
import { AppError } from '../../../shared/errors.js';
import { explain } from './explain.js';
import type { PlatformFailure } from './types.js';

/** Every failed platform call: an AppError('PLATFORM_ERROR') whose details carry the PlatformFailure. */
export class PlatformError extends AppError {
  readonly failure: PlatformFailure;

  constructor(failure: PlatformFailure) {
    super('PLATFORM_ERROR', failure.explanation.message, {
      fix: failure.explanation.fix,
      details: { failure },
    });
    this.name = 'PlatformError';
    this.failure = failure;
  }
}

export const isPlatformError = (err: unknown): err is PlatformError => err instanceof PlatformError;

export interface FailureInput {
  readonly channel: ChannelId;
  readonly code: string;
  readonly httpStatus?: number | null;
  /** Sub-code (DingTalk 88 sub_code, Feishu 230099 ErrCode). */
  readonly sub?: string;
  readonly retryAfterMs?: number | null;
  readonly missingScopes?: readonly string[];
  /** The platform's own message, already redacted. */
  readonly detail?: string;
  readonly requestId?: string;
  readonly appId?: string;
  /** Overrides the table (e.g. per-user flow control is retryable whatever the code says). */
  readonly retryable?: boolean;
}

/** Builds the failure with its explanation; the one place codes meet the explainer. */
export function platformFailure(input: FailureInput): PlatformFailure {
  const missingScopes = input.missingScopes ?? [];
  const explained = explain(input.channel, input.code, {
    ...(input.sub !== undefined ? { sub: input.sub } : {}),
    missingScopes,
    ...(input.appId !== undefined ? { appId: input.appId } : {}),
    ...(input.detail !== undefined ? { platformMessage: input.detail } : {}),
    httpStatus: input.httpStatus ?? null,
  });
  return {
    channel: input.channel,
    code: input.code,
    httpStatus: input.httpStatus ?? null,
    retryable: input.retryable ?? explained.retryable,
    retryAfterMs: input.retryAfterMs ?? null,
    missingScopes,
    explanation: { message: explained.message, fix: explained.fix, consoleUrl: explained.consoleUrl },
    ...(input.sub !== undefined ? { subCode: input.sub } : {}),
    ...(input.detail !== undefined ? { detail: input.detail } : {}),
    ...(input.requestId !== undefined ? { requestId: input.requestId } : {}),
  };
}

export const platformError = (input: FailureInput): PlatformError => new PlatformError(platformFailure(input));

/** Replaces every occurrence of each secret (and token) by "***"; short strings are left alone. */
export function redact(value: string, secrets: readonly string[]): string {
  let out = value;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}

/** Network-level error codes from Node / axios → our transport codes. */
export function classifyNetworkError(err: unknown): string {
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string } } | undefined;
  const code = e?.code ?? e?.cause?.code ?? '';
  if (e?.name === 'CanceledError' || code === 'ERR_CANCELED') return 'cancelled';
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return 'timeout';
  if (code === 'ECONNREFUSED') return 'ECONNREFUSED';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'ENOTFOUND';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_SOCKET_CONNECTION_TIMEOUT') return 'ECONNRESET';
  if (/CERT|SSL|TLS|ERR_TLS|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) return 'tls';
  if (/socket hang up/i.test(e?.message ?? '')) return 'ECONNRESET';
  return 'network';
}
