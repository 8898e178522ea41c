import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSlots, sortSlots } from './slot-sort';

function comparatorSorted(slots: Int32Array, keys: Float64Array, ids: readonly string[]): number[] {
  return [...slots].sort((a, b) => compareSlots(a, b, keys, ids));
}

const keyArbitrary = fc.oneof(
  fc.double({ noNaN: true }),
  fc.constantFrom(0, -0, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, -1, 1, 1.7e15, 1.7e15 + 1),
  fc.integer({ min: -1e15, max: 9e15 }),
);

describe('sortSlots', () => {
  it('orders by key then ID like a comparator sort, on both the small and the radix path', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(keyArbitrary, fc.constantFrom('a', 'b', 'B', 'c-1', 'c-10', 'c-2')), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 6000 }),
        fc.integer(),
        (pool, size, seed) => {
          const keys = new Float64Array(size);
          const ids: string[] = [];
          let state = seed;
          for (let slot = 0; slot < size; slot++) {
            state = (Math.imul(state, 1103515245) + 12345) | 0;
            const [key, id] = pool[Math.abs(state) % pool.length] ?? [0, 'a'];
            keys[slot] = key;
            ids.push(`${id}#${slot}`);
          }
          // Slots in a scrambled order, as pending changes arrive.
          const slots = Int32Array.from({ length: size }, (_, i) => (i * 7919) % size);
          const unique = new Set(slots).size === size ? slots : Int32Array.from({ length: size }, (_, i) => i).reverse();
          const expected = comparatorSorted(unique, keys, ids);
          expect([...sortSlots(unique.slice(), keys, ids)]).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('treats -0 and 0 as the same key and breaks the tie by ID', () => {
    const keys = new Float64Array(5000);
    const ids = Array.from({ length: 5000 }, (_, i) => `id-${String(4999 - i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i++) keys[i] = i % 2 === 0 ? -0 : 0;
    const sorted = sortSlots(Int32Array.from({ length: 5000 }, (_, i) => i), keys, ids);
    expect(sorted[0]).toBe(4999);
    expect(sorted[4999]).toBe(0);
  });
});
