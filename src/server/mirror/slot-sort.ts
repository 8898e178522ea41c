/* eslint-disable @typescript-eslint/no-non-null-assertion -- typed-array kernel: every index is in
   bounds by construction (loop bounds or slots handed out by the store); a `?? 0` fallback would turn a
   corruption bug into silently wrong order instead of surfacing it. */

/**
 * Sorting slots (row numbers of the store) by a numeric key with ties broken by ID, the order Upvest's
 * lists use and the sandbox reproduces: key ascending, then ID ascending in UTF-16 code-unit order
 * (JavaScript's `<` on strings). DESC is exactly this order reversed.
 *
 * A comparator sort of a million slots takes seconds on a small machine (each comparison reads two
 * scattered keys), so large batches are radix-sorted on the key's bits and only runs of equal keys
 * (rare: timestamps have microseconds) are sorted by ID.
 */

export function compareSlots(a: number, b: number, keys: Float64Array, ids: readonly string[]): number {
  const ka = keys[a]!;
  const kb = keys[b]!;
  if (ka < kb) return -1;
  if (ka > kb) return 1;
  const ia = ids[a]!;
  const ib = ids[b]!;
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

/** Below this many slots a comparator sort is cheaper than four radix passes over 64k buckets. */
const RADIX_THRESHOLD = 4096;
const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Sorts the slots in place by (key, id) and returns them. */
export function sortSlots(slots: Int32Array, keys: Float64Array, ids: readonly string[]): Int32Array {
  if (slots.length < RADIX_THRESHOLD || !LITTLE_ENDIAN) {
    return slots.sort((a, b) => compareSlots(a, b, keys, ids));
  }
  radixSortByKey(slots, keys);
  sortEqualKeyRunsById(slots, keys, ids);
  return slots;
}

function radixSortByKey(slots: Int32Array, keys: Float64Array): void {
  const n = slots.length;
  // Order-preserving unsigned form of the IEEE 754 bits: flip all bits of negatives, the sign bit of
  // the rest. Then (hi, lo) compared as unsigned integers orders like the doubles.
  const scratch = new Float64Array(1);
  const scratchWords = new Uint32Array(scratch.buffer);
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    scratch[0] = keys[slots[i]!]! + 0; // + 0 folds -0 into +0, which compare equal
    const h = scratchWords[1]!;
    const l = scratchWords[0]!;
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  let src = slots;
  let dst: Int32Array = new Int32Array(n);
  let hiDst = new Uint32Array(n);
  let loDst = new Uint32Array(n);
  const counts = new Uint32Array(BUCKETS);
  // Least significant digit first: lo low, lo high, hi low, hi high.
  for (let pass = 0; pass < 4; pass++) {
    const words = pass < 2 ? lo : hi;
    const shift = (pass % 2) * DIGIT_BITS;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(words[i]! >>> shift) & (BUCKETS - 1)]!++;
    // A digit every key shares (the top bits of nearby timestamps) needs no pass.
    if (counts[(words[0]! >>> shift) & (BUCKETS - 1)] === n) continue;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const target = counts[(words[i]! >>> shift) & (BUCKETS - 1)]!++;
      dst[target] = src[i]!;
      hiDst[target] = hi[i]!;
      loDst[target] = lo[i]!;
    }
    [src, dst] = [dst, src];
    [hi, hiDst] = [hiDst, hi];
    [lo, loDst] = [loDst, lo];
  }
  if (src !== slots) slots.set(src);
}

function sortEqualKeyRunsById(slots: Int32Array, keys: Float64Array, ids: readonly string[]): void {
  const n = slots.length;
  let start = 0;
  while (start < n) {
    const key = keys[slots[start]!]!;
    let end = start + 1;
    while (end < n && keys[slots[end]!]! === key) end++;
    if (end - start > 1) {
      slots.subarray(start, end).sort((a, b) => {
        const ia = ids[a]!;
        const ib = ids[b]!;
        return ia < ib ? -1 : ia > ib ? 1 : 0;
      });
    }
    start = end;
  }
}
