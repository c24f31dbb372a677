import { z } from 'zod';
import { CHANNEL_IDS } from '../../../shared/catalog/channels.js';

/**
 * The settings document (one JSON file in the data folder). Never holds a secret: secret values live
 * in the vault and only their "set at" time is kept here. Bump SETTINGS_VERSION with a migration.
 */
export const SETTINGS_VERSION = 1;

const channelSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  region: z.string().nullable().default(null),
  /** Non-secret credential values by field id. */
  values: z.record(z.string(), z.string()).default({}),
  /** Base URL overrides by id (apiBaseUrl, oapiBaseUrl); absent = the platform default. */
  baseUrls: z.record(z.string(), z.string()).default({}),
});

const channelsSchema = z.object(
  Object.fromEntries(CHANNEL_IDS.map((id) => [id, channelSettingsSchema.default(channelSettingsSchema.parse({}))])) as {
    [K in (typeof CHANNEL_IDS)[number]]: z.ZodDefault<typeof channelSettingsSchema>;
  },
);

const guideStateSchema = z.object({
  region: z.string().nullable().default(null),
  /** Ticked step and permission ids. */
  checked: z.array(z.string()).default([]),
});

export const dmsUserSchema = z.object({
  uid: z.string().min(1),
  name: z.string().default(''),
  mobile: z.string().default(''),
  email: z.string().default(''),
});

export const ruleSchema = z.object({
  module: z.string().min(1),
  businessType: z.string().min(1),
  status: z.string().min(1),
  enabled: z.boolean().default(true),
  additionalUsers: z.array(z.string()).default([]),
  /** Empty = every enabled channel. */
  channels: z.array(z.enum(CHANNEL_IDS)).default([]),
});

export const settingsSchema = z.object({
  schemaVersion: z.literal(SETTINGS_VERSION),
  /** Random per data folder: namespaces keychain entries so installs never share secrets. */
  installId: z.string().min(8),
  ui: z.object({ language: z.enum(['en-US', 'zh-CN']).nullable().default(null) }).default({ language: null }),
  channels: channelsSchema.default(channelsSchema.parse({})),
  guide: z.record(z.string(), guideStateSchema).default({}),
  /** When each vault entry was last changed (ISO time), by vault key. */
  secretsMeta: z.record(z.string(), z.object({ changedAt: z.string() })).default({}),
  users: z.array(dmsUserSchema).default([]),
  rules: z.array(ruleSchema).default([]),
});

export type Settings = z.infer<typeof settingsSchema>;
export type ChannelSettings = z.infer<typeof channelSettingsSchema>;
export type DmsUser = z.infer<typeof dmsUserSchema>;
export type Rule = z.infer<typeof ruleSchema>;
