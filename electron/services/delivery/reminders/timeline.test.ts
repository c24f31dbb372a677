import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QuietHours, ReminderConfig } from '../../../../shared/reminders.js';
import { afterQuietHours, firstReminderStep, nextLocalTime, reminderTimeline } from './timeline.js';

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

it('quiet hours and digests across DST: the window ends at its local time on the new offset', () => {
  const iso = (t: number): string => new Date(t).toISOString();
  // New York, fall back (2026-11-01 02:00 EDT → 01:00 EST): 22:00–08:00 from 23:00 EDT ends at 08:00 EST.
  const ny = { from: '22:00', to: '08:00', timeZone: 'America/New_York' };
  expect(iso(afterQuietHours(at('2026-11-01T03:00:00Z'), ny))).toBe('2026-11-01T13:00:00.000Z');
  // Spring forward (2026-03-08 02:00 EST → 03:00 EDT): 22:00–08:00 ends at 08:00 EDT.
  expect(iso(afterQuietHours(at('2026-03-08T04:00:00Z'), ny))).toBe('2026-03-08T12:00:00.000Z');
  // Berlin, spring forward (2026-03-29 02:00 CET → 03:00 CEST): 02:30 never happens, so 22:00–02:30 ends at 03:00.
  const berlin = (from: string, to: string): QuietHours => ({ from, to, timeZone: 'Europe/Berlin' });
  expect(iso(afterQuietHours(at('2026-03-28T22:00:00Z'), berlin('22:00', '02:30')))).toBe('2026-03-29T01:00:00.000Z');
  // Fall back (2026-10-25 03:00 CEST → 02:00 CET): 22:00–02:30 ends at the first 02:30 (CEST).
  expect(iso(afterQuietHours(at('2026-10-24T21:00:00Z'), berlin('22:00', '02:30')))).toBe('2026-10-25T00:30:00.000Z');
  // 02:30–03:30 entered at 02:45 CEST: the clock goes back to 02:00 CET, which is outside.
  expect(iso(afterQuietHours(at('2026-10-25T00:45:00Z'), berlin('02:30', '03:30')))).toBe('2026-10-25T01:00:00.000Z');
  // A 02:30 digest skips the day without 02:30.
  expect(iso(nextLocalTime(at('2026-03-28T23:00:00Z'), '02:30', 'Europe/Berlin'))).toBe('2026-03-30T00:30:00.000Z');
  expect(iso(nextLocalTime(at('2026-10-24T23:00:00Z'), '09:00', 'Europe/Berlin'))).toBe('2026-10-25T08:00:00.000Z');
});

describe('the arithmetic equals the minute-by-minute walk it replaced', () => {
  // The previous implementation, kept here as the reference (with one formatter per zone, same answers).
  const formatters = new Map<string, Intl.DateTimeFormat>();
  const minutesIn = (t: number, timeZone: string): number => {
    if (!formatters.has(timeZone))
      formatters.set(timeZone, new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
    const parts = formatters.get(timeZone)!.formatToParts(t);
    const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
    return get('hour') * 60 + get('minute');
  };
  const hhmm = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  function walkAfterQuietHours(t0: number, quiet: QuietHours): number {
    const from = hhmm(quiet.from);
    const to = hhmm(quiet.to);
    if (from === to) return t0;
    const inside = (t: number): boolean => {
      const m = minutesIn(t, quiet.timeZone);
      return from < to ? m >= from && m < to : m >= from || m < to;
    };
    if (!inside(t0)) return t0;
    let t = Math.ceil((t0 + 1) / MIN) * MIN;
    for (let i = 0; i < 24 * 60 + 1 && inside(t); i++) t += MIN;
    return t;
  }
  function walkNextLocalTime(after: number, hm: string, timeZone: string): number {
    let t = Math.floor(after / MIN) * MIN + MIN;
    for (let i = 0; i < 24 * 60 + 120; i++, t += MIN) if (minutesIn(t, timeZone) === hhmm(hm)) return t;
    return after + 24 * 60 * MIN;
  }

  const pad = (n: number): string => String(n).padStart(2, '0');
  const clock = fc.integer({ min: 0, max: 24 * 60 - 1 }).map((m) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`);
  // Around the small hours, where DST moves the clock.
  const nightClock = fc.integer({ min: 0, max: 5 * 60 }).map((m) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`);
  const anyClock = fc.oneof(clock, nightClock);
  const allZones = Intl.supportedValuesOf('timeZone');
  const dstZones = [
    'Europe/Berlin',
    'America/New_York',
    'America/Santiago',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'America/Havana',
    'Africa/Casablanca',
    'Asia/Tehran',
    'Pacific/Apia',
    'America/St_Johns',
  ];
  const zone = fc.oneof(fc.constantFrom(...allZones), fc.constantFrom(...dstZones));
  // Any instant 1990–2045, or one in the months DST starts and ends (both hemispheres), to the second.
  const anyInstant = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2045, 0, 1) });
  const dstInstant = fc
    .record({
      year: fc.integer({ min: 2000, max: 2040 }),
      month: fc.constantFrom(2, 3, 8, 9, 10),
      day: fc.integer({ min: 0, max: 30 }),
      s: fc.integer({ min: 0, max: 86_399 }),
    })
    .map(({ year, month, day, s }) => Date.UTC(year, month, 1) + day * 86_400_000 + s * 1000 + (s % 7) * 113);
  const instant = fc.oneof(anyInstant, dstInstant);
  const quiet = fc.record({ from: anyClock, to: anyClock, timeZone: zone });

  it('afterQuietHours: random zones, windows and instants', () => {
    fc.assert(
      fc.property(instant, quiet, (t, q) => {
        expect(afterQuietHours(t, q)).toBe(walkAfterQuietHours(t, q));
      }),
      { numRuns: 500 },
    );
  });

  it('nextLocalTime: random zones, times and instants', () => {
    fc.assert(
      fc.property(instant, anyClock, zone, (t, hm, tz) => {
        expect(nextLocalTime(t, hm, tz)).toBe(walkNextLocalTime(t, hm, tz));
      }),
      { numRuns: 400 },
    );
  });

  it("the intake plans the first step only, and it is the timeline's first", () => {
    const config: fc.Arbitrary<ReminderConfig> = fc.record(
      {
        firstAfterMinutes: fc.integer({ min: 1, max: 3000 }),
        repeatEveryMinutes: fc.integer({ min: 1, max: 3000 }),
        maxReminders: fc.integer({ min: 1, max: 5 }),
        escalateAfterMinutes: fc.integer({ min: 1, max: 3000 }),
        escalateTo: fc.constant(['1002']),
        quietHours: quiet,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(config, instant, (c, since) => {
        expect(firstReminderStep(c, since)).toEqual(reminderTimeline(c, since)[0]);
      }),
      { numRuns: 300 },
    );
  });
});
