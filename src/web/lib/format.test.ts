import { describe, expect, it } from 'vitest';
import { formatAge, formatCount, formatRange, formatRelative, formatUtc, secondsSince, shortId } from './format';

const now = Date.parse('2026-11-26T12:00:00.000Z');
const ago = (seconds: number): string => new Date(now - seconds * 1000).toISOString();

describe('format', () => {
  it('groups counts and writes ranges with an en dash', () => {
    expect(formatCount(2500)).toBe('2,500');
    expect(formatRange(0, 50, 2500)).toBe('1–50 of 2,500');
    expect(formatRange(2450, 50, 2500)).toBe('2,451–2,500 of 2,500');
    expect(formatRange(0, 0, 0)).toBe('0 of 0');
  });

  it('shortens IDs to their first 8 characters', () => {
    expect(shortId('0b7e2c1a-1111-4222-8333-444455556666')).toBe('0b7e2c1a');
    expect(shortId('short')).toBe('short');
  });

  it('writes UTC times and leaves non-dates as they are', () => {
    expect(formatUtc('2026-11-26T12:34:56.789Z')).toBe('2026-11-26 12:34:56 UTC');
    expect(formatUtc('2026-11-26T13:34:56+01:00')).toBe('2026-11-26 12:34:56 UTC');
    expect(formatUtc('not a date')).toBe('not a date');
  });

  it.each([
    [2, 'just now'],
    [42, '42 s ago'],
    [5 * 60 + 10, '5 min ago'],
    [3 * 3600, '3 h ago'],
    [86_400, '1 day ago'],
    [3 * 86_400, '3 days ago'],
    [65 * 86_400, '2 months ago'],
    [800 * 86_400, '2 years ago'],
    [-300, 'in 5 min'],
  ])('writes %i seconds ago as "%s"', (seconds, text) => {
    expect(formatRelative(ago(seconds), now)).toBe(text);
  });

  it('measures the age of data, never negative', () => {
    expect(secondsSince(ago(42), now)).toBe(42);
    expect(secondsSince(ago(-3), now)).toBe(0);
    expect(secondsSince('garbage', now)).toBeNull();
    expect(formatAge(42)).toBe('42 s ago');
    expect(formatAge(125)).toBe('2 min ago');
  });
});
