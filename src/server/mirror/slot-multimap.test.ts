import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlotMultimap, hashString } from './slot-multimap';

function entriesFor(map: SlotMultimap, hash: number): string[] {
  const found: string[] = [];
  for (let e = map.first(hash); e !== -1; e = map.next(e)) found.push(`${map.slotOf(e)}/${map.tagOf(e)}`);
  return found.sort();
}

describe('SlotMultimap', () => {
  it('behaves like a multiset of (hash, slot, tag) through adds, removes and growth', () => {
    // Hashes 1024 apart share a bucket in small tables, hashes 2^20 apart in large ones.
    const hashArbitrary = fc.oneof(
      fc.integer({ min: -4, max: 4 }).map((k) => k * 1024 + 3),
      fc.integer({ min: -3, max: 3 }).map((k) => (k * (1 << 20) + 5) | 0),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ add: fc.boolean(), hash: hashArbitrary, slot: fc.nat(40), tag: fc.nat(2), repeat: fc.integer({ min: 1, max: 400 }) }),
          { maxLength: 40 },
        ),
        (operations) => {
          const map = new SlotMultimap();
          const model = new Map<number, string[]>();
          for (const { add, hash, slot, tag, repeat } of operations) {
            const entry = `${slot}/${tag}`;
            const list = model.get(hash) ?? [];
            for (let i = 0; i < repeat; i++) {
              if (add) {
                map.add(hash, slot, tag);
                list.push(entry);
              } else {
                const removed = map.remove(hash, slot, tag);
                const at = list.indexOf(entry);
                expect(removed).toBe(at !== -1);
                if (at !== -1) list.splice(at, 1);
              }
            }
            model.set(hash, list);
          }
          let total = 0;
          for (const [hash, list] of model) {
            expect(entriesFor(map, hash)).toEqual([...list].sort());
            total += list.length;
          }
          expect(map.size).toBe(total);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('hashString', () => {
  it('hashes only the requested prefix', () => {
    expect(hashString('0c1f7a56-aaaa', 8)).toBe(hashString('0c1f7a56'));
    expect(hashString('0c1f7a56-aaaa', 8)).toBe(hashString('0c1f7a56-bbbb', 8));
    expect(hashString('0c1f7a56')).not.toBe(hashString('0c1f7a57'));
  });
});
