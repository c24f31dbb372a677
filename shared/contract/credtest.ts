import { z } from 'zod';
import { CHANNEL_IDS } from '../catalog/channels.js';
import { channelSaveInputSchema } from './channels.js';
import { method, type MethodDef } from './define.js';
import { diagnosticRunSchema, diagnosticStepSchema, runIdInputSchema } from './diagnostics.js';

/** The ordered steps of a credential test. */
export const CREDTEST_STEP_IDS = ['config', 'reachable', 'token', 'permission', 'recipient', 'send'] as const;
export type CredtestStepId = (typeof CREDTEST_STEP_IDS)[number];

export const credtestStepSchema = diagnosticStepSchema.extend({ id: z.enum(CREDTEST_STEP_IDS) });

export const credtestRunSchema = diagnosticRunSchema.extend({
  channel: z.enum(CHANNEL_IDS),
  /** The recipient of the optional send step. */
  to: z.string().nullable(),
  steps: z.array(credtestStepSchema),
  /** True when the form's typed values were tested instead of the stored ones (nothing is stored). */
  typed: z.boolean().default(false),
});
export type CredtestRun = z.infer<typeof credtestRunSchema>;

/** A recipient for the optional send step: a mobile number or an e-mail address. */
export const credtestRecipientSchema = z.string().trim().min(3).max(254);

export const credtestMethods = {
  /** Starts a test in the background; poll `credtest.get`. */
  'credtest.start': method(
    z.object({
      channel: z.enum(CHANNEL_IDS),
      to: credtestRecipientSchema.optional(),
      /** The channel form's current values (secret included): tested as typed, never stored. */
      draft: channelSaveInputSchema.omit({ channel: true, approval: true }).optional(),
    }),
    z.object({ runId: z.string() }),
  ),
  'credtest.get': method(runIdInputSchema, credtestRunSchema),
  'credtest.cancel': method(runIdInputSchema, z.object({ cancelled: z.boolean() })),
} satisfies Record<string, MethodDef>;
