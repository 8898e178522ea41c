import { describe, expect, it } from 'vitest';
import { percentile, roundTo, summarize } from './stats';

describe('percentile (nearest rank)', () => {
  const hundred = Float64Array.from({ length: 100 }, (_, i) => i + 1);

  it('returns an observed sample, never an interpolation', () => {
    expect(percentile(hundred, 0.5)).toBe(50);
    expect(percentile(hundred, 0.95)).toBe(95);
    expect(percentile(hundred, 0.99)).toBe(99);
    expect(percentile([1, 10], 0.5)).toBe(1);
  });

  it('maps 0 to the smallest and 1 to the largest sample', () => {
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile(hundred, 1)).toBe(100);
  });

  it('is NaN without samples and refuses a p outside [0, 1]', () => {
    expect(percentile([], 0.5)).toBeNaN();
    expect(() => percentile(hundred, 95)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('sorts numerically, not as text', () => {
    const summary = summarize([100, 9, 20, 3]);
    expect(summary.max).toBe(100);
    expect(summary.p50).toBe(9);
    expect(summary.mean).toBe(33);
    expect(summary.count).toBe(4);
  });

  it('reports NaN figures for no samples', () => {
    const summary = summarize([]);
    expect(summary.count).toBe(0);
    expect(summary.p99).toBeNaN();
    expect(summary.max).toBeNaN();
  });
});

describe('roundTo', () => {
  it('rounds to the given fraction digits and leaves NaN alone', () => {
    expect(roundTo(1.23456, 2)).toBe(1.23);
    expect(roundTo(2.5, 0)).toBe(3);
    expect(roundTo(Number.NaN, 2)).toBeNaN();
  });
});
