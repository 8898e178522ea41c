import type { AccountGroup } from '../../../domain/account-group';
import { QUERY_LIMITS, type AccountGroupQuery } from '../../../domain/list-query';

/**
 * The console server's list semantics over an in-memory array (DESIGN.md, "The console API"):
 * status and type filters, `q` matched exactly against group ID, securities account number and
 * user IDs (by prefix from 8 characters on), sorting with the ID as tie-breaker, offset and limit.
 */

export type Filters = Pick<AccountGroupQuery, 'status' | 'type' | 'q'>;

export interface AccountGroupStore {
  readonly groups: readonly AccountGroup[];
  filter(filters: Filters): AccountGroup[];
  page(query: AccountGroupQuery): { data: AccountGroup[]; totalCount: number };
  facets(filters: Filters): { total_count: number; status: Record<string, number>; type: Record<string, number> };
  get(id: string): AccountGroup | undefined;
}

function matchesTerm(value: string, term: string): boolean {
  const candidate = value.toLowerCase();
  return candidate === term || (term.length >= QUERY_LIMITS.prefixMatchFrom && candidate.startsWith(term));
}

export function matchesSearch(group: AccountGroup, q: string): boolean {
  const term = q.toLowerCase();
  return (
    matchesTerm(group.id, term) ||
    matchesTerm(group.securities_account_number, term) ||
    group.users.some((user) => matchesTerm(user.id, term))
  );
}

function matches(group: AccountGroup, { status, type, q }: Filters): boolean {
  return (
    (status.length === 0 || (status as readonly string[]).includes(group.status)) &&
    (type.length === 0 || (type as readonly string[]).includes(group.type)) &&
    (q === null || matchesSearch(group, q))
  );
}

function countBy(groups: readonly AccountGroup[], field: 'status' | 'type'): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const group of groups) counts[group[field]] = (counts[group[field]] ?? 0) + 1;
  return counts;
}

export function createAccountGroupStore(groups: readonly AccountGroup[]): AccountGroupStore {
  const store: AccountGroupStore = {
    groups,
    filter: (filters) => groups.filter((group) => matches(group, filters)),
    page(query) {
      const direction = query.order === 'ASC' ? 1 : -1;
      const sorted = store.filter(query).sort((a, b) => {
        const byField = a[query.sort].localeCompare(b[query.sort]);
        return (byField === 0 ? a.id.localeCompare(b.id) : byField) * direction;
      });
      return { data: sorted.slice(query.offset, query.offset + query.limit), totalCount: sorted.length };
    },
    facets(filters) {
      return {
        total_count: store.filter(filters).length,
        status: countBy(store.filter({ ...filters, status: [] }), 'status'),
        type: countBy(store.filter({ ...filters, type: [] }), 'type'),
      };
    },
    get: (id) => groups.find((group) => group.id === id),
  };
  return store;
}
