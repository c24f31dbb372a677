/**
 * One keychain call in flight at a time. keytar runs each call on one of libuv's 4 worker threads, and
 * several calls at once on a locked gnome-keyring never return: they kept those threads, so file reads
 * (the static UI, the data folder) hung behind them. A native call cannot be cancelled, so a call that
 * runs past its time is not abandoned: its caller gets an error, the call stays the one in flight, and
 * later calls fail fast instead of taking more threads until it settles.
 */
export interface KeychainQueue {
  /** Runs `work` when nothing else is in flight; waits at most `timeoutMs` to start and `timeoutMs` to finish. */
  run<T>(work: () => Promise<T>, timeoutMs: number): Promise<T>;
  /** How long the call in flight has been outstanding, 0 when none is. */
  outstandingMs(): number;
}

/** The call in flight ran past its time (it still holds its thread). */
export class KeychainTimeoutError extends Error {}

/** An earlier call is still outstanding past its time, or this one waited too long behind others. */
export class KeychainBusyError extends Error {}

interface Waiter {
  start(): void;
  fail(err: Error): void;
}

export function createKeychainQueue(now: () => number = Date.now): KeychainQueue {
  const waiting: Waiter[] = [];
  let inFlight: { since: number; overdue: boolean } | null = null;

  const startNext = (): void => {
    if (inFlight === null) waiting.shift()?.start();
  };

  return {
    run<T>(work: () => Promise<T>, timeoutMs: number): Promise<T> {
      if (inFlight?.overdue) return Promise.reject(new KeychainBusyError('an earlier keychain call has not returned'));
      return new Promise<T>((resolve, reject) => {
        const waiter: Waiter = {
          start() {
            clearTimeout(queued);
            const flight = { since: now(), overdue: false };
            inFlight = flight;
            const overdue = setTimeout(() => {
              flight.overdue = true;
              reject(new KeychainTimeoutError(`keychain call timed out after ${timeoutMs} ms`));
              for (const w of waiting.splice(0)) w.fail(new KeychainBusyError('an earlier keychain call has not returned'));
            }, timeoutMs);
            overdue.unref();
            Promise.resolve()
              .then(work)
              .then(resolve, reject)
              .finally(() => {
                clearTimeout(overdue);
                inFlight = null;
                startNext();
              });
          },
          fail(err) {
            clearTimeout(queued);
            reject(err);
          },
        };
        // Not started yet, so nothing native is left behind when it gives up.
        const queued = setTimeout(() => {
          const at = waiting.indexOf(waiter);
          if (at < 0) return;
          waiting.splice(at, 1);
          reject(new KeychainBusyError(`waited ${timeoutMs} ms behind other keychain calls`));
        }, timeoutMs);
        queued.unref();
        waiting.push(waiter);
        startNext();
      });
    },
    outstandingMs: () => (inFlight === null ? 0 : now() - inFlight.since),
  };
}
