/* eslint-disable @typescript-eslint/no-non-null-assertion -- typed-array kernel: every index is in
   bounds by construction (loop bounds, binary-search bounds, slots handed out by the store); a `?? 0`
   fallback would turn a corruption bug into a silently wrong order instead of surfacing it. */
import { compareSlots, sortSlots } from './slot-sort';

/**
 * All slots of the store in (key, id) order, for one sort field.
 *
 * Changes are collected and merged on demand: the changed slots are dropped from the current order, the
 * batch is sorted on its own and merged in. That is O(n + k log k) per batch instead of a full re-sort,
 * and a first load, which arrives as one big batch, is sorted exactly once.
 *
 * Every merge builds a new array and never writes to the old one, so an iteration over an order
 * handed out earlier (a CSV export streaming while a sync lands) keeps a consistent sequence.
 */
export class SortedSlotIndex {
  private order: Int32Array = new Int32Array(0);
  private pendingFlags = new Uint8Array(0);
  private pending: number[] = [];
  /** Slots below this number are in `order`; newer ones are only in `pending`. */
  private slotsInOrder = 0;
  private removals = 0;

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Marks a slot whose key changed, or a new slot, for the next merge. */
  markChanged(slot: number): void {
    if (slot >= this.pendingFlags.length) this.growFlags(slot + 1);
    if (this.pendingFlags[slot] === 1) return;
    this.pendingFlags[slot] = 1;
    this.pending.push(slot);
    if (slot < this.slotsInOrder) this.removals++;
  }

  /** The order over slots 0..slotCount-1, merging pending changes first. Do not modify it. */
  current(keys: Float64Array, ids: readonly string[], slotCount: number): Int32Array {
    if (this.pending.length === 0) return this.order;
    const batch = sortSlots(Int32Array.from(this.pending), keys, ids);
    const kept = this.removals > 0 ? this.withoutPending() : this.order;
    this.order = merge(kept, batch, keys, ids);
    for (const slot of this.pending) this.pendingFlags[slot] = 0;
    this.pending = [];
    this.removals = 0;
    this.slotsInOrder = slotCount;
    return this.order;
  }

  private withoutPending(): Int32Array {
    const kept = new Int32Array(this.order.length - this.removals);
    let length = 0;
    for (let i = 0; i < this.order.length; i++) {
      const slot = this.order[i]!;
      if (this.pendingFlags[slot] === 0) kept[length++] = slot;
    }
    return kept;
  }

  private growFlags(minimum: number): void {
    const flags = new Uint8Array(Math.max(minimum, this.pendingFlags.length * 2, 1024));
    flags.set(this.pendingFlags);
    this.pendingFlags = flags;
  }
}

function merge(kept: Int32Array, batch: Int32Array, keys: Float64Array, ids: readonly string[]): Int32Array {
  const out = new Int32Array(kept.length + batch.length);
  if (kept.length === 0) {
    out.set(batch);
    return out;
  }
  // A small batch into a large order (every incremental sync): find each insertion point by binary
  // search and copy the stretches between them in bulk.
  if (batch.length * 32 < kept.length) {
    let from = 0;
    let written = 0;
    for (let b = 0; b < batch.length; b++) {
      const slot = batch[b]!;
      let lo = from;
      let hi = kept.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareSlots(kept[mid]!, slot, keys, ids) < 0) lo = mid + 1;
        else hi = mid;
      }
      out.set(kept.subarray(from, lo), written);
      written += lo - from;
      out[written++] = slot;
      from = lo;
    }
    out.set(kept.subarray(from), written);
    return out;
  }
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < kept.length && j < batch.length) {
    out[o++] = compareSlots(kept[i]!, batch[j]!, keys, ids) <= 0 ? kept[i++]! : batch[j++]!;
  }
  while (i < kept.length) out[o++] = kept[i++]!;
  while (j < batch.length) out[o++] = batch[j++]!;
  return out;
}
