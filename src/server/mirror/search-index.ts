import type { AccountGroup } from '../../domain/account-group';
import { QUERY_LIMITS } from '../../domain/list-query';
import { SlotMultimap, hashString } from './slot-multimap';

/**
 * The search behind `q`: a term matches an account group when it equals, case-insensitively, the
 * group's ID, its securities account number or one of its users' IDs, and, from
 * {@link QUERY_LIMITS.prefixMatchFrom} characters on, also when one of those starts with it.
 *
 * Every key is filed under the hash of its first eight characters (or of the whole key when shorter).
 * A term of eight characters or more looks in the bucket of its own first eight, which holds every key
 * it can be a prefix of; a shorter term can only equal a short key, filed under the term's own hash.
 * Candidates are then checked against the real keys, so only the candidates are touched.
 */

export const SEARCH_KEY_KINDS = { id: 0, securitiesAccountNumber: 1, user: 2 } as const;
export type SearchKeyKind = (typeof SEARCH_KEY_KINDS)[keyof typeof SEARCH_KEY_KINDS];

const PREFIX_FROM = QUERY_LIMITS.prefixMatchFrom;

/** Reads the current keys of one kind of a slot, lower-cased (the store owns the data). */
export type SlotKeyReader = (slot: number, kind: SearchKeyKind) => readonly string[];

export function normaliseSearchKey(value: string): string {
  return value.toLowerCase();
}

/** Whether a stored (lower-cased) key matches a (lower-cased) term under the prefix rule. */
export function keyMatchesTerm(key: string, term: string): boolean {
  return term.length >= PREFIX_FROM ? key.startsWith(term) : key === term;
}

interface SearchKey {
  readonly key: string;
  readonly kind: SearchKeyKind;
}

export class SearchIndex {
  private readonly entries = new SlotMultimap();

  get entryCount(): number {
    return this.entries.size;
  }

  add(slot: number, group: AccountGroup): void {
    for (const { key, kind } of searchKeysOf(group)) this.entries.add(bucketHash(key), slot, kind);
  }

  /** Files the keys of `next` in place of those of `previous`, touching only what changed. */
  replace(slot: number, previous: AccountGroup, next: AccountGroup): void {
    const before = searchKeysOf(previous);
    const after = searchKeysOf(next);
    const identity = (k: SearchKey): string => `${k.kind}:${k.key}`;
    const beforeSet = new Set(before.map(identity));
    const afterSet = new Set(after.map(identity));
    for (const k of before) if (!afterSet.has(identity(k))) this.entries.remove(bucketHash(k.key), slot, k.kind);
    for (const k of after) if (!beforeSet.has(identity(k))) this.entries.add(bucketHash(k.key), slot, k.kind);
  }

  /** Slots with at least one key matching the term, ascending, each once. */
  lookup(term: string, readKeys: SlotKeyReader): Int32Array {
    const probe = term.length >= PREFIX_FROM ? hashString(term, PREFIX_FROM) : hashString(term);
    const found: number[] = [];
    for (let entry = this.entries.first(probe); entry !== -1; entry = this.entries.next(entry)) {
      const slot = this.entries.slotOf(entry);
      const kind = this.entries.tagOf(entry) as SearchKeyKind;
      if (readKeys(slot, kind).some((key) => keyMatchesTerm(key, term))) found.push(slot);
    }
    const slots = Int32Array.from(found).sort();
    return dedupeSorted(slots);
  }
}

function bucketHash(key: string): number {
  return key.length >= PREFIX_FROM ? hashString(key, PREFIX_FROM) : hashString(key);
}

/** The distinct, non-empty, lower-cased keys of a group, each with the field it came from. */
export function searchKeysOf(group: AccountGroup): SearchKey[] {
  // Runs for every group of a first sync: a plain loop, no closures or sets (a group has few keys).
  const keys: SearchKey[] = [];
  addKey(keys, group.id, SEARCH_KEY_KINDS.id);
  addKey(keys, group.securities_account_number, SEARCH_KEY_KINDS.securitiesAccountNumber);
  for (const user of group.users) addKey(keys, user.id, SEARCH_KEY_KINDS.user);
  return keys;
}

function addKey(keys: SearchKey[], raw: string, kind: SearchKeyKind): void {
  if (raw === '') return;
  const key = normaliseSearchKey(raw);
  for (const existing of keys) if (existing.kind === kind && existing.key === key) return;
  keys.push({ key, kind });
}

function dedupeSorted(sorted: Int32Array): Int32Array {
  let length = 0;
  for (let i = 0; i < sorted.length; i++) {
    const slot = sorted[i];
    if (slot === undefined) break;
    if (length === 0 || sorted[length - 1] !== slot) sorted[length++] = slot;
  }
  return sorted.subarray(0, length);
}
