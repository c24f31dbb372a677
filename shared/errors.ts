import { z } from 'zod';
import { text, type LocalizedText } from './i18n-text.js';
import { describeIssue, issueSentence } from './validation-text.js';

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

/** Marks a message zod's built-in checks made (the schema set none): it is replaced by a sentence. */
const BUILT_IN = '\u0000built-in:';

/**
 * Validates with zod and, on failure, returns every issue as a sentence in English and Chinese naming
 * the value (shared/validation-text.ts), never zod's validator text. Messages a schema sets itself stay
 * as written; a custom issue carries its Chinese text in `params.zh`. `root` names the whole input
 * (an issue with an empty path, e.g. an unknown top-level key).
 */
export function parseLocalized<T extends z.ZodType>(
  schema: T,
  data: unknown,
  prefix = '',
  root: LocalizedText = text('The input', '输入内容'),
): { success: true; data: z.output<T> } | { success: false; issues: FieldIssue[] } {
  const built: LocalizedText[] = [];
  const r = schema.safeParse(data, { error: (iss) => `${BUILT_IN}${built.push(describeIssue(iss)) - 1}` });
  if (r.success) return { success: true, data: r.data };
  const issues = r.error.issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter((p) => p !== '').join('.');
    const own = i.message.startsWith(BUILT_IN) ? undefined : i.message;
    if (own === undefined) return { path, message: issueSentence(path, built[Number(i.message.slice(BUILT_IN.length))]!, root) };
    const ownZh = i.code === 'custom' && typeof i.params?.['zh'] === 'string' ? i.params['zh'] : undefined;
    return { path, message: { en: own, zh: ownZh ?? own } };
  });
  return { success: false, issues };
}

/** The count, not the paths: each issue names its field in its own sentence. */
function badInput(issues: FieldIssue[]): AppError {
  const n = issues.length;
  return new AppError('BAD_INPUT', { en: `Invalid input: ${n === 1 ? '1 problem' : `${n} problems`}.`, zh: `输入无效：${n} 处问题。` }, { issues });
}

/** parseLocalized, throwing BAD_INPUT with every field issue. */
export function parseOrThrow<T extends z.ZodType>(schema: T, data: unknown, prefix = ''): z.output<T> {
  const r = parseLocalized(schema, data, prefix);
  if (!r.success) throw badInput(r.issues);
  return r.data;
}
