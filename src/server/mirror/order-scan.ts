/* eslint-disable @typescript-eslint/no-non-null-assertion -- typed-array kernel: every index is in
   bounds by construction (loop bounds over the order, slots handed out by the store, pair codes below
   the mask's length); a `?? 0` fallback would turn a corruption bug into silently wrong pages. */

/**
 * Pages out of a sorted order of slots. These loops are the whole cost of a filtered page at a
 * million groups (one pass over the order in the worst case), so they are kept free of closures.
 */

/** The slots of page (offset, limit) among those whose pair code passes `mask`. */
export function pageByMask(
  order: Int32Array,
  pairCodes: Uint16Array,
  mask: Uint8Array,
  passesAll: boolean,
  descending: boolean,
  offset: number,
  limit: number,
): Int32Array {
  if (passesAll) return pageOfSorted(order, descending, offset, limit);
  const n = order.length;
  const page: number[] = [];
  let skip = offset;
  const step = descending ? -1 : 1;
  for (let i = descending ? n - 1 : 0; i >= 0 && i < n; i += step) {
    const slot = order[i]!;
    if (mask[pairCodes[slot]!] !== 1) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    page.push(slot);
    if (page.length === limit) break;
  }
  return Int32Array.from(page);
}

/** The slots of page (offset, limit) among those marked with 1. */
export function pageByMarks(
  order: Int32Array,
  marks: Uint8Array,
  descending: boolean,
  offset: number,
  limit: number,
): Int32Array {
  const n = order.length;
  const page: number[] = [];
  let skip = offset;
  const step = descending ? -1 : 1;
  for (let i = descending ? n - 1 : 0; i >= 0 && i < n; i += step) {
    const slot = order[i]!;
    if (marks[slot] !== 1) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    page.push(slot);
    if (page.length === limit) break;
  }
  return Int32Array.from(page);
}

/** Slice (offset, limit) of an ascending list, read in the given direction. */
export function pageOfSorted(sorted: Int32Array, descending: boolean, offset: number, limit: number): Int32Array {
  const n = sorted.length;
  const start = Math.min(offset, n);
  const end = Math.min(offset + limit, n);
  if (!descending) return sorted.slice(start, end);
  const page = new Int32Array(end - start);
  for (let i = 0; i < page.length; i++) page[i] = sorted[n - 1 - start - i]!;
  return page;
}
