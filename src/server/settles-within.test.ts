import { describe, expect, it } from 'vitest';
import { settlesWithin } from './settles-within';

describe('settlesWithin', () => {
  it('tells whether the promise settled in time, rejection included, and never rejects', async () => {
    expect(await settlesWithin(Promise.resolve('x'), 1000)).toBe(true);
    expect(await settlesWithin(Promise.reject(new Error('no')), 1000)).toBe(true);
    expect(await settlesWithin(new Promise(() => undefined), 10)).toBe(false);
  });
});
