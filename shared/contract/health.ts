import { z } from 'zod';
import { CHANNEL_IDS } from '../catalog/channels.js';
import { localizedTextSchema } from '../errors.js';
import { longConnectionViewSchema } from './approvals.js';
import { emptyInput, method, type MethodDef } from './define.js';

export const HEALTH_OVERALL = ['ok', 'degraded', 'setup'] as const;
export const CHANNEL_HEALTH_STATES = ['ok', 'failing', 'idle', 'disabled'] as const;
export type ChannelHealthState = (typeof CHANNEL_HEALTH_STATES)[number];

export const channelHealthSchema = z.object({
  channel: z.enum(CHANNEL_IDS),
  enabled: z.boolean(),
  /** All required fields and secrets are set. */
  configured: z.boolean(),
  /**
   * From channel-level signals only (token, credentials, scope, quota, outage — of sends, lookups and the
   * credential test): failing while the newest such failure since the credentials last changed is not
   * followed by a success (or a passed credential test); ok once the channel delivered or answered a
   * lookup; idle before that. A person or chat that cannot be reached never makes a channel failing
   * (see recipientProblems).
   */
  state: z.enum(CHANNEL_HEALTH_STATES),
  /** When the channel last did its job: a delivery or a lookup answer. */
  lastSuccessAt: z.string().nullable(),
  /** The newest channel-level failure that still counts (the cause while failing). */
  lastError: z.object({ at: z.string(), code: z.string(), explanation: localizedTextSchema }).nullable(),
  /** Deliveries waiting, being sent or waiting for a retry. */
  queued: z.number().int(),
  deadLetters: z.number().int(),
  /** People and chats this channel cannot reach (no such person, outside the app's availability, bot not in the chat). */
  recipientProblems: z.number().int(),
  /** Attempts the platform throttled (429 / rate-limit codes) in the last 24 hours. */
  rateLimitWaits24h: z.number().int(),
  credentialTest: z.object({ passed: z.boolean(), at: z.string() }).nullable(),
  /**
   * Approve from chat: the channel's long connection (absent or null = the feature is off on this channel). A failing
   * connection makes the summary degraded but never the channel's `state`: sending still works without it.
   */
  longConnection: longConnectionViewSchema.nullable().optional(),
});
export type ChannelHealth = z.infer<typeof channelHealthSchema>;

export const healthSummarySchema = z.object({
  /** setup: no channel enabled yet; degraded: a channel failing, dead letters, watcher error, keychain unusable or an approve-from-chat connection failing. */
  overall: z.enum(HEALTH_OVERALL),
  generatedAt: z.string(),
  keychain: z.object({ ok: z.boolean(), problem: localizedTextSchema.nullable() }),
  channels: z.array(channelHealthSchema),
  queue: z.object({ depth: z.number().int(), deadLetters: z.number().int(), paused: z.boolean() }),
  watcher: z.object({
    enabled: z.boolean(),
    running: z.boolean(),
    lastPollAt: z.string().nullable(),
    lastError: z.object({ at: z.string(), explanation: localizedTextSchema }).nullable(),
  }),
  inbox: z.object({ lastEventAt: z.string().nullable(), lastEventSource: z.string().nullable() }),
});
export type HealthSummary = z.infer<typeof healthSummarySchema>;

export const healthMethods = {
  /** One truthful summary for the Home page, `channel-desk status` and `/healthz`. */
  'health.get': method(emptyInput, healthSummarySchema),
} satisfies Record<string, MethodDef>;
