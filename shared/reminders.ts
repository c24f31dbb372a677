import { z } from 'zod';

const minutes = z
  .number()
  .int()
  .min(1)
  .max(60 * 24 * 30);
// Custom issues carry their Chinese text in params.zh (parseLocalized in shared/errors.ts).
const clockTime = z.string().refine((s) => /^([01]\d|2[0-3]):[0-5]\d$/.test(s), {
  error: 'Expected a time as HH:MM (00:00–23:59)',
  params: { zh: '应为 HH:MM 格式的时间（00:00–23:59）' },
});
const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { error: 'Unknown time zone: use an IANA name such as Asia/Shanghai', params: { zh: '未知时区：请使用 IANA 名称，例如 Asia/Shanghai' } },
);

/** Reminders pause between `from` and `to` (local time in `timeZone`); due ones go at `to`. */
export const quietHoursSchema = z.object({ from: clockTime, to: clockTime, timeZone }).strict();
export type QuietHours = z.infer<typeof quietHoursSchema>;

/**
 * A rule's `reminders` section (config file, rule editor). Absent fields take the defaults below;
 * escalation happens only with both `escalateAfterMinutes` and `escalateTo`.
 */
export const reminderConfigSchema = z
  .object({
    firstAfterMinutes: minutes.optional(),
    repeatEveryMinutes: minutes.optional(),
    maxReminders: z.number().int().min(1).max(100).optional(),
    escalateAfterMinutes: minutes.optional(),
    escalateTo: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
    quietHours: quietHoursSchema.optional(),
    /** A daily list of each approver's pending tickets at this local time (quietHours' time zone, else Asia/Shanghai). */
    digest: z.object({ at: clockTime }).strict().optional(),
  })
  .strict();
export type ReminderConfig = z.infer<typeof reminderConfigSchema>;

export const REMINDER_DEFAULTS = { firstAfterMinutes: 30, repeatEveryMinutes: 60, maxReminders: 3 } as const;

/**
 * A rule's reminders with the Settings defaults under them (field by field: a rule's own value wins).
 * Undefined when the rule has no `reminders` section: the defaults never switch reminders on by themselves.
 */
export function withReminderDefaults(rule: ReminderConfig | undefined, defaults: ReminderConfig): ReminderConfig | undefined {
  if (!rule) return undefined;
  const merged: ReminderConfig = { ...defaults };
  for (const [k, v] of Object.entries(rule)) if (v !== undefined) Object.assign(merged, { [k]: v });
  return merged;
}
export const DEFAULT_DIGEST_TIME_ZONE = 'Asia/Shanghai';

/** One planned step of a ticket's reminder timeline (simulator, scheduler). */
export const reminderStepSchema = z.object({
  kind: z.enum(['reminder', 'escalation']),
  /** 1-based reminder number; 0 for the escalation. */
  n: z.number().int(),
  /** When it is due by the minutes alone, and when it goes after quiet hours (epoch ms). */
  dueAt: z.number(),
  firesAt: z.number(),
});
export type ReminderStep = z.infer<typeof reminderStepSchema>;

const markPerson = z.object({ uid: z.string(), name: z.string() });

/**
 * What an outbox event sent by the reminder scheduler is (stored with it): the sender writes the text
 * in each channel's notification language from this, not from the event body.
 */
export const reminderMarkSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reminder'), n: z.number().int().min(1), minutes: z.number().int().min(0) }),
  z.object({ kind: z.literal('escalation'), minutes: z.number().int().min(0), notActed: z.array(markPerson) }),
  z.object({
    kind: z.literal('digest'),
    /** When the digest was made (ages are counted to it), epoch ms. */
    at: z.number(),
    tickets: z.array(z.object({ taskId: z.string(), taskName: z.string(), since: z.number() })),
  }),
]);
export type ReminderMark = z.infer<typeof reminderMarkSchema>;
