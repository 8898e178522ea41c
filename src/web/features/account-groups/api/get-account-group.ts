import { queryOptions, useQuery } from '@tanstack/react-query';
import { accountGroupSchema, isAccountGroupId, type AccountGroup } from '../../../../domain/account-group';
import { apiPath, requestJson } from '../../../lib/api-client';
import { accountGroupKeys } from './query-keys';

export function accountGroupPath(id: string): string {
  return apiPath(`/api/account-groups/${encodeURIComponent(id)}`);
}

/** One group, fetched live from Upvest by the console server; a 404 problem when it does not exist. */
export function getAccountGroup(id: string, signal?: AbortSignal): Promise<AccountGroup> {
  return requestJson(accountGroupPath(id), accountGroupSchema, { signal });
}

export function accountGroupQueryOptions(id: string) {
  return queryOptions({
    queryKey: accountGroupKeys.detail(id),
    queryFn: ({ signal }) => getAccountGroup(id, signal),
    // The drawer shows the live state: fetch again every time it opens.
    staleTime: 0,
  });
}

export function useAccountGroup(id: string, placeholder: AccountGroup | undefined) {
  // Only a UUID can name a group: anything else is not sent (the console server would refuse it).
  return useQuery({ ...accountGroupQueryOptions(id), placeholderData: placeholder, enabled: isAccountGroupId(id) });
}
