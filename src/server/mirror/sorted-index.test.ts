import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSlots } from './slot-sort';
import { SortedSlotIndex } from './sorted-index';

describe('SortedSlotIndex', () => {
  it('stays equal to a full sort through inserts, key changes and merges of any size', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            inserts: fc.integer({ min: 0, max: 3000 }),
            changes: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 40 })), { maxLength: 120 }),
            read: fc.boolean(),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (rounds) => {
          const index = new SortedSlotIndex();
          let keys = new Float64Array(0);
          const ids: string[] = [];
          const previousOrders: { order: Int32Array; copy: number[] }[] = [];
          for (const round of rounds) {
            const grown = new Float64Array(ids.length + round.inserts);
            grown.set(keys);
            keys = grown;
            for (let i = 0; i < round.inserts; i++) {
              const slot = ids.length;
              ids.push(`g-${(slot * 7919) % 100_003}`);
              keys[slot] = slot % 41;
              index.markChanged(slot);
            }
            for (const [pick, key] of round.changes) {
              if (ids.length === 0) break;
              const slot = pick % ids.length;
              keys[slot] = key;
              index.markChanged(slot);
            }
            if (round.read) {
              const order = index.current(keys, ids, ids.length);
              const expected = Array.from({ length: ids.length }, (_, i) => i).sort((a, b) => compareSlots(a, b, keys, ids));
              expect([...order]).toEqual(expected);
              previousOrders.push({ order, copy: [...order] });
            }
          }
          // Orders handed out earlier are never written to: an iteration over one stays consistent.
          for (const { order, copy } of previousOrders) expect([...order]).toEqual(copy);
        },
      ),
      { numRuns: 60 },
    );
  });
});
