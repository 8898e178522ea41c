/* eslint-disable @typescript-eslint/no-non-null-assertion -- typed-array kernel: entry and bucket
   indexes are in bounds by construction; a `?? -1` fallback would turn a corruption bug into a silently
   truncated chain instead of surfacing it. */

/**
 * A multimap from 32-bit hashes to slots (row numbers of the store), each entry carrying a small tag.
 *
 * It lives in typed arrays, not in a `Map<string, ...>`: at a million groups the store indexes over
 * three million keys, and a JS Map with string keys costs about 100 bytes per key (entry, key string,
 * table) against 17 here. The price is that a hash is not the key: callers check every candidate
 * against the real value, which also makes hash collisions harmless.
 */

const EMPTY = -1;
const INITIAL_ENTRIES = 1024;

export class SlotMultimap {
  private heads = new Int32Array(INITIAL_ENTRIES).fill(EMPTY);
  private nextEntry: Int32Array = new Int32Array(INITIAL_ENTRIES);
  private entryHash: Int32Array = new Int32Array(INITIAL_ENTRIES);
  private entrySlot: Int32Array = new Int32Array(INITIAL_ENTRIES).fill(EMPTY);
  private entryTag = new Uint8Array(INITIAL_ENTRIES);
  private allocated = 0;
  private freeList = EMPTY;
  private live = 0;

  get size(): number {
    return this.live;
  }

  add(hash: number, slot: number, tag: number): void {
    let entry = this.freeList;
    if (entry === EMPTY) {
      if (this.allocated === this.entrySlot.length) this.growEntries();
      entry = this.allocated++;
    } else {
      this.freeList = this.nextEntry[entry]!;
    }
    this.entryHash[entry] = hash;
    this.entrySlot[entry] = slot;
    this.entryTag[entry] = tag;
    const bucket = hash & (this.heads.length - 1);
    this.nextEntry[entry] = this.heads[bucket]!;
    this.heads[bucket] = entry;
    this.live++;
    if (this.live > this.heads.length) this.rehash(this.heads.length * 2);
  }

  /** Removes one entry with exactly this hash, slot and tag; false when there is none. */
  remove(hash: number, slot: number, tag: number): boolean {
    const bucket = hash & (this.heads.length - 1);
    let previous = EMPTY;
    for (let entry = this.heads[bucket]!; entry !== EMPTY; entry = this.nextEntry[entry]!) {
      if (this.entryHash[entry] === hash && this.entrySlot[entry] === slot && this.entryTag[entry] === tag) {
        const after = this.nextEntry[entry]!;
        if (previous === EMPTY) this.heads[bucket] = after;
        else this.nextEntry[previous] = after;
        this.entrySlot[entry] = EMPTY;
        this.nextEntry[entry] = this.freeList;
        this.freeList = entry;
        this.live--;
        return true;
      }
      previous = entry;
    }
    return false;
  }

  /** First entry with this hash, or -1. Walk on with {@link next}. */
  first(hash: number): number {
    return this.skipToHash(this.heads[hash & (this.heads.length - 1)]!, hash);
  }

  /** The entry after `entry` with the same hash, or -1. */
  next(entry: number): number {
    return this.skipToHash(this.nextEntry[entry]!, this.entryHash[entry]!);
  }

  slotOf(entry: number): number {
    return this.entrySlot[entry]!;
  }

  tagOf(entry: number): number {
    return this.entryTag[entry]!;
  }

  private skipToHash(start: number, hash: number): number {
    let entry = start;
    while (entry !== EMPTY && this.entryHash[entry] !== hash) entry = this.nextEntry[entry]!;
    return entry;
  }

  private growEntries(): void {
    // 1.5× keeps the slack of a million-group mirror to a few megabytes.
    const capacity = Math.ceil(this.entrySlot.length * 1.5);
    this.nextEntry = grow(this.nextEntry, capacity);
    this.entryHash = grow(this.entryHash, capacity);
    const slots = new Int32Array(capacity).fill(EMPTY);
    slots.set(this.entrySlot);
    this.entrySlot = slots;
    const tags = new Uint8Array(capacity);
    tags.set(this.entryTag);
    this.entryTag = tags;
  }

  private rehash(bucketCount: number): void {
    const heads = new Int32Array(bucketCount).fill(EMPTY);
    const mask = bucketCount - 1;
    for (let entry = 0; entry < this.allocated; entry++) {
      if (this.entrySlot[entry] === EMPTY) continue;
      const bucket = this.entryHash[entry]! & mask;
      this.nextEntry[entry] = heads[bucket]!;
      heads[bucket] = entry;
    }
    this.heads = heads;
  }
}

function grow(array: Int32Array, capacity: number): Int32Array {
  const bigger = new Int32Array(capacity);
  bigger.set(array);
  return bigger;
}

/**
 * FNV-1a over the first `length` UTF-16 code units, finished with MurmurHash3's mixer so that keys
 * differing only in their last characters (sequential IDs) still spread over all buckets.
 */
export function hashString(value: string, length = value.length): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
