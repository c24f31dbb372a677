import { REMINDER_DEFAULTS, type QuietHours, type ReminderConfig, type ReminderStep } from '../../../../shared/reminders.js';

const MIN = 60_000;

/** One formatter per zone: building one costs far more than formatting, and the digest walk formats up to 1,560 minutes. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes since local midnight of `at` in `timeZone` (Intl only: no tz database of our own). */
function localMinutes(at: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
  return get('hour') * 60 + get('minute');
}

const hhmm = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/**
 * The first moment at or after `at` outside quiet hours. Walks minute by minute to the end of the quiet
 * window (at most a day), so a DST jump or an odd offset is handled by Intl, not by arithmetic here.
 */
export function afterQuietHours(at: number, quiet: QuietHours | undefined): number {
  if (!quiet) return at;
  const from = hhmm(quiet.from);
  const to = hhmm(quiet.to);
  if (from === to) return at;
  const inside = (t: number): boolean => {
    const m = localMinutes(t, quiet.timeZone);
    return from < to ? m >= from && m < to : m >= from || m < to;
  };
  if (!inside(at)) return at;
  // Jump to the next whole minute, then step; ≤ 1440 steps.
  let t = Math.ceil((at + 1) / MIN) * MIN;
  for (let i = 0; i < 24 * 60 + 1 && inside(t); i++) t += MIN;
  return t;
}

/** The next local `hh:mm` in `timeZone` strictly after `after` (daily digest). */
export function nextLocalTime(after: number, at: string, timeZone: string): number {
  const target = hhmm(at);
  let t = Math.floor(after / MIN) * MIN + MIN;
  for (let i = 0; i < 24 * 60 + 120; i++, t += MIN) if (localMinutes(t, timeZone) === target) return t;
  return after + 24 * 60 * MIN;
}

export type EffectiveReminders = Required<Pick<ReminderConfig, 'firstAfterMinutes' | 'repeatEveryMinutes' | 'maxReminders'>> & ReminderConfig;

export const effectiveReminders = (c: ReminderConfig): EffectiveReminders => ({ ...REMINDER_DEFAULTS, ...c });

export const escalates = (c: ReminderConfig): boolean => c.escalateAfterMinutes !== undefined && (c.escalateTo?.length ?? 0) > 0;

/**
 * Every reminder and the escalation of a ticket pending since `since`, in firing order. Reminder n is
 * due at first + (n-1) × repeat; quiet hours move a step later, never drop it.
 */
export function reminderTimeline(config: ReminderConfig, since: number): ReminderStep[] {
  const c = effectiveReminders(config);
  const steps: ReminderStep[] = [];
  for (let n = 1; n <= c.maxReminders; n++) {
    const dueAt = since + (c.firstAfterMinutes + (n - 1) * c.repeatEveryMinutes) * MIN;
    steps.push({ kind: 'reminder', n, dueAt, firesAt: afterQuietHours(dueAt, c.quietHours) });
  }
  if (escalates(c)) {
    const dueAt = since + (c.escalateAfterMinutes ?? 0) * MIN;
    steps.push({ kind: 'escalation', n: 0, dueAt, firesAt: afterQuietHours(dueAt, c.quietHours) });
  }
  return steps.sort((a, b) => a.firesAt - b.firesAt || a.n - b.n);
}
