import { z } from 'zod';
import { CHANNEL_IDS, CREDENTIAL_FIELD_IDS } from '../catalog/channels.js';
import { DMS_REGION_IDS } from '../catalog/regions.js';
import { DINGTALK_OPEN_MODES } from '../dms-links.js';
import { localizedTextSchema } from '../errors.js';
import { emptyInput, method, type MethodDef } from './define.js';

export const channelIdSchema = z.enum(CHANNEL_IDS);
export const regionIdSchema = z.enum(DMS_REGION_IDS);
export const credentialFieldIdSchema = z.enum(CREDENTIAL_FIELD_IDS);
export const baseUrlIdSchema = z.enum(['apiBaseUrl', 'oapiBaseUrl']);

/** A secret as the UI sees it: never the value, only whether it is set and since when. */
export const secretStateSchema = z.object({ set: z.boolean(), changedAt: z.string().nullable() });

export const channelStatusSchema = z.enum(['not-configured', 'configured', 'enabled']);

/** Filled by the credential test (issue 4); null until a test has run. */
export const lastTestSchema = z.object({
  ok: z.boolean(),
  at: z.string(),
  summary: localizedTextSchema,
});

export const channelViewSchema = z.object({
  channel: channelIdSchema,
  enabled: z.boolean(),
  region: regionIdSchema.nullable(),
  /** Non-secret values by field id (absent = not set). */
  values: z.partialRecord(credentialFieldIdSchema, z.string()),
  /** One entry per secret field of the channel. */
  secrets: z.partialRecord(credentialFieldIdSchema, secretStateSchema),
  /** One entry per base URL the channel uses; `url` is the effective one. */
  baseUrls: z.partialRecord(baseUrlIdSchema, z.object({ url: z.string(), defaultUrl: z.string(), overridden: z.boolean() })),
  /** Message links (shared/dms-links.ts): stored values ('' = default) and the region's homepage (null without a region). */
  links: z.object({
    dmsHomepageUrl: z.string(),
    defaultDmsHomepageUrl: z.string().nullable(),
    ticketLinkPattern: z.string(),
    dingtalkOpen: z.enum(DINGTALK_OPEN_MODES),
  }),
  status: channelStatusSchema,
  /** Dotted paths (`region`, `values.appKey`, `secrets.appSecret`) still needed before enabling. */
  missing: z.array(z.string()),
  lastTest: lastTestSchema.nullable(),
  /** Approve / Reject from the chat card (issue 19); the template id is DingTalk's only ('' elsewhere and when unset). */
  approval: z.object({ approveFromChat: z.boolean(), approvalCardTemplateId: z.string() }),
});
export type ChannelView = z.infer<typeof channelViewSchema>;

export const channelSaveInputSchema = z.object({
  channel: channelIdSchema,
  region: regionIdSchema.nullable(),
  /** Every non-secret value of the form; '' clears it. */
  values: z.record(z.string(), z.string().max(1024)).default({}),
  /** Write-only: absent or '' keeps the stored secret. */
  secrets: z
    .object({ appSecret: z.string().max(1024).optional() })
    .strict()
    .default({}),
  /** '' = use the default. */
  baseUrls: z.record(z.string(), z.string().max(2048)).default({}),
  /** Message links by key (dmsHomepageUrl, ticketLinkPattern, dingtalkOpen); absent keeps the stored one, '' = the default. */
  links: z.record(z.string(), z.string().max(2048)).default({}),
  /** Approve from the chat card; absent keys keep the stored value. The template id is for DingTalk channels only. */
  approval: z
    .object({ approveFromChat: z.boolean().optional(), approvalCardTemplateId: z.string().max(256).optional() })
    .strict()
    .optional(),
});

const channelOnly = z.object({ channel: channelIdSchema });

export const channelsMethods = {
  'channels.list': method(emptyInput, z.object({ channels: z.array(channelViewSchema) })),
  'channels.get': method(channelOnly, channelViewSchema),
  /** Validates everything first (field errors name `values.appKey`, `baseUrls.apiBaseUrl`, ...); saves nothing on error. */
  'channels.save': method(channelSaveInputSchema, channelViewSchema),
  /** Enabling needs the region and every required value and secret; otherwise BAD_INPUT lists what is missing. */
  'channels.setEnabled': method(z.object({ channel: channelIdSchema, enabled: z.boolean() }), channelViewSchema),
  /** Removes a secret from the vault; an enabled channel whose required secret is cleared is disabled. */
  'channels.clearSecret': method(z.object({ channel: channelIdSchema, field: z.literal('appSecret') }), channelViewSchema),
} satisfies Record<string, MethodDef>;
