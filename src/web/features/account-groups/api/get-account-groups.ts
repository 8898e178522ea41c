import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { accountGroupListSchema, type AccountGroupList } from '../../../../domain/console-api';
import { formatAccountGroupQuery, type AccountGroupQuery } from '../../../../domain/list-query';
import { apiPath, requestJson } from '../../../lib/api-client';
import { accountGroupKeys } from './query-keys';

/** The list refreshes itself this often while the tab is visible (never while it is hidden). */
export const LIST_REFETCH_INTERVAL_MS = 30_000;

export function getAccountGroups(query: AccountGroupQuery, signal?: AbortSignal): Promise<AccountGroupList> {
  const path = apiPath('/api/account-groups', formatAccountGroupQuery(query, 'list'));
  return requestJson(path, accountGroupListSchema, { signal });
}

export function accountGroupsQueryOptions(query: AccountGroupQuery) {
  return queryOptions({
    queryKey: accountGroupKeys.list(query),
    queryFn: ({ signal }) => getAccountGroups(query, signal),
    refetchInterval: LIST_REFETCH_INTERVAL_MS,
    refetchIntervalInBackground: false,
  });
}

/** One page of the list; while another page loads, the previous rows stay on screen. */
export function useAccountGroups(query: AccountGroupQuery) {
  return useQuery({ ...accountGroupsQueryOptions(query), placeholderData: keepPreviousData });
}
