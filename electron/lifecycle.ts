/**
 * Electron main's lifecycle rules as plain functions (no Electron import), so they are unit-tested:
 * when to wake the sender, and how to shut down without hanging.
 */

/** powerMonitor events after which backoff timers are stale: the machine slept or sat locked. */
export const WAKE_EVENTS = ['resume', 'unlock-screen'] as const;

/** What watchForWake needs from Electron: powerMonitor's events and net.isOnline(). */
export interface WakeSources {
  readonly power: {
    on(event: (typeof WAKE_EVENTS)[number], listener: () => void): unknown;
    removeListener(event: (typeof WAKE_EVENTS)[number], listener: () => void): unknown;
  };
  /** Electron's net.isOnline(): false is reliable, true only means some link is up. */
  readonly isOnline: () => boolean;
}

export interface WakeOptions {
  /** How often the link state is sampled (ms). */
  readonly pollMs?: number;
  /** Timer seam for tests; the real one is unref'd so it never keeps the process alive. */
  readonly setInterval?: (fn: () => void, ms: number) => () => void;
}

export const ONLINE_POLL_MS = 10_000;

const realInterval = (fn: () => void, ms: number): (() => void) => {
  const t = setInterval(fn, ms);
  t.unref();
  return () => clearInterval(t);
};

/**
 * Calls `wake` after resume / unlock and when the network comes back (offline → online), so retries
 * parked on a backoff timer go out at once. The sender also wakes itself on its first success after
 * a network failure; this covers the case where nothing new arrives to be sent. Returns a stop function.
 */
export function watchForWake(sources: WakeSources, wake: () => void, opts: WakeOptions = {}): () => void {
  const onWake = (): void => wake();
  for (const e of WAKE_EVENTS) sources.power.on(e, onWake);
  let online = sources.isOnline();
  const stopPolling = (opts.setInterval ?? realInterval)(() => {
    const now = sources.isOnline();
    if (now && !online) wake();
    online = now;
  }, opts.pollMs ?? ONLINE_POLL_MS);
  return () => {
    stopPolling();
    for (const e of WAKE_EVENTS) sources.power.removeListener(e, onWake);
  };
}

export type CloseOutcome = 'closed' | 'failed' | 'timed-out';

/** Long enough for the sender to flush and SQLite to checkpoint; short enough that Quit feels like quit. */
export const CLOSE_TIMEOUT_MS = 5_000;

/**
 * Runs `close` but never waits longer than `timeoutMs`: a keychain call stuck on D-Bus can hold a
 * thread-pool worker forever, and the app must still quit. The caller then exits the process outright.
 */
export async function closeWithin(
  close: () => Promise<void>,
  timeoutMs = CLOSE_TIMEOUT_MS,
  setTimer: (fn: () => void, ms: number) => () => void = (fn, ms) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
): Promise<CloseOutcome> {
  let cancel: () => void = () => undefined;
  const timedOut = new Promise<CloseOutcome>((resolve) => {
    cancel = setTimer(() => resolve('timed-out'), timeoutMs);
  });
  const closed = Promise.resolve()
    .then(close)
    .then(
      (): CloseOutcome => 'closed',
      (): CloseOutcome => 'failed',
    );
  try {
    return await Promise.race([closed, timedOut]);
  } finally {
    cancel();
  }
}
