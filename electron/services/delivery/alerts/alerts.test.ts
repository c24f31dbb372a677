import { describe, expect, it } from 'vitest';
import type { StateCounts } from '../../../../shared/contract/sender.js';
import type { Clock } from '../../clock.js';
import { createAlerts } from './alerts.js';

/** A clock whose timers run only when the test advances time. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let seq = 0;
  return {
    now: () => now,
    setTimer(fn, ms) {
      const id = ++seq;
      timers.push({ at: now + ms, fn, id });
      return () => {
        timers = timers.filter((t) => t.id !== id);
      };
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const next = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        timers = timers.filter((t) => t.id !== next.id);
        now = next.at;
        next.fn();
      }
      now = end;
    },
  };
}

function setup() {
  const clock = manualClock();
  const counts: StateCounts = { queued: 0, sending: 0, sent: 0, retrying: 0, dead: 0, discarded: 0 };
  let paused = false;
  let emit: (c: { newDead: number }) => void = () => {};
  const alerts = createAlerts(
    { counts: () => ({ ...counts }), paused: () => paused, onOutboxChange: (l) => ((emit = l), () => {}) },
    { clock, coalesceMs: 60_000, refreshMs: 250 },
  );
  const notices: number[] = [];
  const states: string[] = [];
  alerts.onNotice((n) => notices.push(n.count));
  alerts.onChange((s) => states.push(`${s.level}:${s.failureCount}:${s.paused}`));
  return { clock, counts, alerts, notices, states, setPaused: (p: boolean) => (paused = p), emit: (n: number) => emit({ newDead: n }) };
}

describe('alerts', () => {
  it('drives the tray level: ok → sending → failures, with the failure count and a banner', () => {
    const t = setup();
    expect(t.alerts.state()).toMatchObject({ level: 'ok', failureCount: 0, banner: null });
    t.counts.queued = 3;
    t.emit(0);
    t.clock.advance(250);
    expect(t.alerts.state().level).toBe('sending');
    t.counts.queued = 0;
    t.counts.dead = 2;
    t.emit(2);
    t.clock.advance(250);
    expect(t.alerts.state()).toMatchObject({ level: 'failures', failureCount: 2 });
    expect(t.alerts.state().banner?.message.en).toMatch(/2 notifications could not be delivered/);
    expect(t.states).toEqual(['sending:0:false', 'failures:2:false']);
  });

  it('coalesces new dead letters into at most one notice a minute, with the count', () => {
    const t = setup();
    t.emit(1);
    t.emit(2);
    t.clock.advance(300);
    expect(t.notices).toEqual([3]);
    t.emit(1);
    t.clock.advance(10_000);
    t.emit(4);
    t.clock.advance(30_000);
    expect(t.notices).toEqual([3]);
    t.clock.advance(20_000);
    expect(t.notices).toEqual([3, 5]);
    t.clock.advance(120_000);
    expect(t.notices).toEqual([3, 5]);
  });

  it('reports pause in state and banner after refresh', () => {
    const t = setup();
    t.setPaused(true);
    t.alerts.refresh();
    expect(t.alerts.state()).toMatchObject({ paused: true, level: 'ok' });
    expect(t.alerts.state().banner?.message.zh).toMatch(/发送已暂停/);
  });
});
