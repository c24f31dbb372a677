import { z } from 'zod';
import { CHANNEL_IDS } from '../catalog/channels.js';
import { localizedTextSchema } from '../errors.js';
import { text } from '../i18n-text.js';
import { emptyInput, method, type MethodDef } from './define.js';

/** Loose checks that catch paste accidents; the platforms decide what really exists. */
export const MOBILE_PATTERN = /^\+?\d[\d -]{4,19}$/;
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** DMS user ids (UID) are numbers. */
export const DMS_UID_PATTERN = /^\d{1,32}$/;
export const DMS_UID_TEXT = text(
  'A DMS UID is a number (digits only), as DMS shows it under Users.',
  'DMS UID 是一个数字（只含数字），与 DMS“用户管理”中显示的一致。',
);

/**
 * Control characters (NUL, ESC of terminal colour codes, CR/LF) and bidirectional overrides (RLO…) that
 * would garble or disguise a name in a terminal, a table or a message.
 */
export const UNSAFE_TEXT = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;

export const dmsUserInputSchema = z
  .object({
    uid: z.string().trim().min(1).max(200),
    name: z.string().trim().max(200).default(''),
    mobile: z.string().trim().max(32).default(''),
    email: z.string().trim().max(254).default(''),
  })
  .superRefine((u, ctx) => {
    // `chat:` names a rule's group chat in the outbox; a path separator has no place in a DMS id.
    if (UNSAFE_TEXT.test(u.uid) || /[/\\]/.test(u.uid) || u.uid.startsWith('chat:')) {
      ctx.addIssue({
        code: 'custom',
        path: ['uid'],
        message: 'Not a DMS uid: no control characters, no / or \\, and it cannot start with "chat:".',
        params: { zh: '不是 DMS uid：不能含控制字符、/ 或 \\，也不能以“chat:”开头。' },
      });
    }
    if (UNSAFE_TEXT.test(u.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        message: 'The name contains control characters or text-direction overrides.',
        params: { zh: '姓名包含控制字符或文字方向控制符。' },
      });
    }
    // Whole sentences in both languages: they reach the admin as they are (params.zh, see parseLocalized).
    if (!DMS_UID_PATTERN.test(u.uid)) {
      ctx.addIssue({ code: 'custom', path: ['uid'], message: DMS_UID_TEXT.en, params: { zh: DMS_UID_TEXT.zh } });
    }
    if (u.mobile !== '' && !MOBILE_PATTERN.test(u.mobile)) {
      ctx.addIssue({
        code: 'custom',
        path: ['mobile'],
        message: 'Not a mobile number: use digits, optionally starting with +, spaces or dashes (5 to 20 characters).',
        params: { zh: '不是手机号：请使用数字，可以 + 开头，可含空格或短横线（5 到 20 个字符）。' },
      });
    }
    if (u.email !== '' && !EMAIL_PATTERN.test(u.email)) {
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'Not an e-mail address: it needs a name, @ and a domain, such as name@example.com.',
        params: { zh: '不是邮箱地址：需要包含名称、@ 和域名，例如 name@example.com。' },
      });
    }
    if (u.mobile === '' && u.email === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['mobile'],
        message: 'Enter a mobile number or an e-mail: the user is found by one of them.',
        params: { zh: '请输入手机号或邮箱：需要用其中之一查找用户。' },
      });
    }
  });

export const RESOLUTION_STATUSES = ['found', 'not_found', 'outside_availability', 'error'] as const;

export const resolutionViewSchema = z.object({
  status: z.enum(RESOLUTION_STATUSES),
  platformUserId: z.string().nullable(),
  resolvedAt: z.string(),
  /** The user's mobile/e-mail changed since: resolve again. */
  stale: z.boolean(),
  code: z.string().nullable(),
  explanation: z.object({ message: localizedTextSchema, fix: localizedTextSchema, consoleUrl: z.string().nullable() }).nullable(),
});
export type ResolutionView = z.infer<typeof resolutionViewSchema>;

export const userViewSchema = z.object({
  uid: z.string(),
  name: z.string(),
  mobile: z.string(),
  email: z.string(),
  resolutions: z.partialRecord(z.enum(CHANNEL_IDS), resolutionViewSchema),
});
export type UserView = z.infer<typeof userViewSchema>;

const listOutput = z.object({
  users: z.array(userViewSchema),
  /** Channels users are resolved for (enabled ones). */
  channels: z.array(z.enum(CHANNEL_IDS)),
});

export const importRowErrorSchema = z.object({ row: z.number().int(), reason: localizedTextSchema });
export type ImportRowError = z.infer<typeof importRowErrorSchema>;

export const importReportSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  /** Rows not imported, by row number in the file (the header is row 1). */
  errors: z.array(importRowErrorSchema),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const resolveReportSchema = z.object({
  users: z.array(userViewSchema),
  /** Channels that could not be asked at all (incomplete credentials, token failure). */
  channelErrors: z.array(z.object({ channel: z.enum(CHANNEL_IDS), message: localizedTextSchema, fix: localizedTextSchema.nullable() })),
});
export type ResolveReport = z.infer<typeof resolveReportSchema>;

export const usersMethods = {
  'users.list': method(emptyInput, listOutput),
  /** Adds or edits a user; `previousUid` renames. */
  'users.upsert': method(z.object({ user: dmsUserInputSchema, previousUid: z.string().min(1).max(200).optional() }), z.object({ user: userViewSchema })),
  'users.delete': method(z.object({ uid: z.string().min(1).max(200) }), z.object({ deleted: z.boolean() })),
  /** CSV with header `uid,name,mobile,email`: good rows are imported, bad ones reported. */
  'users.importCsv': method(z.object({ csv: z.string().max(5_000_000) }), importReportSchema),
  /** Looks users up on the platforms (all users / enabled channels when omitted). */
  'users.resolve': method(
    z.object({ uids: z.array(z.string().min(1)).max(10_000).optional(), channels: z.array(z.enum(CHANNEL_IDS)).optional() }),
    resolveReportSchema,
  ),
} satisfies Record<string, MethodDef>;
