import { AppError, errorBodySchema, type ErrorCode, type FieldIssue } from '../../shared/errors';
import { text, type LocalizedText } from '../../shared/i18n-text';
import { UNREACHABLE, UNREACHABLE_FIX } from './unreachable-text';

/**
 * What every failed contract call throws in the renderer, whichever transport ran: the service's
 * AppError (code, localized message, fix, field issues) rebuilt on this side of the boundary.
 */
export class ApiError extends AppError {
  /** The contract method that failed, for messages and logs. */
  readonly method: string;

  constructor(
    method: string,
    code: ErrorCode,
    message: LocalizedText,
    opts: { fix?: LocalizedText; issues?: FieldIssue[]; details?: Record<string, unknown> } = {},
  ) {
    super(code, message, opts);
    this.name = 'ApiError';
    this.method = method;
  }

  /** From an ErrorBody-shaped value; anything else becomes an UNAVAILABLE/INTERNAL error. */
  static fromResponse(method: string, body: unknown, fallback: ErrorCode = 'INTERNAL'): ApiError {
    const parsed = errorBodySchema.safeParse(body);
    if (!parsed.success) {
      return new ApiError(method, fallback, text(`Unexpected answer from the service for ${method}.`, `服务对 ${method} 返回了无法识别的结果。`));
    }
    const e = parsed.data.error;
    return new ApiError(method, e.code, e.message, {
      ...(e.fix ? { fix: e.fix } : {}),
      ...(e.issues ? { issues: e.issues } : {}),
      ...(e.details ? { details: e.details } : {}),
    });
  }

  static unreachable(method: string): ApiError {
    return new ApiError(method, 'UNAVAILABLE', UNREACHABLE, { fix: UNREACHABLE_FIX });
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
