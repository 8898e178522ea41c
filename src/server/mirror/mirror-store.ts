import { Buffer } from 'node:buffer';
import type { AccountGroup, SortField } from '../../domain/account-group';
import type { AccountGroupQuery } from '../../domain/list-query';
import { pageByMarks, pageByMask, pageOfSorted } from './order-scan';
import { SEARCH_KEY_KINDS, SearchIndex, normaliseSearchKey, type SearchKeyKind } from './search-index';
import { SlotMultimap, hashString } from './slot-multimap';
import { sortSlots } from './slot-sort';
import { SortedSlotIndex } from './sorted-index';
import { timestampKey, UNREADABLE_TIMESTAMP_KEY } from './sort-key';
import { StatusTypeCombos, type FacetCounts } from './status-type-combos';

/**
 * Every account group of the tenant, in memory, answering the filtered, sorted and counted questions
 * Upvest's list cannot (DESIGN.md, "The mirror").
 *
 * Layout, chosen by measuring a million groups (see bench/mirror-bench.ts):
 * - each group is kept as its JSON text: about 300 bytes, a single heap object, and every read parses a
 *   fresh copy, so callers can never change the store through what they get back;
 * - status and type as one 16-bit pair code per slot, the timestamps as microsecond keys in
 *   Float64Arrays, and one sorted order of slots per sort field, merged incrementally;
 * - the group ID and the search keys in typed-array hash multimaps rather than Maps of strings.
 *
 * Groups are never deleted upstream (a closed group stays CLOSED), so there is only upsert.
 */

export type MatchQuery = Omit<AccountGroupQuery, 'offset' | 'limit'>;
export type FacetFilters = Pick<AccountGroupQuery, 'status' | 'type' | 'q'>;

export interface UpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface QueryResult {
  total: number;
  data: AccountGroup[];
}

const INITIAL_CAPACITY = 1024;
/** Above this share of the store, sorting the matches of a search costs more than a pass over the order. */
const SORT_MATCHES_UP_TO_SHARE = 1 / 8;
const ID_TAG = 0;

export class MirrorStore {
  private count = 0;
  private readonly ids: string[] = [];
  private readonly records: string[] = [];
  private pairCodes = new Uint16Array(INITIAL_CAPACITY);
  private createdKeys = new Float64Array(INITIAL_CAPACITY);
  private updatedKeys = new Float64Array(INITIAL_CAPACITY);
  private readonly pairs = new StatusTypeCombos();
  private readonly byCreated = new SortedSlotIndex();
  private readonly byUpdated = new SortedSlotIndex();
  private readonly idIndex = new SlotMultimap();
  private readonly search = new SearchIndex();
  private highWater: { key: number; value: string } | null = null;

  get size(): number {
    return this.count;
  }

  /**
   * Inserts new groups and replaces changed ones. `onSlot` is told the slot of each group: one per ID,
   * stable for the store's life, so a caller can count distinct groups without holding their IDs.
   */
  upsert(groups: readonly AccountGroup[], onSlot?: (slot: number) => void): UpsertResult {
    const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
    for (const group of groups) {
      const json = JSON.stringify(group);
      let slot = this.slotOf(group.id);
      if (slot === -1) {
        slot = this.insert(group, json);
        result.inserted++;
      } else if (this.recordAt(slot) === json) {
        result.unchanged++;
      } else {
        this.update(slot, group, json);
        result.updated++;
      }
      onSlot?.(slot);
    }
    return result;
  }

  /** The group with exactly this ID (case-sensitive, as Upvest's IDs are), as a fresh copy. */
  get(id: string): AccountGroup | undefined {
    const slot = this.slotOf(id);
    return slot === -1 ? undefined : this.read(slot);
  }

  query(query: AccountGroupQuery): QueryResult {
    const mask = this.pairs.mask(query.status, query.type);
    const descending = query.order === 'DESC';
    if (query.q === null) {
      const order = this.orderBy(query.sort);
      const slots = pageByMask(
        order,
        this.pairCodes,
        mask,
        StatusTypeCombos.passesAll(mask),
        descending,
        query.offset,
        query.limit,
      );
      return { total: this.pairs.countWhere(mask), data: this.readAll(slots) };
    }
    const matched = this.filterByMask(this.lookup(query.q), mask);
    let slots: Int32Array;
    if (matched.length <= this.count * SORT_MATCHES_UP_TO_SHARE) {
      slots = pageOfSorted(this.sortMatches(matched, query.sort), descending, query.offset, query.limit);
    } else {
      slots = pageByMarks(this.orderBy(query.sort), this.marksOf(matched), descending, query.offset, query.limit);
    }
    return { total: matched.length, data: this.readAll(slots) };
  }

  /**
   * Counts for the filter menus: per status under the type and search filters, per type under the
   * status and search filters, and the total under all three. Every known enum value is present (0 when
   * none), plus each unknown value some group in the store carries.
   */
  facets(filters: FacetFilters): FacetCounts {
    if (filters.q === null) return this.pairs.facets(filters.status, filters.type);
    const perPair = new Uint32Array(this.pairs.comboCount);
    for (const slot of this.lookup(filters.q)) {
      const pair = this.pairAt(slot);
      perPair[pair] = (perPair[pair] ?? 0) + 1;
    }
    return this.pairs.facetsFrom(perPair, filters.status, filters.type);
  }

  /**
   * Every match in order, read lazily (a CSV export streams this). The order is fixed when iteration
   * starts; a group changed by an upsert meanwhile is read in its new state and skipped if it no longer
   * passes the filters, and groups inserted meanwhile are not included. No group is yielded twice.
   */
  *matches(query: MatchQuery): Generator<AccountGroup, void, undefined> {
    const mask = this.pairs.mask(query.status, query.type);
    const descending = query.order === 'DESC';
    const passes = (slot: number): boolean => mask[this.pairAt(slot)] === 1;
    if (query.q === null) {
      const order = this.orderBy(query.sort);
      for (let i = 0; i < order.length; i++) {
        const slot = order[descending ? order.length - 1 - i : i] ?? -1;
        if (passes(slot)) yield this.read(slot);
      }
      return;
    }
    const matched = this.filterByMask(this.lookup(query.q), mask);
    let ordered: Int32Array;
    if (matched.length <= this.count * SORT_MATCHES_UP_TO_SHARE) {
      ordered = this.sortMatches(matched, query.sort);
    } else {
      ordered = pageByMarks(this.orderBy(query.sort), this.marksOf(matched), false, 0, matched.length);
    }
    for (let i = 0; i < ordered.length; i++) {
      const slot = ordered[descending ? ordered.length - 1 - i : i] ?? -1;
      if (passes(slot)) yield this.read(slot);
    }
  }

  /** The latest readable `updated_at` ever stored: the mirror's high-water mark (never goes back). */
  maxUpdatedAt(): string | null {
    return this.highWater?.value ?? null;
  }

  /** Every group, in the order first seen (tests and diagnostics). */
  *all(): Generator<AccountGroup, void, undefined> {
    for (let slot = 0; slot < this.count; slot++) yield this.read(slot);
  }

  /**
   * Merges pending changes into the sort orders now. Queries do this on demand; the mirror calls it
   * after each sync so that the first query after a large batch does not pay for it.
   */
  settle(): void {
    this.orderBy('created_at');
    this.orderBy('updated_at');
  }

  private insert(group: AccountGroup, json: string): number {
    const pair = this.pairs.comboOf(group.status, group.type);
    const slot = this.count;
    this.ensureCapacity(slot + 1);
    this.ids.push(group.id);
    this.records.push(compact(json));
    this.pairCodes[slot] = pair;
    this.pairs.adjust(pair, 1);
    this.createdKeys[slot] = timestampKey(group.created_at);
    const updatedKey = timestampKey(group.updated_at);
    this.updatedKeys[slot] = updatedKey;
    this.byCreated.markChanged(slot);
    this.byUpdated.markChanged(slot);
    this.idIndex.add(hashString(group.id), slot, ID_TAG);
    this.search.add(slot, group);
    this.count++;
    this.noteUpdatedAt(updatedKey, group.updated_at);
    return slot;
  }

  private update(slot: number, group: AccountGroup, json: string): void {
    const previous = this.read(slot);
    const pair = this.pairs.comboOf(group.status, group.type);
    const previousPair = this.pairAt(slot);
    if (pair !== previousPair) {
      this.pairs.adjust(previousPair, -1);
      this.pairs.adjust(pair, 1);
      this.pairCodes[slot] = pair;
    }
    const createdKey = timestampKey(group.created_at);
    if (createdKey !== this.createdKeys[slot]) {
      this.createdKeys[slot] = createdKey;
      this.byCreated.markChanged(slot);
    }
    const updatedKey = timestampKey(group.updated_at);
    if (updatedKey !== this.updatedKeys[slot]) {
      this.updatedKeys[slot] = updatedKey;
      this.byUpdated.markChanged(slot);
    }
    this.search.replace(slot, previous, group);
    this.records[slot] = compact(json);
    this.noteUpdatedAt(updatedKey, group.updated_at);
  }

  private noteUpdatedAt(key: number, value: string): void {
    if (key === UNREADABLE_TIMESTAMP_KEY) return;
    if (this.highWater === null || key > this.highWater.key) this.highWater = { key, value };
  }

  private slotOf(id: string): number {
    for (let entry = this.idIndex.first(hashString(id)); entry !== -1; entry = this.idIndex.next(entry)) {
      const slot = this.idIndex.slotOf(entry);
      if (this.ids[slot] === id) return slot;
    }
    return -1;
  }

  private orderBy(sort: SortField): Int32Array {
    return sort === 'created_at'
      ? this.byCreated.current(this.createdKeys, this.ids, this.count)
      : this.byUpdated.current(this.updatedKeys, this.ids, this.count);
  }

  private sortMatches(matched: Int32Array, sort: SortField): Int32Array {
    return sortSlots(matched.slice(), sort === 'created_at' ? this.createdKeys : this.updatedKeys, this.ids);
  }

  private lookup(term: string): Int32Array {
    return this.search.lookup(normaliseSearchKey(term), (slot, kind) => this.searchKeysAt(slot, kind));
  }

  private searchKeysAt(slot: number, kind: SearchKeyKind): readonly string[] {
    if (kind === SEARCH_KEY_KINDS.id) return [normaliseSearchKey(this.idAt(slot))];
    const group = this.read(slot);
    if (kind === SEARCH_KEY_KINDS.securitiesAccountNumber) {
      return [normaliseSearchKey(group.securities_account_number)];
    }
    return group.users.map((user) => normaliseSearchKey(user.id));
  }

  private filterByMask(slots: Int32Array, mask: Uint8Array): Int32Array {
    if (StatusTypeCombos.passesAll(mask)) return slots;
    return slots.filter((slot) => mask[this.pairAt(slot)] === 1);
  }

  private marksOf(slots: Int32Array): Uint8Array {
    const marks = new Uint8Array(this.count);
    for (const slot of slots) marks[slot] = 1;
    return marks;
  }

  private readAll(slots: Int32Array): AccountGroup[] {
    return Array.from(slots, (slot) => this.read(slot));
  }

  private read(slot: number): AccountGroup {
    return JSON.parse(this.recordAt(slot)) as AccountGroup;
  }

  private recordAt(slot: number): string {
    const record = this.records[slot];
    if (record === undefined) throw new Error(`Mirror store corrupt: no record in slot ${slot}.`);
    return record;
  }

  private idAt(slot: number): string {
    const id = this.ids[slot];
    if (id === undefined) throw new Error(`Mirror store corrupt: no ID in slot ${slot}.`);
    return id;
  }

  private pairAt(slot: number): number {
    const pair = this.pairCodes[slot];
    if (pair === undefined) throw new Error(`Mirror store corrupt: no status/type in slot ${slot}.`);
    return pair;
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.pairCodes.length) return;
    const capacity = Math.max(needed, this.pairCodes.length * 2);
    const pairCodes = new Uint16Array(capacity);
    pairCodes.set(this.pairCodes);
    this.pairCodes = pairCodes;
    const createdKeys = new Float64Array(capacity);
    createdKeys.set(this.createdKeys);
    this.createdKeys = createdKeys;
    const updatedKeys = new Float64Array(capacity);
    updatedKeys.set(this.updatedKeys);
    this.updatedKeys = updatedKeys;
  }
}

/**
 * A copy of the JSON text sized to its content. JSON.stringify's result keeps the slack of its growth
 * buffer (measured: 440 heap bytes for a 264-character string, against 296 for a copy), which is a
 * third more memory for a million records.
 */
function compact(json: string): string {
  return Buffer.from(json, 'utf8').toString('utf8');
}
