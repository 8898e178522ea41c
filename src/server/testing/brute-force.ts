import type { AccountGroup, SortField, SortOrder } from '../../domain/account-group';
import type { AccountGroupQuery } from '../../domain/list-query';
import { QUERY_LIMITS } from '../../domain/list-query';

/**
 * The obvious, slow answer to a console query over a full list of groups: what the mirror and the
 * sandbox must agree with. Sorting: by instant, ties by lower-cased id, in the direction of `order`.
 */
export function sortGroups(groups: readonly AccountGroup[], sort: SortField, order: SortOrder): AccountGroup[] {
  const sorted = [...groups].sort((a, b) => {
    const byTime = Date.parse(a[sort]) - Date.parse(b[sort]);
    if (byTime !== 0) return byTime;
    const idA = a.id.toLowerCase();
    const idB = b.id.toLowerCase();
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  });
  return order === 'ASC' ? sorted : sorted.reverse();
}

export function matchesSearch(group: AccountGroup, q: string): boolean {
  const candidates = [group.id, group.securities_account_number, ...group.users.map((user) => user.id)].map((value) =>
    value.toLowerCase(),
  );
  return candidates.some((value) => value === q || (q.length >= QUERY_LIMITS.prefixMatchFrom && value.startsWith(q)));
}

export function bruteForceMatches(
  groups: readonly AccountGroup[],
  query: Pick<AccountGroupQuery, 'status' | 'type' | 'q'>,
): AccountGroup[] {
  return groups.filter(
    (group) =>
      ((query.status as readonly string[]).length === 0 || (query.status as readonly string[]).includes(group.status)) &&
      ((query.type as readonly string[]).length === 0 || (query.type as readonly string[]).includes(group.type)) &&
      (query.q === null || matchesSearch(group, query.q)),
  );
}

export function bruteForcePage(
  groups: readonly AccountGroup[],
  query: AccountGroupQuery,
): { total: number; data: AccountGroup[] } {
  const matches = sortGroups(bruteForceMatches(groups, query), query.sort, query.order);
  return { total: matches.length, data: matches.slice(query.offset, query.offset + query.limit) };
}
