import type { ChannelLimits, RateLimit } from '../../platforms/limits.js';

export { documentedLimits, type ChannelLimits, type RateLimit } from '../../platforms/limits.js';

/**
 * A sliding-window counter: remembers the last `limit` call times. Unlike a token bucket it never
 * allows a burst above `limit` in any window, so it stays inside whatever window the platform counts
 * in. `marginMs` widens the window a little so network jitter cannot push two edges into one window.
 * With `pace`, calls are also spread evenly (one every windowMs/limit): a burst of `limit` calls
 * sent at once reaches the platform spread by connection set-up, and the next burst could then land
 * in the same platform window; even spacing leaves one interval of slack for that jitter.
 */
export class SlidingWindow {
  private readonly times: number[];
  private head = 0;
  private count = 0;

  constructor(
    readonly rate: RateLimit,
    private readonly marginMs: number,
    private readonly pace = false,
  ) {
    this.times = new Array<number>(rate.limit).fill(0);
  }

  /** Milliseconds until one more call is allowed (0 = now). */
  waitMs(now: number): number {
    const spacing = this.pace && this.count > 0 ? this.lastAt() + this.rate.windowMs / this.rate.limit - now : 0;
    if (this.count < this.rate.limit) return Math.max(0, spacing);
    const oldest = this.times[this.head]!;
    return Math.max(0, spacing, oldest + this.rate.windowMs + this.marginMs - now);
  }

  take(now: number): void {
    this.times[this.head] = now;
    this.head = (this.head + 1) % this.rate.limit;
    if (this.count < this.rate.limit) this.count++;
  }

  /** Newest call time (for pruning idle per-user windows). */
  lastAt(): number {
    return this.count === 0 ? 0 : this.times[(this.head + this.rate.limit - 1) % this.rate.limit]!;
  }
}

/** One channel's budget: app windows, per-user windows and a pause after a throttling answer. */
export class ChannelBudget {
  private readonly app: SlidingWindow[];
  private readonly users = new Map<string, SlidingWindow[]>();
  private blockedUntil = 0;

  constructor(
    readonly limits: ChannelLimits,
    private readonly marginMs = 25,
  ) {
    // Pace the per-second windows only: pacing a per-minute window would forbid the allowed bursts.
    this.app = limits.app.map((l) => new SlidingWindow(l, this.marginFor(l), l.windowMs <= 1_000));
  }

  appWaitMs(now: number): number {
    return Math.max(this.blockedUntil - now, 0, ...this.app.map((w) => w.waitMs(now)));
  }

  userWaitMs(user: string, now: number): number {
    const ws = this.users.get(user);
    return ws ? Math.max(0, ...ws.map((w) => w.waitMs(now))) : 0;
  }

  /** Records one call to `recipients`. */
  take(recipients: readonly string[], now: number): void {
    for (const w of this.app) w.take(now);
    if (this.limits.perUser.length === 0) return;
    for (const r of recipients) {
      let ws = this.users.get(r);
      if (!ws) {
        ws = this.limits.perUser.map((l) => new SlidingWindow(l, this.marginFor(l)));
        this.users.set(r, ws);
      }
      for (const w of ws) w.take(now);
    }
    if (this.users.size > 10_000) this.prune(now);
  }

  /**
   * Jitter grows with the calls in flight and the machine's load, and over a long window one late edge is
   * enough for a 429: at least `marginMs`, and 0.5 % of the window (300 ms of a minute).
   */
  private marginFor(l: RateLimit): number {
    return Math.max(this.marginMs, l.windowMs / 200);
  }

  /** The platform said "too fast": hold every call of this app until then. */
  block(until: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
  }

  private prune(now: number): void {
    const longest = Math.max(...this.limits.perUser.map((l) => l.windowMs + this.marginFor(l)));
    for (const [user, ws] of this.users) {
      if (ws.every((w) => now - w.lastAt() > longest)) this.users.delete(user);
    }
  }
}
