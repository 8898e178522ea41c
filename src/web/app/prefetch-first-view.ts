import type { QueryClient } from '@tanstack/react-query';
import { accountGroupFacetsQueryOptions } from '../features/account-groups/api/get-account-group-facets';
import { accountGroupsQueryOptions } from '../features/account-groups/api/get-account-groups';
import { LIST_PATH, parseListView, toAccountGroupQuery } from '../features/account-groups/lib/list-view';
import { consoleStatusQueryOptions } from '../features/console-status/api/get-console-status';

/**
 * Asks for the first view's data as soon as the bundle runs. A query's own fetch starts in an effect,
 * after the first render has been painted, which on a slow machine is hundreds of milliseconds later;
 * started here, the data is on its way while React renders. The page's queries find it in the cache
 * under the same keys. A 401 leads to sign-in exactly as the page's own call would. Resolves when the
 * first page of rows has arrived (or failed).
 */
export function prefetchFirstView(queryClient: QueryClient, location: Pick<Location, 'pathname' | 'search'>): Promise<void> {
  if (location.pathname !== '/' && location.pathname !== LIST_PATH && !location.pathname.startsWith(`${LIST_PATH}/`)) {
    return Promise.resolve();
  }
  const view = parseListView(new URLSearchParams(location.search));
  const ignore = (): void => {
    // A failure stays in the cache, where the page's query shows it (and retries).
  };
  const rows = queryClient.query(accountGroupsQueryOptions(toAccountGroupQuery(view))).then(ignore, ignore);
  queryClient.query(accountGroupFacetsQueryOptions({ status: view.status, type: view.type, q: view.q })).catch(ignore);
  queryClient.query(consoleStatusQueryOptions()).catch(ignore);
  return rows;
}
