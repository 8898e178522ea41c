import type { AccountGroupQuery } from '../../../../domain/list-query';

/** One root key, so a refresh can invalidate lists, facets and details in one call. */
export const accountGroupKeys = {
  all: ['account-groups'] as const,
  lists: () => [...accountGroupKeys.all, 'list'] as const,
  list: (query: AccountGroupQuery) => [...accountGroupKeys.lists(), query] as const,
  facets: (filters: Pick<AccountGroupQuery, 'status' | 'type' | 'q'>) =>
    [...accountGroupKeys.all, 'facets', filters] as const,
  detail: (id: string) => [...accountGroupKeys.all, 'detail', id] as const,
};
