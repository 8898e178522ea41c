import type { SeededRandom } from './seeded-random';

/**
 * UUIDs stored as four 32-bit words in one growable typed array, with an open-addressing hash index.
 *
 * A million account groups and their users as JS strings in Maps would cost hundreds of megabytes;
 * as words they cost 16 bytes each plus the index. Entries are never removed (Upvest never deletes
 * account groups), so the table only grows. Word order is big-endian text order, so comparing words
 * as unsigned integers gives the same order as comparing the lower-case UUID strings.
 */
export class UuidTable {
  private words: Uint32Array;
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, initialCapacity);
    this.words = new Uint32Array(capacity * 4);
    const slotCount = nextPowerOfTwo(capacity * 2);
    this.slots = new Int32Array(slotCount).fill(-1);
    this.mask = slotCount - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Index of the UUID, or -1. */
  find(w0: number, w1: number, w2: number, w3: number): number {
    let slot = hashWords(w0, w1, w2, w3) & this.mask;
    for (;;) {
      const index = this.slots[slot] ?? -1;
      if (index < 0) return -1;
      const base = index * 4;
      if (this.words[base] === w0 && this.words[base + 1] === w1 && this.words[base + 2] === w2 && this.words[base + 3] === w3) {
        return index;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  findText(text: string): number {
    const words = parseUuid(text);
    return words === null ? -1 : this.find(words[0], words[1], words[2], words[3]);
  }

  /** Adds a UUID that is not in the table yet (callers check with find) and returns its index. */
  add(w0: number, w1: number, w2: number, w3: number): number {
    if (this.count * 4 >= this.words.length) this.growWords();
    if ((this.count + 1) * 2 > this.slots.length) this.growSlots();
    const index = this.count++;
    const base = index * 4;
    this.words[base] = w0;
    this.words[base + 1] = w1;
    this.words[base + 2] = w2;
    this.words[base + 3] = w3;
    this.insertSlot(index);
    return index;
  }

  /** Index of the UUID, added when absent. */
  intern(words: UuidWords): number {
    const found = this.find(words[0], words[1], words[2], words[3]);
    return found >= 0 ? found : this.add(words[0], words[1], words[2], words[3]);
  }

  /** Adds a fresh random version-4 UUID and returns its index. */
  addRandom(random: SeededRandom): number {
    for (;;) {
      const words = randomUuidWords(random);
      if (this.find(words[0], words[1], words[2], words[3]) < 0) return this.add(words[0], words[1], words[2], words[3]);
    }
  }

  format(index: number): string {
    const base = index * 4;
    const w0 = this.words[base] ?? 0;
    const w1 = this.words[base + 1] ?? 0;
    const w2 = this.words[base + 2] ?? 0;
    const w3 = this.words[base + 3] ?? 0;
    return `${hex8(w0)}-${hex4(w1 >>> 16)}-${hex4(w1 & 0xffff)}-${hex4(w2 >>> 16)}-${hex4(w2 & 0xffff)}${hex8(w3)}`;
  }

  /** Compares two entries in UUID text order. */
  compare(left: number, right: number): number {
    const a = left * 4;
    const b = right * 4;
    for (let k = 0; k < 4; k++) {
      const x = this.words[a + k] ?? 0;
      const y = this.words[b + k] ?? 0;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  }

  private insertSlot(index: number): void {
    const base = index * 4;
    let slot = hashWords(this.words[base] ?? 0, this.words[base + 1] ?? 0, this.words[base + 2] ?? 0, this.words[base + 3] ?? 0) & this.mask;
    while ((this.slots[slot] ?? -1) >= 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = index;
  }

  private growWords(): void {
    const grown = new Uint32Array(this.words.length * 2);
    grown.set(this.words);
    this.words = grown;
  }

  private growSlots(): void {
    const slotCount = this.slots.length * 2;
    this.slots = new Int32Array(slotCount).fill(-1);
    this.mask = slotCount - 1;
    for (let index = 0; index < this.count; index++) this.insertSlot(index);
  }
}

export type UuidWords = readonly [number, number, number, number];

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses a canonical UUID (any version, any case) into words; null when it is not one. */
export function parseUuid(text: string): UuidWords | null {
  if (!UUID_PATTERN.test(text)) return null;
  return [
    parseInt(text.slice(0, 8), 16) >>> 0,
    parseInt(text.slice(9, 13) + text.slice(14, 18), 16) >>> 0,
    parseInt(text.slice(19, 23) + text.slice(24, 28), 16) >>> 0,
    parseInt(text.slice(28, 36), 16) >>> 0,
  ];
}

export function isUuid(text: string): boolean {
  return UUID_PATTERN.test(text);
}

/** Random words shaped as a version-4, variant-1 UUID. */
export function randomUuidWords(random: SeededRandom): UuidWords {
  return [
    random.nextUint32(),
    ((random.nextUint32() & 0xffff0fff) | 0x00004000) >>> 0,
    ((random.nextUint32() & 0x3fffffff) | 0x80000000) >>> 0,
    random.nextUint32(),
  ];
}

const HEX_BYTES: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hexByte(value: number): string {
  return HEX_BYTES[value & 0xff] ?? '00';
}

function hex4(value: number): string {
  return hexByte(value >>> 8) + hexByte(value);
}

function hex8(value: number): string {
  return hexByte(value >>> 24) + hexByte(value >>> 16) + hexByte(value >>> 8) + hexByte(value);
}

function hashWords(w0: number, w1: number, w2: number, w3: number): number {
  // Control-created IDs may be anything but random (…-000000000001), so mix every word.
  let h = Math.imul(w0 ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ w1 ^ (h >>> 15), 0xc2b2ae35);
  h = Math.imul(h ^ w2 ^ (h >>> 13), 0x27d4eb2f);
  h = Math.imul(h ^ w3 ^ (h >>> 16), 0x165667b1);
  return (h ^ (h >>> 15)) >>> 0;
}

function nextPowerOfTwo(value: number): number {
  let result = 1;
  while (result < value) result *= 2;
  return result;
}
