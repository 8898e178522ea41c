import { describe, expect, it } from 'vitest';
import { parseListParams } from './list-params';
import { NonceCache } from './nonce-cache';
import { acceptsJson, checkApiVersion, parseBearer } from './request-headers';
import { SeededRandom } from './seeded-random';

describe('parseListParams', () => {
  it('applies Upvest defaults and reads every parameter', () => {
    expect(parseListParams(null)).toEqual({ sort: 'created_at', order: 'ASC', offset: 0, limit: 100 });
    expect(parseListParams('sort=updated_at&order=DESC&offset=2000&limit=1000')).toEqual({ sort: 'updated_at', order: 'DESC', offset: 2000, limit: 1000 });
    expect(parseListParams('limit=1').limit).toBe(1);
  });

  it.each(['offset=99999999999', 'offset=0x10', 'limit=+5', 'sort=', 'order=DESC&order=ASC', 'filter=x'])('refuses %s', (query) => {
    expect(() => parseListParams(query)).toThrow();
  });
});

describe('header checks', () => {
  it.each([
    ['application/json', true],
    ['text/html, application/json;q=0.5', true],
    ['*/*', true],
    ['application/*', true],
    ['text/html', false],
    ['application/json;q=0', false],
    ['application/pdf', false],
  ])('accept %s allows JSON: %s', (accept, expected) => {
    expect(acceptsJson(accept)).toBe(expected);
  });

  it('checks the API version', () => {
    expect(checkApiVersion(undefined)).toEqual({ ok: true });
    expect(checkApiVersion('1')).toEqual({ ok: true });
    expect(checkApiVersion('2')).toMatchObject({ ok: false, status: 426 });
    expect(checkApiVersion('1.0')).toMatchObject({ ok: false, status: 400 });
  });

  it('parses bearer tokens', () => {
    expect(parseBearer('Bearer abc.def')).toEqual({ ok: true, token: 'abc.def' });
    expect(parseBearer('bearer abc')).toEqual({ ok: true, token: 'abc' });
    expect(parseBearer('Basic abc')).toMatchObject({ ok: false });
    expect(parseBearer(undefined)).toMatchObject({ ok: false });
  });
});

describe('NonceCache', () => {
  it('remembers nonces until their expiry, per scope', () => {
    const cache = new NonceCache();
    cache.remember('client', 'n1', 2_000, 1_000);
    expect(cache.has('client', 'n1', 1_500)).toBe(true);
    expect(cache.has('other', 'n1', 1_500)).toBe(false);
    expect(cache.has('client', 'n1', 2_001)).toBe(false);
    cache.remember('client', 'n2', 30_000, 20_000);
    expect(cache.size).toBe(1);
  });
});

describe('SeededRandom', () => {
  it('repeats per seed and stream, and differs across them', () => {
    const draw = (seed: number, stream: string): number[] => {
      const random = new SeededRandom(seed, stream);
      return Array.from({ length: 8 }, () => random.nextUint32());
    };
    expect(draw(1, 'a')).toEqual(draw(1, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(1, 'b'));
    expect(draw(1, 'a')).not.toEqual(draw(2, 'a'));
    expect(draw(2 ** 40, 'a')).not.toEqual(draw(0, 'a'));
  });

  it('stays in range and is roughly uniform', () => {
    const random = new SeededRandom(3);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const value = random.int(10);
      buckets[value] = (buckets[value] ?? 0) + 1;
    }
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    expect(() => random.int(0)).toThrow();
  });
});
