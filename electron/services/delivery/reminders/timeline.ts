import { REMINDER_DEFAULTS, type QuietHours, type ReminderConfig, type ReminderStep } from '../../../../shared/reminders.js';

const MIN = 60_000;
const DAY_MINUTES = 24 * 60;

/**
 * One formatter per zone: building one costs far more than using it, and the intake asks on every
 * event. Bounded in case of many distinct zone spellings (names are case-insensitive, offsets accepted).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    if (formatters.size >= 500) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

/** Minutes since local midnight of `at` in `timeZone` (Intl only: no tz database of our own). */
function localMinutes(at: number, timeZone: string): number {
  // "HH:MM" (format() is about twice as fast as formatToParts()).
  const hm = /(\d{2})\D+(\d{2})/.exec(formatter(timeZone).format(at));
  return Number(hm?.[1] ?? '0') * 60 + Number(hm?.[2] ?? '0');
}

const hhmm = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/**
 * The first whole minute `t0 + k` min (0 ≤ k < steps) whose local minute of day `m` has `wait(m) === 0`,
 * where `wait(m)` counts the minutes from `m` to the next such minute of day; null if none. The same
 * answer as asking Intl minute by minute, in a few calls: while the UTC offset stays, local minutes
 * advance with UTC ones, so the answer is `wait` minutes ahead. Intl confirms the local minute there;
 * if it differs, the offset changed (DST) and a binary search finds the first minute on the new offset,
 * from which the search goes on. This assumes no zone changes its offset and back within one span.
 */
function firstLocalMinute(t0: number, steps: number, timeZone: string, wait: (m: number) => number): number | null {
  const end = t0 + steps * MIN;
  let t = t0;
  while (t < end) {
    const m = localMinutes(t, timeZone);
    const sameOffset = (x: number): boolean => localMinutes(x, timeZone) === (m + (x - t) / MIN) % DAY_MINUTES;
    const hit = t + wait(m) * MIN;
    const last = Math.min(hit, end - MIN);
    if (sameOffset(last)) return hit < end ? hit : null;
    let lo = t;
    let hi = last;
    while (hi - lo > MIN) {
      const mid = lo + Math.floor((hi - lo) / MIN / 2) * MIN;
      if (sameOffset(mid)) lo = mid;
      else hi = mid;
    }
    t = hi;
  }
  return null;
}

/**
 * The first moment at or after `at` outside quiet hours: the next whole minute on which the local
 * time is outside the window, looking at most a day ahead (a DST jump or an odd offset is Intl's).
 */
export function afterQuietHours(at: number, quiet: QuietHours | undefined): number {
  if (!quiet) return at;
  const from = hhmm(quiet.from);
  const to = hhmm(quiet.to);
  if (from === to) return at;
  const inside = (m: number): boolean => (from < to ? m >= from && m < to : m >= from || m < to);
  if (!inside(localMinutes(at, quiet.timeZone))) return at;
  const first = Math.ceil((at + 1) / MIN) * MIN;
  const steps = DAY_MINUTES + 1;
  return firstLocalMinute(first, steps, quiet.timeZone, (m) => (inside(m) ? (to - m + DAY_MINUTES) % DAY_MINUTES : 0)) ?? first + steps * MIN;
}

/** The next local `hh:mm` in `timeZone` strictly after `after` (daily digest). */
export function nextLocalTime(after: number, at: string, timeZone: string): number {
  const target = hhmm(at);
  const first = Math.floor(after / MIN) * MIN + MIN;
  return firstLocalMinute(first, DAY_MINUTES + 120, timeZone, (m) => (target - m + DAY_MINUTES) % DAY_MINUTES) ?? after + DAY_MINUTES * MIN;
}

export type EffectiveReminders = Required<Pick<ReminderConfig, 'firstAfterMinutes' | 'repeatEveryMinutes' | 'maxReminders'>> & ReminderConfig;

export const effectiveReminders = (c: ReminderConfig): EffectiveReminders => ({ ...REMINDER_DEFAULTS, ...c });

export const escalates = (c: ReminderConfig): boolean => c.escalateAfterMinutes !== undefined && (c.escalateTo?.length ?? 0) > 0;

const reminderStep = (c: EffectiveReminders, since: number, n: number): ReminderStep => {
  const dueAt = since + (c.firstAfterMinutes + (n - 1) * c.repeatEveryMinutes) * MIN;
  return { kind: 'reminder', n, dueAt, firesAt: afterQuietHours(dueAt, c.quietHours) };
};

const escalationStep = (c: EffectiveReminders, since: number): ReminderStep => {
  const dueAt = since + (c.escalateAfterMinutes ?? 0) * MIN;
  return { kind: 'escalation', n: 0, dueAt, firesAt: afterQuietHours(dueAt, c.quietHours) };
};

const firingOrder = (a: ReminderStep, b: ReminderStep): number => a.firesAt - b.firesAt || a.n - b.n;

/**
 * Every reminder and the escalation of a ticket pending since `since`, in firing order. Reminder n is
 * due at first + (n-1) × repeat; quiet hours move a step later, never drop it.
 */
export function reminderTimeline(config: ReminderConfig, since: number): ReminderStep[] {
  const c = effectiveReminders(config);
  const steps: ReminderStep[] = [];
  for (let n = 1; n <= c.maxReminders; n++) steps.push(reminderStep(c, since, n));
  if (escalates(c)) steps.push(escalationStep(c, since));
  return steps.sort(firingOrder);
}

/**
 * `reminderTimeline(config, since)[0]` without planning the rest (the intake's per-event cost): quiet
 * hours never reorder steps (a later due time never fires earlier), so the first is reminder 1 or the
 * escalation.
 */
export function firstReminderStep(config: ReminderConfig, since: number): ReminderStep | undefined {
  const c = effectiveReminders(config);
  const candidates = [...(c.maxReminders >= 1 ? [reminderStep(c, since, 1)] : []), ...(escalates(c) ? [escalationStep(c, since)] : [])];
  return candidates.sort(firingOrder)[0];
}
