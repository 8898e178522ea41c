import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  parseRetryAfterSeconds,
  resolveRetryPolicy,
  retryDelayMs,
} from './retry-policy';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

describe('retry policy', () => {
  it('retries 429, 502, 503 and 504 only', () => {
    const retryable = [400, 401, 403, 404, 406, 409, 426, 429, 500, 501, 502, 503, 504].filter(isRetryableStatus);
    expect(retryable).toEqual([429, 502, 503, 504]);
  });

  it('backs off exponentially with full jitter, capped at maxDelayMs', () => {
    const policy = { maxAttempts: 10, baseDelayMs: 200, maxDelayMs: 5000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((retry) => retryDelayMs(retry, policy, () => 0.999_999))).toEqual([
      199, 399, 799, 1599, 3199, 4999, 4999,
    ]);
    expect(retryDelayMs(3, policy, () => 0)).toBe(0);
    expect(retryDelayMs(3, policy, () => 0.25)).toBe(200);
  });

  it('prefers Retry-After, capped at four times maxDelayMs', () => {
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, () => 0.5, 3)).toBe(3000);
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, () => 0.5, 0)).toBe(0);
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, () => 0.5, 3600)).toBe(20_000);
  });

  it.each([
    [undefined, undefined],
    ['5', 5],
    [' 0 ', 0],
    ['Thu, 26 Nov 2026 12:00:07 GMT', 7],
    ['Thu, 26 Nov 2026 11:59:00 GMT', 0],
    ['-3', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['Thu, 26 Nov 2026 12:00:07', undefined],
  ])('reads Retry-After %j as %j seconds', (value, expected) => {
    expect(parseRetryAfterSeconds(value, NOW)).toBe(expected);
  });

  it('fills defaults and refuses nonsense', () => {
    expect(resolveRetryPolicy({ maxAttempts: 2, baseDelayMs: undefined })).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: 2 });
    expect(() => resolveRetryPolicy({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => resolveRetryPolicy({ baseDelayMs: -1 })).toThrow(/baseDelayMs/);
    expect(() => resolveRetryPolicy({ baseDelayMs: 500, maxDelayMs: 100 })).toThrow(/maxDelayMs/);
  });
});
