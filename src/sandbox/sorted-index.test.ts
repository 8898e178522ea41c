import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedIndex } from './sorted-index';

/** Items are small integers; their key lives in `keys` and may change (remove, change, insert). */
function harness(chunkSize: number) {
  const keys = new Map<number, number>();
  const compare = (a: number, b: number): number => (keys.get(a) ?? 0) - (keys.get(b) ?? 0) || a - b;
  const index = new SortedIndex(compare, chunkSize);
  const reference = (): number[] => [...keys.keys()].sort(compare);
  return { keys, index, reference };
}

type Operation = { kind: 'insert'; key: number } | { kind: 'remove'; pick: number } | { kind: 'move'; pick: number; key: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), key: fc.integer({ min: 0, max: 50 }) }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), key: fc.integer({ min: 0, max: 50 }) }),
);

describe('SortedIndex', () => {
  it('matches a fully sorted reference after any inserts, removes and key changes, with small chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }), fc.array(operation, { maxLength: 200 }), (initial, operations) => {
        const { keys, index, reference } = harness(4);
        initial.forEach((key, item) => keys.set(item, key));
        index.load(Int32Array.from(keys.keys()));
        let nextItem = initial.length;
        for (const op of operations) {
          const items = [...keys.keys()];
          if (op.kind === 'insert') {
            keys.set(nextItem, op.key);
            index.insert(nextItem++);
          } else if (items.length > 0) {
            const item = items[op.pick % items.length] ?? 0;
            expect(index.remove(item)).toBe(true);
            if (op.kind === 'remove') keys.delete(item);
            else {
              keys.set(item, op.key);
              index.insert(item);
            }
          }
        }
        const expected = reference();
        expect([...index]).toEqual(expected);
        expect(index.size).toBe(expected.length);
        expect(index.slice(3, 7)).toEqual(expected.slice(3, 10));
        expect(index.sliceDescending(2, 5)).toEqual([...expected].reverse().slice(2, 7));
      }),
      { numRuns: 300 },
    );
  });

  it('clips pages at both ends', () => {
    const { keys, index } = harness(1024);
    for (let item = 0; item < 10; item++) keys.set(item, item);
    index.load(Int32Array.from(keys.keys()));
    expect(index.slice(8, 5)).toEqual([8, 9]);
    expect(index.slice(10, 5)).toEqual([]);
    expect(index.sliceDescending(8, 5)).toEqual([1, 0]);
    expect(index.sliceDescending(10, 5)).toEqual([]);
    expect(index.remove(99)).toBe(false);
  });
});
