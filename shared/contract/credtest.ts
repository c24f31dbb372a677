import { z } from 'zod';
import { CHANNEL_IDS } from '../catalog/channels.js';
import { localizedTextSchema } from '../errors.js';
import { method, type MethodDef } from './define.js';

/** The ordered steps of a credential test. */
export const CREDTEST_STEP_IDS = ['config', 'reachable', 'token', 'permission', 'recipient', 'send'] as const;
export type CredtestStepId = (typeof CREDTEST_STEP_IDS)[number];

export const STEP_STATUSES = ['pending', 'running', 'pass', 'fail', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const credtestStepSchema = z.object({
  id: z.enum(CREDTEST_STEP_IDS),
  status: z.enum(STEP_STATUSES),
  durationMs: z.number().nullable(),
  /** What was checked or found ("token valid for 7200 s", "userId manager1"). */
  detail: localizedTextSchema.nullable(),
  /** On failure: what is wrong, how to fix it, and where. */
  diagnosis: localizedTextSchema.nullable(),
  fix: localizedTextSchema.nullable(),
  consoleUrl: z.string().nullable(),
  code: z.string().nullable(),
  missingScopes: z.array(z.string()),
});
export type CredtestStep = z.infer<typeof credtestStepSchema>;

export const credtestRunSchema = z.object({
  runId: z.string(),
  channel: z.enum(CHANNEL_IDS),
  to: z.string().nullable(),
  startedAt: z.string(),
  done: z.boolean(),
  /** Null while running; true only when every step that ran passed. */
  ok: z.boolean().nullable(),
  cancelled: z.boolean(),
  steps: z.array(credtestStepSchema),
  /** Clock skew, Feishu ↔ Lark hints, proxy in use: worth knowing even when a step passes. */
  warnings: z.array(z.object({ message: localizedTextSchema, fix: localizedTextSchema.nullable() })),
});
export type CredtestRun = z.infer<typeof credtestRunSchema>;

/** A recipient for the optional send step: a mobile number or an e-mail address. */
export const credtestRecipientSchema = z.string().trim().min(3).max(254);

export const credtestMethods = {
  /** Starts a test in the background; poll `credtest.get`. */
  'credtest.start': method(
    z.object({ channel: z.enum(CHANNEL_IDS), to: credtestRecipientSchema.optional() }),
    z.object({ runId: z.string() }),
  ),
  'credtest.get': method(z.object({ runId: z.string().min(1).max(100) }), credtestRunSchema),
  'credtest.cancel': method(z.object({ runId: z.string().min(1).max(100) }), z.object({ cancelled: z.boolean() })),
} satisfies Record<string, MethodDef>;
