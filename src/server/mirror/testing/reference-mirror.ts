import {
  ACCOUNT_GROUP_STATUSES,
  ACCOUNT_GROUP_TYPES,
  type AccountGroup,
  type SortField,
  type SortOrder,
} from '../../../domain/account-group';
import type { AccountGroupQuery } from '../../../domain/list-query';

/**
 * A deliberately naive mirror for tests: plain arrays, BigInt instants parsed through Date.parse, a
 * full filter and sort for every question. The real store must answer exactly like it.
 */

/** The instant in microseconds, or null for an unreadable timestamp (those sort first). */
export function referenceInstant(timestamp: string): bigint | null {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(timestamp);
  if (match === null) return null;
  const [, seconds = '', fraction = '', zone = ''] = match;
  const ms = Date.parse(seconds + zone);
  if (Number.isNaN(ms)) return null;
  return BigInt(ms) * 1000n + BigInt(fraction.padEnd(6, '0').slice(0, 6));
}

export function referenceCompare(sort: SortField): (a: AccountGroup, b: AccountGroup) => number {
  return (a, b) => {
    const ia = referenceInstant(a[sort]);
    const ib = referenceInstant(b[sort]);
    if (ia !== ib) {
      if (ia === null) return -1;
      if (ib === null) return 1;
      return ia < ib ? -1 : 1;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/** Upvest's list order: by the field with ties by ID, DESC being ASC reversed. */
export function referenceSort(groups: readonly AccountGroup[], sort: SortField, order: SortOrder): AccountGroup[] {
  const sorted = [...groups].sort(referenceCompare(sort));
  return order === 'DESC' ? sorted.reverse() : sorted;
}

export function referenceKeys(group: AccountGroup): string[] {
  return [group.id, group.securities_account_number, ...group.users.map((u) => u.id)]
    .filter((key) => key !== '')
    .map((key) => key.toLowerCase());
}

export function referenceMatchesTerm(group: AccountGroup, term: string | null): boolean {
  if (term === null) return true;
  const q = term.toLowerCase();
  return referenceKeys(group).some((key) => (q.length >= 8 ? key.startsWith(q) : key === q));
}

export class ReferenceMirror {
  private readonly byId = new Map<string, AccountGroup>();
  private highWater: { instant: bigint; value: string } | null = null;

  get groups(): AccountGroup[] {
    return [...this.byId.values()];
  }

  upsert(groups: readonly AccountGroup[]): { inserted: number; updated: number; unchanged: number } {
    const counts = { inserted: 0, updated: 0, unchanged: 0 };
    for (const group of groups) {
      const existing = this.byId.get(group.id);
      if (existing === undefined) counts.inserted++;
      else if (JSON.stringify(existing) === JSON.stringify(group)) counts.unchanged++;
      else counts.updated++;
      this.byId.set(group.id, structuredClone(group));
      const instant = referenceInstant(group.updated_at);
      if (instant !== null && (this.highWater === null || instant > this.highWater.instant)) {
        this.highWater = { instant, value: group.updated_at };
      }
    }
    return counts;
  }

  get(id: string): AccountGroup | undefined {
    return this.byId.get(id);
  }

  maxUpdatedAt(): string | null {
    return this.highWater?.value ?? null;
  }

  matches(query: Omit<AccountGroupQuery, 'offset' | 'limit'>): AccountGroup[] {
    const filtered = this.groups.filter(
      (g) =>
        (query.status.length === 0 || (query.status as readonly string[]).includes(g.status)) &&
        (query.type.length === 0 || (query.type as readonly string[]).includes(g.type)) &&
        referenceMatchesTerm(g, query.q),
    );
    return referenceSort(filtered, query.sort, query.order);
  }

  query(query: AccountGroupQuery): { total: number; data: AccountGroup[] } {
    const all = this.matches(query);
    return { total: all.length, data: all.slice(query.offset, query.offset + query.limit) };
  }

  facets(filters: Pick<AccountGroupQuery, 'status' | 'type' | 'q'>): {
    total_count: number;
    status: Record<string, number>;
    type: Record<string, number>;
  } {
    const statusFacet = Object.fromEntries<number>(ACCOUNT_GROUP_STATUSES.map((s) => [s, 0]));
    const typeFacet = Object.fromEntries<number>(ACCOUNT_GROUP_TYPES.map((t) => [t, 0]));
    for (const group of this.groups) {
      statusFacet[group.status] ??= 0;
      typeFacet[group.type] ??= 0;
    }
    const statusPasses = (g: AccountGroup): boolean =>
      filters.status.length === 0 || (filters.status as readonly string[]).includes(g.status);
    const typePasses = (g: AccountGroup): boolean =>
      filters.type.length === 0 || (filters.type as readonly string[]).includes(g.type);
    let total = 0;
    for (const group of this.groups.filter((g) => referenceMatchesTerm(g, filters.q))) {
      if (typePasses(group)) statusFacet[group.status] = (statusFacet[group.status] ?? 0) + 1;
      if (statusPasses(group)) typeFacet[group.type] = (typeFacet[group.type] ?? 0) + 1;
      if (statusPasses(group) && typePasses(group)) total++;
    }
    return { total_count: total, status: statusFacet, type: typeFacet };
  }
}
