import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { reminderConfigSchema } from '../../../shared/reminders.js';
import { CHANNEL_IDS, CHANNELS, CREDENTIAL_FIELD_IDS } from '../../../shared/catalog/channels.js';
import { DMS_REGION_IDS } from '../../../shared/catalog/regions.js';
import { DINGTALK_OPEN_MODES } from '../../../shared/dms-links.js';
import { ruleRecordSchema, userRecordSchema } from '../../../shared/config-file.js';
import { dmsConnectionSchema } from '../../../shared/contract/dms.js';
import { RETENTION_DEFAULT_DAYS, sentEventDaysSchema } from '../../../shared/contract/retention.js';

/**
 * The settings document (one JSON file in the data folder). Never holds a secret: secret values live
 * in the vault and only their "changed at" time is kept here. Bump SETTINGS_VERSION together with a
 * new entry in MIGRATIONS (migrations.ts); a test checks they agree.
 */
export const SETTINGS_VERSION = 1;

const SECRET_FIELD_IDS = new Set(CHANNELS.flatMap((c) => c.fields.filter((f) => f.secret).map((f) => f.id)));

export const baseUrlIdSchema = z.enum(['apiBaseUrl', 'oapiBaseUrl']);

const channelSettingsSchema = z
  .object({
    enabled: z.boolean().default(false),
    region: z.enum(DMS_REGION_IDS).nullable().default(null),
    /** Non-secret credential values by field id. */
    values: z.partialRecord(z.enum(CREDENTIAL_FIELD_IDS), z.string()).default({}),
    /** Base URL overrides by id (apiBaseUrl, oapiBaseUrl); absent = the platform default. */
    baseUrls: z.partialRecord(baseUrlIdSchema, z.string()).default({}),
    /** Where messages' "Open DMS" goes and how it opens (shared/dms-links.ts); absent = the defaults. */
    links: z
      .object({
        dmsHomepageUrl: z.string().optional(),
        ticketLinkPattern: z.string().optional(),
        dingtalkOpen: z.enum(DINGTALK_OPEN_MODES).optional(),
      })
      .default({}),
    /** Approve / Reject buttons on pending-approval cards, received over the channel's long connection (issue 19). */
    approveFromChat: z.boolean().default(false),
    /** DingTalk / DingTalk Enterprise: the card template whose buttons send the callback (回传请求); '' = none. */
    approvalCardTemplateId: z.string().default(''),
  })
  // Defence in depth: a secret that slipped into `values` would be written to disk in clear.
  .refine((c) => Object.keys(c.values).every((k) => !SECRET_FIELD_IDS.has(k as never)), {
    error: 'secret fields belong in the vault, not in settings',
    path: ['values'],
  });

const channelsSchema = z.object(
  Object.fromEntries(CHANNEL_IDS.map((id) => [id, channelSettingsSchema.default(channelSettingsSchema.parse({}))])) as {
    [K in (typeof CHANNEL_IDS)[number]]: z.ZodDefault<typeof channelSettingsSchema>;
  },
);

const guideStateSchema = z.object({
  /** Region the guide was last shown for; null = the channel's region, else the first one. */
  region: z.enum(DMS_REGION_IDS).nullable().default(null),
  /** Ticked step and permission ids. */
  checked: z.array(z.string()).default([]),
});

export const inboxSettingsSchema = z.object({
  token: z.string().min(16).max(128).nullable().default(null),
  /** Refuse unsigned bodies (the HMAC secret is in the vault under inbox/signingSecret). */
  requireSignature: z.boolean().default(false),
  /** Where the inbox was last served (`serve` records it), e.g. http://10.0.0.5:4871; null = never. */
  origin: z.url().max(300).nullable().default(null),
});

/** One DMS user on one channel: found / not found / outside the app's availability / error (code explains it). */
export const userResolutionSchema = z.object({
  status: z.enum(['found', 'not_found', 'outside_availability', 'error']),
  platformUserId: z.string().nullable(),
  /** Which contact was looked up ("mobile:…" / "email:…"): a changed contact makes the result stale. */
  contact: z.string(),
  /** Platform or transport code when not found / failed (explained on read). */
  code: z.string().nullable().default(null),
  subCode: z.string().nullable().default(null),
  missingScopes: z.array(z.string()).default([]),
  resolvedAt: z.string(),
});

export const credentialTestRecordSchema = z.object({
  ok: z.boolean(),
  at: z.string(),
  /** The step that failed and its code, when not ok. */
  failedStep: z.string().nullable().default(null),
  code: z.string().nullable().default(null),
});

export const secretMetaSchema = z.object({ changedAt: z.string() });

export const settingsSchema = z.object({
  schemaVersion: z.literal(SETTINGS_VERSION),
  /** Random per data folder: namespaces keychain entries so installs never share secrets. */
  installId: z.string().min(8),
  ui: z.object({ language: z.enum(['en-US', 'zh-CN']).nullable().default(null) }).default({ language: null }),
  channels: channelsSchema.default(channelsSchema.parse({})),
  guide: z.partialRecord(z.enum(CHANNEL_IDS), guideStateSchema).default({}),
  /** When each vault entry was last changed (ISO time), by vault key. Presence = the secret is set. */
  secretsMeta: z.record(z.string(), secretMetaSchema).default({}),
  /** Legacy: users live in directory.sqlite; a list found here is moved there once, then emptied. */
  users: z.array(userRecordSchema).default([]),
  rules: z.array(ruleRecordSchema).default([]),
  /** DMS webhook intake: the path token (`/hooks/dms/<token>`, set at first start) and signature policy. */
  inbox: inboxSettingsSchema.default(inboxSettingsSchema.parse({})),
  /** DMS OpenAPI connection for the watcher; the AccessKey secret is the vault key `dms/accessKeySecret`. */
  dms: dmsConnectionSchema.default(dmsConnectionSchema.parse({})),
  /** Legacy: lookups live in directory.sqlite (moved there once, with `users`). */
  userResolutions: z.record(z.string(), z.partialRecord(z.enum(CHANNEL_IDS), userResolutionSchema)).default({}),
  /** The last credential test of each channel (shown on the channel card). */
  credentialTests: z.partialRecord(z.enum(CHANNEL_IDS), credentialTestRecordSchema).default({}),
  /** The last DMS connection test, for the connection as it was then (cleared when the connection changes). */
  dmsTest: credentialTestRecordSchema.nullable().default(null),
  /** Events whose deliveries all finished (sent/discarded) are deleted after this many days. */
  retention: z.object({ sentEventDays: sentEventDaysSchema.default(RETENTION_DEFAULT_DAYS) }).default({ sentEventDays: RETENTION_DEFAULT_DAYS }),
  /** Language of the messages approvers receive, per channel; absent = the platform's default (notify-language.ts). */
  notifyLanguage: z.partialRecord(z.enum(CHANNEL_IDS), z.enum(['en-US', 'zh-CN'])).default({}),
  /** Approval-reminder defaults: a rule's `reminders` fields left out take these (then REMINDER_DEFAULTS). */
  reminderDefaults: reminderConfigSchema.default({}),
});

export type Settings = z.infer<typeof settingsSchema>;
export type DmsUser = z.infer<typeof userRecordSchema>;
export type UserResolution = z.infer<typeof userResolutionSchema>;
export type CredentialTestRecord = z.infer<typeof credentialTestRecordSchema>;
export type Rule = z.infer<typeof ruleRecordSchema>;

/** A fresh document for a new data folder. */
export const defaultSettings = (): Settings => settingsSchema.parse({ schemaVersion: SETTINGS_VERSION, installId: randomUUID() });
