import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from './iso-time';

describe('isoTime', () => {
  it('formats exactly like Date.prototype.toISOString', () => {
    const range = fc.integer({ min: Date.UTC(-5, 0, 1), max: Date.UTC(12_000, 0, 1) });
    fc.assert(
      fc.property(range, (ms) => {
        expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
    for (const ms of [0, -1, 86_399_999, Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(9999, 11, 31, 23, 59, 59, 999)]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
