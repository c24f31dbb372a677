import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { DmsEvent } from '../../../../shared/events/dms-event.js';
import type { ReminderMark } from '../../../../shared/reminders.js';
import type { Clock } from '../../clock.js';
import { Outbox } from '../outbox/outbox.js';
import { ReminderScheduler } from './scheduler.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * The wall clock (`now`) and the timers' own clock apart, as in the OS: timers count elapsed time,
 * so a step of the wall clock (resume from sleep, an NTP step) moves `now` and fires no timer.
 */
function steppingClock(start: number): Clock & { step(ms: number): void; elapse(ms: number): Promise<void> } {
  let wall = start;
  let elapsed = 0;
  let timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => wall,
    setTimer(fn, ms) {
      const timer = { at: elapsed + Math.max(0, ms), fn };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
    step(ms) {
      wall += ms;
    },
    /** Lets `ms` pass, firing each timer at its time and letting what it starts re-arm before the next. */
    async elapse(ms) {
      const end = elapsed + ms;
      for (;;) {
        const next = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        timers = timers.filter((t) => t !== next);
        wall += next.at - elapsed;
        elapsed = next.at;
        next.fn();
        await new Promise((r) => setImmediate(r));
      }
      wall += end - elapsed;
      elapsed = end;
    },
  };
}

let dir: string;
let outbox: Outbox;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-scheduler-'));
  outbox = Outbox.open(dir);
});
afterEach(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

it('after the wall clock steps past a due reminder, it fires within a minute, not when the long timer ends', async () => {
  const start = Date.parse('2026-12-01T02:00:00Z');
  const clock = steppingClock(start);
  const sent: { event: DmsEvent; mark: ReminderMark; key: string }[] = [];
  const queue = (event: DmsEvent, mark: ReminderMark, key: string) => {
    sent.push({ event, mark, key });
    return { eventId: key, duplicate: false, deliveries: 1 };
  };
  const scheduler = new ReminderScheduler({ store: outbox.reminders, queue, clock });
  const event = { taskId: '9001', taskName: 'Export', targetUsers: [{ uid: 'alice', name: 'Alice' }], receivers: [] };
  outbox.reminders.track({
    taskId: '9001',
    since: start,
    config: JSON.stringify({ firstAfterMinutes: 180, maxReminders: 1 }),
    event: JSON.stringify(event),
    nextAt: start + 3 * HOUR,
  });
  scheduler.start();

  await clock.elapse(HOUR);
  expect(sent).toHaveLength(0);
  // The machine sleeps through the due time (or NTP steps the clock): 4 h pass on the wall clock only.
  clock.step(4 * HOUR);
  await clock.elapse(MIN);
  await vi.waitFor(() => expect(sent).toHaveLength(1));
  expect(sent[0]).toMatchObject({ mark: { kind: 'reminder', n: 1 }, key: `reminder:9001:${start}:0` });
  await scheduler.stop();
});
