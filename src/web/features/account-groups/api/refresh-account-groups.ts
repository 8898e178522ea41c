import { useMutation, useQueryClient } from '@tanstack/react-query';
import { refreshResponseSchema, type RefreshResponse } from '../../../../domain/console-api';
import { requestJson } from '../../../lib/api-client';
import { consoleStatusKey } from '../../console-status/api/get-console-status';
import { accountGroupKeys } from './query-keys';

/** Asks the console's mirror for an incremental sync now. */
export function refreshAccountGroups(): Promise<RefreshResponse> {
  return requestJson('/api/account-groups/refresh', refreshResponseSchema, { method: 'POST' });
}

/** Refresh, then reload whatever is on screen: lists, facets, an open group and the status. */
export function useRefreshAccountGroups() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: refreshAccountGroups,
    onSuccess: (response) => {
      queryClient.setQueryData(consoleStatusKey, (status) => (status ? { ...status, mirror: response.mirror } : status));
      return queryClient.invalidateQueries({ queryKey: accountGroupKeys.all });
    },
  });
}
