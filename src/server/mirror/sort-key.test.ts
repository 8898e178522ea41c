import { describe, expect, it } from 'vitest';
import { UNREADABLE_TIMESTAMP_KEY, timestampKey } from './sort-key';

const base = Date.UTC(2024, 2, 1, 10, 0, 0) * 1000;

describe('timestampKey', () => {
  it.each([
    ['2024-03-01T10:00:00Z', base],
    ['2024-03-01T10:00:00.5Z', base + 500_000],
    ['2024-03-01T10:00:00.25Z', base + 250_000],
    ['2024-03-01T10:00:00.000001Z', base + 1],
    ['2024-03-01T10:00:00.123456789Z', base + 123_456],
    ['2024-03-01T10:00:00.9999999Z', base + 999_999],
    ['2024-03-01T11:00:00+01:00', base],
    ['2024-03-01T04:30:00.5-05:30', base + 500_000],
    ['2024-03-01t10:00:00z', base],
    ['2024-03-01 10:00:00Z', base],
    ['2024-03-01T00:30:00+14:00', Date.UTC(2024, 1, 29, 10, 30) * 1000],
  ])('reads %s as an instant in microseconds', (text, expected) => {
    expect(timestampKey(text)).toBe(expected);
  });

  it('orders by instant, not by text', () => {
    expect(timestampKey('2024-03-01T10:00:00.5Z')).toBeGreaterThan(timestampKey('2024-03-01T10:00:00.25Z'));
    expect(timestampKey('2024-03-01T10:30:00Z')).toBeLessThan(timestampKey('2024-03-01T11:00:00-00:15'));
  });

  it('reads years before 1970 and the leap day', () => {
    expect(timestampKey('1969-12-31T23:59:59.999999Z')).toBe(-1);
    expect(timestampKey('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29) * 1000);
  });

  it.each([
    '',
    'not-a-date',
    '2024-03-01',
    '2024-03-01T10:00:00',
    '2024-03-01T10:00Z',
    '2024-13-01T10:00:00Z',
    '2023-02-29T10:00:00Z',
    '2024-03-01T24:00:00Z',
    '2024-03-01T10:60:00Z',
    '2024-03-01T10:00:00+24:00',
    '2024-03-01T10:00:00.Z',
    ' 2024-03-01T10:00:00Z',
  ])('gives the unreadable key for %j instead of throwing', (text) => {
    expect(timestampKey(text)).toBe(UNREADABLE_TIMESTAMP_KEY);
  });
});
