import { isThrottleCode } from '../../platforms/explain.js';

export interface RetryPolicy {
  /** First backoff delay. */
  readonly baseMs: number;
  readonly maxMs: number;
  /** Failures (not counting throttling) before a delivery becomes a dead letter. */
  readonly maxFailures: number;
  /** Hard bound on attempts of any kind, throttled ones included. */
  readonly maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 2_000, maxMs: 10 * 60_000, maxFailures: 8, maxAttempts: 30 };

/**
 * Exponential backoff with "equal jitter": half the delay fixed, half random, so retries of many
 * deliveries spread out but never come back sooner than half the nominal delay.
 */
export function backoffMs(failures: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const nominal = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(nominal / 2 + random() * (nominal / 2));
}

/** "Slow down" rather than "broken": a wait the platform asked for, HTTP 429, or a code the error table classes as throttled. */
export const isThrottle = (f: { code: string; httpStatus: number | null; retryAfterMs: number | null }): boolean =>
  f.retryAfterMs !== null || f.httpStatus === 429 || isThrottleCode(f.code);
