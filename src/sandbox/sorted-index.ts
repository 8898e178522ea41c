/**
 * A sorted list of item numbers (group indexes) kept in chunks, ordered by a total-order comparator.
 *
 * Reading a page at any offset walks the chunk lengths (about a thousand at a million items) and then
 * slices; inserting or removing one item touches a single chunk. So a status change at a million
 * groups costs microseconds instead of a re-sort, and a page of 1000 is answered in well under a
 * millisecond. The comparator must be a total order (ties broken by ID), so every item has exactly
 * one position and can be found again by binary search.
 */
export class SortedIndex {
  private chunks: number[][] = [[]];
  private count = 0;

  constructor(
    private readonly compare: (left: number, right: number) => number,
    private readonly chunkSize = 1024,
  ) {}

  /** Replaces the content with the given items, sorting them once. */
  load(items: Int32Array): void {
    const sorted = Int32Array.from(items).sort(this.compare);
    this.chunks = [];
    for (let start = 0; start < sorted.length; start += this.chunkSize) {
      this.chunks.push(Array.from(sorted.subarray(start, start + this.chunkSize)));
    }
    if (this.chunks.length === 0) this.chunks.push([]);
    this.count = sorted.length;
  }

  get size(): number {
    return this.count;
  }

  insert(item: number): void {
    const chunkIndex = this.chunkFor(item);
    const chunk = this.chunkAt(chunkIndex);
    chunk.splice(this.lowerBound(chunk, item), 0, item);
    this.count++;
    if (chunk.length > this.chunkSize * 2) {
      this.chunks.splice(chunkIndex + 1, 0, chunk.splice(this.chunkSize));
    }
  }

  /** Removes the item; call it before changing anything the comparator reads. */
  remove(item: number): boolean {
    const chunkIndex = this.chunkFor(item);
    const chunk = this.chunkAt(chunkIndex);
    const position = this.lowerBound(chunk, item);
    if (chunk[position] !== item) return false;
    chunk.splice(position, 1);
    this.count--;
    if (chunk.length === 0 && this.chunks.length > 1) this.chunks.splice(chunkIndex, 1);
    return true;
  }

  /** Items at ascending ranks [start, start + length), clipped to the list. */
  slice(start: number, length: number): number[] {
    const out: number[] = [];
    if (length <= 0 || start >= this.count) return out;
    let skip = Math.max(0, start);
    let remaining = Math.min(length, this.count - skip);
    for (const chunk of this.chunks) {
      if (skip >= chunk.length) {
        skip -= chunk.length;
        continue;
      }
      const end = Math.min(chunk.length, skip + remaining);
      for (let i = skip; i < end; i++) out.push(chunk[i] ?? -1);
      remaining -= end - skip;
      skip = 0;
      if (remaining === 0) break;
    }
    return out;
  }

  /** Items in descending order starting at descending rank `start` (rank 0 is the largest). */
  sliceDescending(start: number, length: number): number[] {
    const ascendingEnd = this.count - Math.max(0, start);
    const ascendingStart = Math.max(0, ascendingEnd - Math.max(0, length));
    return this.slice(ascendingStart, ascendingEnd - ascendingStart).reverse();
  }

  /** Every item, ascending. */
  *[Symbol.iterator](): IterableIterator<number> {
    for (const chunk of this.chunks) yield* chunk;
  }

  private chunkAt(index: number): number[] {
    const chunk = this.chunks[index];
    if (chunk === undefined) throw new RangeError(`no chunk ${index}`);
    return chunk;
  }

  /** The first chunk whose last item is not below `item` (or the last chunk). */
  private chunkFor(item: number): number {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const chunk = this.chunkAt(middle);
      const last = chunk[chunk.length - 1];
      if (last === undefined || this.compare(last, item) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private lowerBound(chunk: readonly number[], item: number): number {
    let low = 0;
    let high = chunk.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compare(chunk[middle] ?? -1, item) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
