import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { closeWithin, watchForWake, type WakeSources } from './lifecycle.js';

/** powerMonitor stand-in plus a link state and an interval we tick by hand. */
function setup(initiallyOnline = true) {
  const power = new EventEmitter();
  let online = initiallyOnline;
  let tick: (() => void) | null = null;
  let wakes = 0;
  const sources: WakeSources = { power, isOnline: () => online };
  const stop = watchForWake(sources, () => wakes++, {
    pollMs: 1,
    setInterval: (fn) => {
      tick = fn;
      return () => {
        tick = null;
      };
    },
  });
  return {
    power,
    setOnline: (v: boolean) => (online = v),
    tick: () => tick?.(),
    ticking: () => tick !== null,
    wakes: () => wakes,
    stop,
  };
}

describe('watchForWake', () => {
  it.each(['resume', 'unlock-screen'])('wakes the sender on %s', (event) => {
    const s = setup();
    s.power.emit(event);
    expect(s.wakes()).toBe(1);
  });

  it('ignores events that do not make timers stale', () => {
    const s = setup();
    s.power.emit('suspend');
    s.power.emit('lock-screen');
    expect(s.wakes()).toBe(0);
  });

  it('wakes once when the network comes back, not while it stays up or down', () => {
    const s = setup(true);
    s.tick();
    expect(s.wakes()).toBe(0);
    s.setOnline(false);
    s.tick();
    s.tick();
    expect(s.wakes()).toBe(0);
    s.setOnline(true);
    s.tick();
    s.tick();
    expect(s.wakes()).toBe(1);
  });

  it('starting offline, the first link up wakes', () => {
    const s = setup(false);
    s.setOnline(true);
    s.tick();
    expect(s.wakes()).toBe(1);
  });

  it('stop removes the listeners and the poll', () => {
    const s = setup();
    s.stop();
    expect(s.power.listenerCount('resume')).toBe(0);
    expect(s.power.listenerCount('unlock-screen')).toBe(0);
    expect(s.ticking()).toBe(false);
    s.power.emit('resume');
    expect(s.wakes()).toBe(0);
  });
});

describe('closeWithin', () => {
  it('reports a clean close and cancels its timer', async () => {
    let cancelled = false;
    const outcome = await closeWithin(
      async () => undefined,
      1_000,
      () => () => {
        cancelled = true;
      },
    );
    expect(outcome).toBe('closed');
    expect(cancelled).toBe(true);
  });

  it('reports a close that throws (sync or async) as failed, never rejects', async () => {
    expect(await closeWithin(() => Promise.reject(new Error('disk')), 1_000)).toBe('failed');
    expect(
      await closeWithin(() => {
        throw new Error('sync');
      }, 1_000),
    ).toBe('failed');
  });

  it('gives up on a close that never settles (a hung keychain call)', async () => {
    let fire: () => void = () => undefined;
    const pending = closeWithin(
      () => new Promise<void>(() => undefined),
      5_000,
      (fn) => {
        fire = fn;
        return () => undefined;
      },
    );
    fire();
    expect(await pending).toBe('timed-out');
  });
});
