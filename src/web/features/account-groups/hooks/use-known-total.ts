import { useQueryClient } from '@tanstack/react-query';
import type { AccountGroupList, Facets } from '../../../../domain/console-api';
import type { AccountGroupQuery } from '../../../../domain/list-query';
import type { FacetFilters } from '../api/get-account-group-facets';
import { accountGroupKeys } from '../api/query-keys';

function filterKey({ status, type, q }: FacetFilters): string {
  return JSON.stringify([status, type, q]);
}

/**
 * How many groups match these filters, as far as anything on hand says, for paging while the page
 * itself is not loaded (offline, or its call failed): the newest cached page of any sort or page
 * number under the same filters, else the counts (facets) when they are for these filters.
 */
export function useKnownTotal(filters: FacetFilters, facets: Facets | undefined, facetsArePlaceholder: boolean): number | undefined {
  const queryClient = useQueryClient();
  const wanted = filterKey(filters);
  let newest: { at: number; total: number } | undefined;
  for (const query of queryClient.getQueryCache().findAll({ queryKey: accountGroupKeys.lists() })) {
    // The list key's last element is the query it was fetched with (query-keys.ts).
    const listQuery = query.queryKey[2] as AccountGroupQuery | undefined;
    const data = query.state.data as AccountGroupList | undefined;
    if (listQuery === undefined || data === undefined || filterKey(listQuery) !== wanted) continue;
    if (newest === undefined || query.state.dataUpdatedAt > newest.at) {
      newest = { at: query.state.dataUpdatedAt, total: data.meta.total_count };
    }
  }
  if (newest !== undefined) return newest.total;
  return facets !== undefined && !facetsArePlaceholder ? facets.total_count : undefined;
}
