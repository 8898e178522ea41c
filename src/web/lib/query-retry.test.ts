import { describe, expect, it } from 'vitest';
import { PROBLEM_TYPES } from '../../domain/problem';
import { NetworkError, ProblemError } from './problem-error';
import { nextAttemptAfter, retryDelayMs, secondsUntil, shouldRetry } from './query-retry';

const rateLimited = (retryAfter?: number): ProblemError =>
  new ProblemError({
    type: PROBLEM_TYPES.upstreamRateLimited,
    title: 'Rate limited',
    status: 429,
    ...(retryAfter === undefined ? {} : { retry_after_seconds: retryAfter }),
  });

describe('retry policy', () => {
  it('keeps retrying a rate-limited call for a while, with backoff or the server’s hint', () => {
    expect(shouldRetry(0, rateLimited())).toBe(true);
    expect(shouldRetry(7, rateLimited())).toBe(true);
    expect(shouldRetry(8, rateLimited())).toBe(false);
    expect(retryDelayMs(0, rateLimited())).toBe(2000);
    expect(retryDelayMs(2, rateLimited())).toBe(8000);
    expect(retryDelayMs(9, rateLimited())).toBe(60_000);
    expect(retryDelayMs(0, rateLimited(3.2))).toBe(4000);
  });

  it('retries a few times when nothing answered', () => {
    expect(shouldRetry(0, new NetworkError(new TypeError('fetch failed')))).toBe(true);
    expect(shouldRetry(3, new NetworkError(new TypeError('fetch failed')))).toBe(false);
  });

  it('does not retry other problems: the console server already retried Upvest', () => {
    const problem = new ProblemError({ type: PROBLEM_TYPES.upstreamError, title: 'Error', status: 502 });
    expect(shouldRetry(0, problem)).toBe(false);
    expect(shouldRetry(0, new Error('bug'))).toBe(false);
  });

  it('remembers when the next attempt runs, for the countdown', () => {
    const error = rateLimited(5);
    const before = Date.now();
    retryDelayMs(0, error);
    const attempt = nextAttemptAfter(error);
    expect(attempt?.delayMs).toBe(5000);
    expect(attempt?.at).toBeGreaterThanOrEqual(before + 5000);
    if (!attempt) return;
    expect(secondsUntil(attempt, attempt.at - 5000 - 900)).toBe(5);
    expect(secondsUntil(attempt, attempt.at - 2500)).toBe(3);
    expect(secondsUntil(attempt, attempt.at + 100)).toBe(0);
  });
});
