import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlotSet } from './slot-set';

describe('SlotSet', () => {
  it('behaves like a Set of slots through growth', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.nat(100), fc.nat(200_000)), { maxLength: 300 }), (slots) => {
        const set = new SlotSet();
        const model = new Set<number>();
        for (const slot of slots) {
          expect(set.add(slot)).toBe(!model.has(slot));
          model.add(slot);
        }
        expect(set.size).toBe(model.size);
        for (const slot of [...slots, 0, 31, 32, 63, 99_999]) expect(set.has(slot)).toBe(model.has(slot));
      }),
    );
  });

  it('refuses what is not a slot', () => {
    const set = new SlotSet();
    expect(() => set.add(-1)).toThrow(RangeError);
    expect(() => set.add(1.5)).toThrow(RangeError);
    expect(set.has(-1)).toBe(false);
  });
});
