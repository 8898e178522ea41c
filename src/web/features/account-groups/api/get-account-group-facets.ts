import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { facetsSchema, type Facets } from '../../../../domain/console-api';
import { formatAccountGroupQuery, type AccountGroupQuery } from '../../../../domain/list-query';
import { apiPath, requestJson } from '../../../lib/api-client';
import { LIST_REFETCH_INTERVAL_MS } from './get-account-groups';
import { accountGroupKeys } from './query-keys';

export type FacetFilters = Pick<AccountGroupQuery, 'status' | 'type' | 'q'>;

export function getAccountGroupFacets(filters: FacetFilters, signal?: AbortSignal): Promise<Facets> {
  const path = apiPath('/api/account-groups/facets', formatAccountGroupQuery(filters, 'facets'));
  return requestJson(path, facetsSchema, { signal });
}

export function accountGroupFacetsQueryOptions(filters: FacetFilters) {
  return queryOptions({
    queryKey: accountGroupKeys.facets(filters),
    queryFn: ({ signal }) => getAccountGroupFacets(filters, signal),
    refetchInterval: LIST_REFETCH_INTERVAL_MS,
    refetchIntervalInBackground: false,
  });
}

/** Counts per status and type for the filter menus, quick views and the status bar. */
export function useAccountGroupFacets(filters: FacetFilters) {
  return useQuery({ ...accountGroupFacetsQueryOptions(filters), placeholderData: keepPreviousData });
}
