import { z } from 'zod';
import { CHANNEL_IDS } from '../catalog/channels.js';
import { ruleChatsSchema } from '../chats.js';
import { dmsEventSchema } from '../events/dms-event.js';
import { localizedTextSchema } from '../errors.js';
import { reminderConfigSchema, reminderStepSchema } from '../reminders.js';
import { ruleTemplatesSchema } from '../template-variables.js';
import { emptyInput, method, type MethodDef } from './define.js';

/** A rule is identified by its (module, business type, status) triple; `*` means any. */
export const ruleKeySchema = z.object({
  module: z.string().trim().min(1).max(200),
  businessType: z.string().trim().min(1).max(200),
  status: z.string().trim().min(1).max(200),
});
export type RuleKey = z.infer<typeof ruleKeySchema>;

export const ruleInputSchema = ruleKeySchema.extend({
  /** Keep values the catalogue lacks (DMS sends them) instead of refusing them. */
  custom: z.boolean().default(false),
  enabled: z.boolean().default(true),
  /** DMS user ids notified in addition to the event's own recipients. */
  additionalUsers: z.array(z.string().min(1).max(200)).max(500).default([]),
  /** Empty = every enabled channel. */
  channels: z.array(z.enum(CHANNEL_IDS)).default([]),
  /** Approval reminders (absent = none). */
  reminders: reminderConfigSchema.optional(),
  /** Group chats the rule also posts to, one delivery per chat (absent or empty = none). */
  chats: ruleChatsSchema.optional(),
  /** Message templates by channel id (absent = the default message). */
  templates: ruleTemplatesSchema.optional(),
});
export type RuleInput = z.input<typeof ruleInputSchema>;

const catalogMatchSchema = z.object({ id: z.string(), known: z.boolean(), name: localizedTextSchema, raw: z.string() });

export const ruleViewSchema = ruleInputSchema.extend({
  names: z.object({ module: localizedTextSchema, businessType: localizedTextSchema, status: localizedTextSchema }),
});
export type RuleView = z.infer<typeof ruleViewSchema>;

const rulesList = z.object({ rules: z.array(ruleViewSchema) });

export const RECIPIENT_ORIGINS = ['event', 'submitter', 'rule'] as const;
/**
 * Why someone gets nothing on a channel: not in Users; not looked up yet (asked at send time, so still
 * reached); the platform has no such person; outside the app's availability; or a choice (channel/rule off).
 */
export const SKIP_REASONS = [
  'not-in-users',
  'lookup-pending',
  'not-found',
  'outside-availability',
  'channel-disabled',
  'rule-disabled',
  'no-recipients',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

const personSchema = z.object({ uid: z.string(), name: z.string() });

export const simulationSchema = z.object({
  kind: z.object({ module: catalogMatchSchema, businessType: catalogMatchSchema, status: catalogMatchSchema }),
  /** The rule that decided, or null when no rule matches and DMS's defaults apply. */
  rule: ruleViewSchema.nullable(),
  willSend: z.boolean(),
  channels: z.array(
    z.object({
      channel: z.enum(CHANNEL_IDS),
      enabled: z.boolean(),
      /** False when the channel is disabled or the rule does not use it. */
      used: z.boolean(),
      recipients: z.array(personSchema.extend({ platformUserId: z.string(), origin: z.enum(RECIPIENT_ORIGINS) })),
      missing: z.array(personSchema.extend({ reason: z.enum(SKIP_REASONS) })),
    }),
  ),
  /** The deciding rule's group chats; `reason` says why one would not be posted to (rule or channel off). */
  chats: z.array(
    z.object({
      channel: z.enum(CHANNEL_IDS),
      chatId: z.string(),
      name: z.string(),
      reason: z.enum(['rule-disabled', 'channel-disabled']).nullable(),
    }),
  ),
  /** People who would get nothing at all, with why. */
  nobody: z.array(personSchema.extend({ reason: z.enum(SKIP_REASONS), message: localizedTextSchema })),
  /** When the rule's reminders and escalation would fire if the ticket stayed pending (quiet hours applied). */
  reminders: z.array(reminderStepSchema).optional(),
  /** Who the escalation goes to (DMS UIDs, Settings defaults applied), with `reminders`. */
  escalateTo: z.array(z.string()).optional(),
});
export type Simulation = z.infer<typeof simulationSchema>;

export const simulateInputSchema = z.union([
  z.object({ event: dmsEventSchema }),
  ruleKeySchema.extend({
    /** Sample people standing in for the event's approvers / receivers. */
    eventUsers: z.array(z.string().min(1)).max(100).default([]),
    submitterUid: z.string().default(''),
  }),
]);

/** "Send this event for real": the simulated event, to its reachable people and the chats the admin ticked (none by default). */
export const sendTestInputSchema = simulateInputSchema.and(z.object({ chats: z.array(z.string().min(1).max(200)).max(100).default([]) }));

export const rulesMethods = {
  'rules.list': method(emptyInput, rulesList),
  /** Adds or replaces the rule with the same key; `previous` renames a rule's key. */
  'rules.save': method(z.object({ rule: ruleInputSchema, previous: ruleKeySchema.optional() }), rulesList),
  'rules.delete': method(z.object({ key: ruleKeySchema }), rulesList),
  'rules.setEnabled': method(z.object({ key: ruleKeySchema, enabled: z.boolean() }), rulesList),
  'rules.simulate': method(simulateInputSchema, simulationSchema),
  /** Approval-reminder defaults (Settings): what a rule's `reminders` fields left empty take. */
  'rules.reminderDefaults': method(emptyInput, z.object({ defaults: reminderConfigSchema })),
  'rules.saveReminderDefaults': method(z.object({ defaults: reminderConfigSchema }), z.object({ defaults: reminderConfigSchema })),
} satisfies Record<string, MethodDef>;
