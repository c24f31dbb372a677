import { z } from 'zod';
import type { LocalizedText } from './i18n-text.js';

/** Stable error codes: the UI, CLI and scripts branch on these, never on message text. */
export const ERROR_CODES = [
  'BAD_INPUT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'CONFLICT',
  'VAULT_UNAVAILABLE',
  'SETTINGS_UNWRITABLE',
  'DISK_FULL',
  'PLATFORM_ERROR',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const localizedTextSchema = z.object({ en: z.string(), zh: z.string() });

/** One problem with one input field; `path` is dotted, e.g. `channels.feishu.apiBaseUrl`. */
export const fieldIssueSchema = z.object({ path: z.string(), message: localizedTextSchema });
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/** The JSON body of every failed call, over HTTP and IPC alike. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: localizedTextSchema,
    /** How to fix it, when there is something the admin can do. */
    fix: localizedTextSchema.optional(),
    issues: z.array(fieldIssueSchema).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_INPUT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  CONFLICT: 409,
  VAULT_UNAVAILABLE: 503,
  SETTINGS_UNWRITABLE: 507,
  DISK_FULL: 507,
  PLATFORM_ERROR: 502,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** An error meant for the admin: localized, with a stable code. Never carries a secret. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly text: LocalizedText;
  readonly fix: LocalizedText | undefined;
  readonly issues: FieldIssue[] | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    text: LocalizedText,
    opts: { fix?: LocalizedText; issues?: FieldIssue[]; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(text.en, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.text = text;
    this.fix = opts.fix;
    this.issues = opts.issues;
    this.details = opts.details;
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.text,
        ...(this.fix ? { fix: this.fix } : {}),
        ...(this.issues ? { issues: this.issues } : {}),
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

const zhLocale = z.locales.zhCN();

/**
 * Validates with zod and, on failure, returns the issues in English and Chinese: the Chinese text comes
 * from a second parse with zod's zh-CN locale (messages a schema sets itself stay as written).
 */
export function parseLocalized<T extends z.ZodType>(
  schema: T,
  data: unknown,
  prefix = '',
): { success: true; data: z.output<T> } | { success: false; issues: FieldIssue[] } {
  const en = schema.safeParse(data);
  if (en.success) return { success: true, data: en.data };
  const zh = schema.safeParse(data, { error: (iss) => zhLocale.localeError(iss) });
  const zhIssues = zh.success ? [] : zh.error.issues;
  const issues = en.error.issues.map((i, n) => {
    const path = [prefix, ...i.path.map(String)].filter((p) => p !== '').join('.');
    // A schema's own message can carry its Chinese text in `params.zh` (custom issues).
    const ownZh = i.code === 'custom' && typeof i.params?.['zh'] === 'string' ? i.params['zh'] : undefined;
    return { path, message: { en: i.message, zh: ownZh ?? zhIssues[n]?.message ?? i.message } };
  });
  return { success: false, issues };
}

function badInput(issues: FieldIssue[]): AppError {
  const where = issues.map((i) => i.path || '(input)').join(', ');
  return new AppError('BAD_INPUT', { en: `Invalid input: ${where}`, zh: `输入无效：${where}` }, { issues });
}

/** parseLocalized, throwing BAD_INPUT with every field issue. */
export function parseOrThrow<T extends z.ZodType>(schema: T, data: unknown, prefix = ''): z.output<T> {
  const r = parseLocalized(schema, data, prefix);
  if (!r.success) throw badInput(r.issues);
  return r.data;
}
