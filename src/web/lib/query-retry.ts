import { isNetworkError, isRateLimited } from './problem-error';

/**
 * When the SPA retries a failed call by itself. The console server already retries Upvest, so a
 * problem it reports is final, except when Upvest rate-limits the console: that clears by waiting,
 * so the SPA keeps retrying with backoff and tells the user when the next attempt runs. A request
 * that got no answer at all (offline, server restarting) is retried a few times.
 */

const MAX_RATE_LIMIT_RETRIES = 8;
const MAX_NETWORK_RETRIES = 3;
const MAX_RATE_LIMIT_DELAY_S = 120;

export interface ScheduledAttempt {
  /** When it runs (ms since the epoch). */
  at: number;
  /** How long after the failure. */
  delayMs: number;
}

/** The next attempt after a given failure, so the UI can count down to it. */
const nextAttempts = new WeakMap<object, ScheduledAttempt>();

export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isRateLimited(error)) return failureCount < MAX_RATE_LIMIT_RETRIES;
  if (isNetworkError(error)) return failureCount < MAX_NETWORK_RETRIES;
  return false;
}

/** `failureCount` counts failures before this one (0 for the first), as react-query passes it. */
export function retryDelayMs(failureCount: number, error: unknown): number {
  const delay = computeDelayMs(failureCount, error);
  if (typeof error === 'object' && error !== null) nextAttempts.set(error, { at: Date.now() + delay, delayMs: delay });
  return delay;
}

function computeDelayMs(failureCount: number, error: unknown): number {
  if (isRateLimited(error)) {
    const hinted = error.problem.retry_after_seconds;
    const seconds =
      hinted !== undefined && hinted > 0 ? Math.min(Math.ceil(hinted), MAX_RATE_LIMIT_DELAY_S) : Math.min(2 ** (failureCount + 1), 60);
    return seconds * 1000;
  }
  return Math.min(1000 * 2 ** failureCount, 8000);
}

/** The retry scheduled after this failure, if any. */
export function nextAttemptAfter(error: unknown): ScheduledAttempt | undefined {
  return typeof error === 'object' && error !== null ? nextAttempts.get(error) : undefined;
}

/** Whole seconds left until an attempt; never more than its delay (the clock ticks in whole seconds). */
export function secondsUntil(attempt: ScheduledAttempt, now: number): number {
  return Math.max(0, Math.min(Math.ceil(attempt.delayMs / 1000), Math.ceil((attempt.at - now) / 1000)));
}
