import { z } from 'zod';
import { localizedTextSchema } from '../errors.js';

/**
 * A diagnostic run: ordered steps, each pass / fail / skipped with its duration, and on failure a
 * diagnosis and a fix. The credential test and the DMS connection test both report in this shape.
 */
export const STEP_STATUSES = ['pending', 'running', 'pass', 'fail', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const RUN_STATES = ['running', 'passed', 'failed', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];

/** Each domain narrows `id` to its own step ids with `.extend({ id: z.enum(...) })`. */
export const diagnosticStepSchema = z.object({
  id: z.string(),
  title: localizedTextSchema,
  status: z.enum(STEP_STATUSES),
  durationMs: z.number().nullable(),
  /** What was checked or found ("token valid for 7200 s", "12 tickets"), or why it was skipped. */
  detail: localizedTextSchema.nullable(),
  /** On failure: what is wrong and how to fix it. */
  diagnosis: localizedTextSchema.nullable(),
  fix: localizedTextSchema.nullable(),
  /** The platform / gateway code behind a failure. */
  code: z.string().nullable(),
  /** The console page where the fix is made. */
  consoleUrl: z.string().nullable(),
  /** The server's request id, for a support ticket. */
  requestId: z.string().nullable(),
  missingScopes: z.array(z.string()),
});
export type DiagnosticStep = z.output<typeof diagnosticStepSchema>;

export const diagnosticWarningSchema = z.object({ message: localizedTextSchema, fix: localizedTextSchema.nullable() });

/** Each domain adds its own context (channel, endpoint) and narrows `steps` with `.extend(...)`. */
export const diagnosticRunSchema = z.object({
  runId: z.string(),
  /** `passed` only when every step that ran passed. */
  state: z.enum(RUN_STATES),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  steps: z.array(diagnosticStepSchema),
  /** Worth knowing even when every step passes: clock skew, a look-alike platform, a proxy. */
  warnings: z.array(diagnosticWarningSchema),
});
export type DiagnosticRun = z.output<typeof diagnosticRunSchema>;

export const runIdInputSchema = z.object({ runId: z.string().min(1).max(100) });
