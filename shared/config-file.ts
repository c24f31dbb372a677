import { z } from 'zod';
import { reminderConfigSchema } from './reminders.js';
import { CHANNEL_IDS, CHANNELS, type ChannelDef, type ChannelId } from './catalog/channels.js';
import { dmsConfigSectionSchema } from './contract/dms.js';
import { inboxConfigSectionSchema } from './contract/inbox.js';
import { ruleChatsSchema } from './chats.js';
import { ruleTemplatesSchema } from './template-variables.js';

/**
 * The configuration file of `channel-desk config import|export`. One schema, here, so
 * every part of the app agrees on it; a new section (e.g. `dms`) is added as one more optional key.
 *
 * ```json
 * {"version": 1,
 *  "channels": {
 *    "feishu": {"enabled": true, "region": "cn-hangzhou", "appId": "cli_…", "appSecret": "",
 *               "apiBaseUrl": "https://open.feishu.cn", "dmsHomepageUrl": "", "ticketLinkPattern": "",
 *               "approveFromChat": false, "secretsSet": ["appSecret"]},
 *    "dingtalk": {…, "approveFromChat": true, "approvalCardTemplateId": "…schema"}},
 *  "users": [{"uid": "…", "name": "…", "mobile": "…", "email": "…"}],
 *  "rules": [{"module": "Ticket", "businessType": "Data Exporting", "status": "Pending Approval",
 *             "custom": false, "enabled": true, "additionalUsers": ["<uid>"], "channels": ["feishu"]}]}
 * ```
 *
 * Import rules: every section and every key is optional. A channel key that is absent keeps the
 * stored value; `""` clears a value or returns a base URL to its default; a secret (`appSecret`) that
 * is `""` keeps the stored secret, a non-empty one is stored in the vault. `users` and `rules`, when
 * present, replace the stored lists. Rule keys are catalogue ids or DMS's English / Chinese names (any
 * case and spacing); an unknown one is refused unless the rule says `"custom": true`. Nothing is
 * changed unless the whole file is valid.
 *
 * Export: every key of every channel, base URLs as effective URLs, rule keys as English names, secrets always `""`, and
 * `secretsSet` listing which secrets are stored (informational; ignored on import).
 */
export const CONFIG_FILE_VERSION = 1;

const channelEntrySchema = (def: ChannelDef) =>
  z
    .object({
      enabled: z.boolean().optional(),
      region: z.string().nullable().optional(),
      ...Object.fromEntries(def.fields.map((f) => [f.id, z.string().max(1024).optional()])),
      ...Object.fromEntries(def.baseUrls.map((b) => [b.id, z.string().max(2048).optional()])),
      // Message links (shared/dms-links.ts): '' = the default (the region's homepage, no pattern, DingTalk's page link).
      dmsHomepageUrl: z.string().max(2048).optional(),
      ticketLinkPattern: z.string().max(2048).optional(),
      ...(def.protocol === 'dingtalk' ? { dingtalkOpen: z.string().max(32).optional() } : {}),
      // Approve from the chat card (off by default); DingTalk also names its approval card template ('' = none).
      approveFromChat: z.boolean().optional(),
      ...(def.protocol === 'dingtalk' ? { approvalCardTemplateId: z.string().max(256).optional() } : {}),
      secretsSet: z.array(z.string()).optional(),
    })
    .strict();

const channelsSectionSchema = z
  .object(
    Object.fromEntries(CHANNELS.map((def) => [def.id, channelEntrySchema(def).optional()])) as Record<
      ChannelId,
      z.ZodOptional<ReturnType<typeof channelEntrySchema>>
    >,
  )
  .strict();

/** A DMS user as kept in settings; the config file's entry is the same object, strict. */
export const userRecordSchema = z.object({
  uid: z.string().min(1),
  name: z.string().default(''),
  mobile: z.string().default(''),
  email: z.string().default(''),
});

/** A rule as kept in settings; the config file's entry is the same object, strict. */
export const ruleRecordSchema = z.object({
  module: z.string().min(1),
  businessType: z.string().min(1),
  status: z.string().min(1),
  /** A value DMS sends that the catalogue lacks: kept as written instead of being refused (absent = false). */
  custom: z.boolean().optional(),
  enabled: z.boolean().default(true),
  additionalUsers: z.array(z.string()).default([]),
  /** Empty = every enabled channel. */
  channels: z.array(z.enum(CHANNEL_IDS)).default([]),
  /** Approval reminders and escalation for tickets this rule notifies (absent = none); see shared/reminders.ts. */
  reminders: reminderConfigSchema.optional(),
  /** Group chats the rule also posts to (absent = none); see shared/chats.ts. */
  chats: ruleChatsSchema.optional(),
  /** Message templates by channel id (absent = the default message); see shared/template-variables.ts. */
  templates: ruleTemplatesSchema.optional(),
});

export const configUserSchema = userRecordSchema.strict();
export const configRuleSchema = ruleRecordSchema.strict();

export const configFileSchema = z
  .object({
    version: z.literal(CONFIG_FILE_VERSION),
    channels: channelsSectionSchema.optional(),
    users: z.array(configUserSchema).optional(),
    rules: z.array(configRuleSchema).optional(),
    /** DMS OpenAPI connection; see shared/contract/dms.ts for its keys. */
    dms: dmsConfigSectionSchema.optional(),
    /** DMS webhook inbox signature policy; see shared/contract/inbox.ts (the path token is not exported). */
    inbox: inboxConfigSectionSchema.optional(),
    /** Approval-reminder defaults (Settings page) for every rule with a `reminders` section; see shared/reminders.ts. */
    reminders: reminderConfigSchema.optional(),
  })
  .strict();

export type ConfigFile = z.infer<typeof configFileSchema>;
