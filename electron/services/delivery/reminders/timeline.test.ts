import { expect, it } from 'vitest';
import { afterQuietHours, nextLocalTime, reminderTimeline } from './timeline.js';

const MIN = 60_000;
const at = (iso: string): number => Date.parse(iso);
const SH = 'Asia/Shanghai';

it('reminders start firstAfterMinutes after the event, repeat every repeatEveryMinutes up to maxReminders; the escalation sits at its own time', () => {
  const since = at('2026-12-01T02:00:00Z'); // 10:00 in Shanghai
  const steps = reminderTimeline({ firstAfterMinutes: 30, repeatEveryMinutes: 60, maxReminders: 3, escalateAfterMinutes: 120, escalateTo: ['u1'] }, since);
  expect(steps.map((s) => [s.kind, s.n, (s.firesAt - since) / MIN])).toEqual([
    ['reminder', 1, 30],
    ['reminder', 2, 90],
    ['escalation', 0, 120],
    ['reminder', 3, 150],
  ]);
});

it('defaults: 30 min, then every 60, three reminders; no escalation without escalateTo', () => {
  const steps = reminderTimeline({ escalateAfterMinutes: 10 }, 0);
  expect(steps.map((s) => s.dueAt / MIN)).toEqual([30, 90, 150]);
});

it('quiet hours across midnight delay to their end in the rule time zone, never drop', () => {
  const quiet = { from: '22:00', to: '08:00', timeZone: SH };
  // 23:30 Shanghai → 08:00 Shanghai the next day.
  expect(new Date(afterQuietHours(at('2026-12-01T15:30:00Z'), quiet)).toISOString()).toBe('2026-12-02T00:00:00.000Z');
  // 07:59 → 08:00; 12:00 stays.
  expect(new Date(afterQuietHours(at('2026-12-01T23:59:00Z'), quiet)).toISOString()).toBe('2026-12-02T00:00:00.000Z');
  expect(afterQuietHours(at('2026-12-01T04:00:00Z'), quiet)).toBe(at('2026-12-01T04:00:00Z'));
  // Same wall-clock window in another zone: 22:00–08:00 in New York is 03:00–13:00 UTC (EST).
  const ny = { from: '22:00', to: '08:00', timeZone: 'America/New_York' };
  expect(new Date(afterQuietHours(at('2026-12-01T05:00:00Z'), ny)).toISOString()).toBe('2026-12-01T13:00:00.000Z');
});

it('a daytime window (12:00–13:00) and the steps in it: all move to 13:00, in order, none lost', () => {
  const since = at('2026-12-01T03:50:00Z'); // 11:50 Shanghai
  const steps = reminderTimeline(
    { firstAfterMinutes: 15, repeatEveryMinutes: 15, maxReminders: 3, quietHours: { from: '12:00', to: '13:00', timeZone: SH } },
    since,
  );
  expect(steps.map((s) => new Date(s.firesAt).toISOString())).toEqual(['2026-12-01T05:00:00.000Z', '2026-12-01T05:00:00.000Z', '2026-12-01T05:00:00.000Z']);
  expect(steps.map((s) => s.n)).toEqual([1, 2, 3]);
});

it('the next local digest time is in the given zone', () => {
  expect(new Date(nextLocalTime(at('2026-12-01T02:00:00Z'), '09:00', SH)).toISOString()).toBe('2026-12-02T01:00:00.000Z');
  expect(new Date(nextLocalTime(at('2026-12-01T00:00:00Z'), '09:00', SH)).toISOString()).toBe('2026-12-01T01:00:00.000Z');
});
