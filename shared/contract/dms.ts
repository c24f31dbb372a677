import { z } from 'zod';
import { REGION_ID_PATTERN } from '../catalog/dms-openapi.js';
import { localizedTextSchema } from '../errors.js';
import { text } from '../i18n-text.js';
import { emptyInput, method, type MethodDef } from './define.js';
import { diagnosticRunSchema, diagnosticStepSchema, runIdInputSchema } from './diagnostics.js';

/** What a Tid and an AccessKey ID look like, in the admin's words (form and contract say the same). */
export const DMS_FIELD_TEXT = {
  tid: text('The Tid is a positive whole number (digits only), as the DMS console shows it.', 'Tid 是一个正整数（只含数字），与 DMS 控制台中显示的一致。'),
  accessKeyId: text('An AccessKey ID has only letters and digits: no spaces or other characters.', 'AccessKey ID 只包含字母和数字，不含空格或其他字符。'),
};
export const ACCESS_KEY_ID_PATTERN = /^[A-Za-z0-9]*$/;

/** Refuses a Tid that is not a positive whole number DMS could have (also past 2^53) and an AccessKey ID with spaces or markup. */
function checkIds(v: { tid?: number | null | undefined; accessKeyId?: string | undefined }, ctx: z.RefinementCtx): void {
  if (v.tid !== undefined && v.tid !== null && !(Number.isSafeInteger(v.tid) && v.tid > 0)) {
    ctx.addIssue({ code: 'custom', path: ['tid'], message: DMS_FIELD_TEXT.tid.en, params: { zh: DMS_FIELD_TEXT.tid.zh } });
  }
  if (v.accessKeyId !== undefined && !ACCESS_KEY_ID_PATTERN.test(v.accessKeyId)) {
    ctx.addIssue({ code: 'custom', path: ['accessKeyId'], message: DMS_FIELD_TEXT.accessKeyId.en, params: { zh: DMS_FIELD_TEXT.accessKeyId.zh } });
  }
}

const connectionFields = {
  enabled: z.boolean(),
  region: z.string().regex(REGION_ID_PATTERN),
  /** DMS tenant id; null until the admin enters it (range checked by checkIds, in words). */
  tid: z.number().nullable(),
  accessKeyId: z.string().trim().max(128),
  /** '' = the region's public endpoint; otherwise a host or https URL (http only for loopback). */
  endpoint: z.string().trim().max(300),
  pollSeconds: z.number().int().min(10).max(3600),
};

/** The DMS OpenAPI connection as stored in settings (`settings.dms`); the secret is in the vault. */
export const dmsConnectionSchema = z.object({
  enabled: connectionFields.enabled.default(false),
  region: connectionFields.region.default('cn-hangzhou'),
  tid: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable().default(null),
  accessKeyId: connectionFields.accessKeyId.default(''),
  endpoint: connectionFields.endpoint.default(''),
  pollSeconds: connectionFields.pollSeconds.default(60),
});
export type DmsConnection = z.output<typeof dmsConnectionSchema>;

/**
 * The `"dms"` section of the config file (`config import/export`):
 * `{"enabled", "region", "tid", "accessKeyId", "accessKeySecret", "endpoint", "pollSeconds"}`.
 * Import: every key optional (absent keeps the stored value); a non-empty `accessKeySecret` goes to the
 * vault, `""` keeps the stored one. Export: every key, `accessKeySecret` always `""`.
 */
export const dmsConfigSectionSchema = z
  .object({ ...connectionFields, accessKeySecret: z.string().max(256) })
  .partial()
  .strict()
  .superRefine(checkIds);
export type DmsConfigSection = z.output<typeof dmsConfigSectionSchema>;

export const DMS_TEST_STEP_IDS = ['reach', 'signature', 'list-orders', 'tenant'] as const;
export type DmsTestStepId = (typeof DMS_TEST_STEP_IDS)[number];

const connectionView = dmsConnectionSchema.extend({
  secretSet: z.boolean(),
  secretChangedAt: z.string().nullable(),
  /** The URL actually called (resolved from region / override), or null when the override is invalid. */
  resolvedEndpoint: z.string().nullable(),
  /** The last connection test of the connection as stored (null after a change). */
  lastTest: z.object({ ok: z.boolean(), at: z.string(), failedStep: z.enum(DMS_TEST_STEP_IDS).nullable(), code: z.string().nullable() }).nullable(),
});
export type DmsConnectionView = z.output<typeof connectionView>;

// No defaults here: a field left out of a save keeps its stored value.
const saveInput = z
  .object(connectionFields)
  .partial()
  .extend({
    /** Write-only: absent or '' keeps the stored secret; never returned. */
    accessKeySecret: z.string().max(256).optional(),
    clearSecret: z.boolean().optional(),
  })
  .superRefine(checkIds);

export const dmsTestStepSchema = diagnosticStepSchema.extend({ id: z.enum(DMS_TEST_STEP_IDS) });

export const dmsTestRunSchema = diagnosticRunSchema.extend({
  /** The URL called, or null when the configured override is invalid. */
  endpoint: z.string().nullable(),
  steps: z.array(dmsTestStepSchema),
});
export type DmsTestRun = z.output<typeof dmsTestRunSchema>;

export const watcherStatusSchema = z.object({
  enabled: z.boolean(),
  running: z.boolean(),
  polling: z.boolean(),
  lastPollAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  nextPollAt: z.string().nullable(),
  lastError: z.object({ at: z.string(), code: z.string(), message: localizedTextSchema, fix: localizedTextSchema.nullable() }).nullable(),
  /** Consecutive failed polls (drives the backoff). */
  failures: z.number().int(),
  counts: z.object({
    polls: z.number().int(),
    ordersSeen: z.number().int(),
    eventsEmitted: z.number().int(),
    errors: z.number().int(),
  }),
  /** Oldest `LastModifyTime` the next poll asks for (DMS tenant time), null before the first poll. */
  watermark: z.string().nullable(),
  recentEvents: z.array(
    z.object({
      at: z.string(),
      orderId: z.string(),
      pluginType: z.string(),
      statusCode: z.string(),
      module: z.string(),
      businessType: z.string(),
      status: z.string(),
      /** False when PluginType or StatusCode is not in the catalogue (kept and delivered anyway). */
      known: z.boolean(),
      accepted: z.boolean(),
    }),
  ),
});
export type WatcherStatus = z.output<typeof watcherStatusSchema>;

export const dmsMethods = {
  'dms.getConnection': method(emptyInput, connectionView),
  'dms.saveConnection': method(saveInput, connectionView),
  'dms.testStart': method(emptyInput, dmsTestRunSchema),
  'dms.testGet': method(runIdInputSchema, dmsTestRunSchema),
  'dms.testCancel': method(runIdInputSchema, dmsTestRunSchema),
  'dms.watcherStatus': method(emptyInput, watcherStatusSchema),
  'dms.watcherStart': method(emptyInput, watcherStatusSchema),
  'dms.watcherStop': method(emptyInput, watcherStatusSchema),
  'dms.pollNow': method(emptyInput, watcherStatusSchema),
} satisfies Record<string, MethodDef>;
