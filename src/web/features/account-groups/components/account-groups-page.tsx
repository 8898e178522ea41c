import { useQueryClient } from '@tanstack/react-query';
import { Suspense, useEffect, useMemo } from 'react';
import { Outlet } from 'react-router';
import {
  ACCOUNT_GROUP_STATUSES,
  ACCOUNT_GROUP_TYPES,
  describeStatus,
  describeType,
} from '../../../../domain/account-group';
import { STALE_TIME_MS } from '../../../lib/query-client';
import { ProblemPanel } from '../../../components/problem-panel';
import { TransitionAnnouncement } from '../../../components/transition-announcement';
import { StatusIcon } from '../../../components/status-icon';
import { formatRange } from '../../../lib/format';
import { isInvalidSearch, isNetworkError, isRateLimited } from '../../../lib/problem-error';
import { useOnlineStatus } from '../../../lib/use-online-status';
import { useAccountGroupFacets } from '../api/get-account-group-facets';
import { accountGroupsQueryOptions, useAccountGroups } from '../api/get-account-groups';
import { useCanonicalListUrl, useListView } from '../hooks/use-list-view';
import { useKnownTotal } from '../hooks/use-known-total';
import { useResultsAnnouncement } from '../hooks/use-results-announcement';
import { useTablePreferences } from '../hooks/use-table-preferences';
import { hasFilters, lastPageOf, toAccountGroupQuery } from '../lib/list-view';
import { preloadDetailDrawer } from './detail/preload-detail-drawer';
import { EmptyTenant, InvalidSearch, NoMatches } from './notices/empty-state';
import { OfflineNotice } from './notices/offline-notice';
import { RATE_LIMIT_ENDED, RATE_LIMIT_STARTED, RateLimitNotice } from './notices/rate-limit-notice';
import { WaitingForConnection } from './notices/waiting-for-connection';
import { AccountGroupsTable, useAccountGroupsTable } from './table/account-groups-table';
import { TablePagination } from './table/table-pagination';
import { ViewOptions } from './table/view-options';
import { ExportLink } from './toolbar/export-link';
import { FacetedFilter, type FacetOption } from './toolbar/faceted-filter';
import { FilterChips } from './toolbar/filter-chips';
import { Freshness } from './toolbar/freshness';
import { QuickViews } from './toolbar/quick-views';
import { RefreshButton } from './toolbar/refresh-button';
import { SearchBox } from './toolbar/search-box';
import { StatusDistribution } from './toolbar/status-distribution';

const STATUS_OPTIONS = ACCOUNT_GROUP_STATUSES.map((status) => ({
  value: status,
  label: describeStatus(status).label,
  icon: <StatusIcon status={status} />,
})) satisfies FacetOption<string>[];

const TYPE_OPTIONS = ACCOUNT_GROUP_TYPES.map((type) => ({
  value: type,
  label: describeType(type).label,
})) satisfies FacetOption<string>[];

/** `/account-groups`: the list with its filters, and the detail drawer (`/account-groups/:id`) over it. */
export function AccountGroupsPage() {
  const { view, search, setView } = useListView();
  useCanonicalListUrl(search);
  const queryClient = useQueryClient();
  const online = useOnlineStatus();
  const { preferences, update: updatePreferences } = useTablePreferences();

  const query = useMemo(() => toAccountGroupQuery(view), [view]);
  const rowsView = useMemo(() => JSON.stringify(query), [query]);
  const filters = useMemo(() => ({ status: view.status, type: view.type, q: view.q }), [view.status, view.type, view.q]);
  const list = useAccountGroups(query);
  const facets = useAccountGroupFacets(filters);

  const page = list.data;
  const settled = page !== undefined && !list.isPlaceholderData;
  const invalidSearch = isInvalidSearch(list.error) ? list.error : null;
  const pageError = list.error !== null && invalidSearch === null ? list.error : null;
  const outOfRange = settled && page.data.length === 0 && page.meta.total_count > 0;
  // Offline, react-query pauses the call: a view not loaded yet has no rows of its own to show, and the
  // placeholder (the previous page's rows) must not pass for them.
  const waitingForConnection = list.fetchStatus === 'paused' && !settled && pageError === null && invalidSearch === null;
  const knownTotal = useKnownTotal(filters, facets.data, facets.isPlaceholderData);
  const totalCount = settled
    ? page.meta.total_count
    : (knownTotal ?? (waitingForConnection || pageError !== null ? undefined : page?.meta.total_count));
  const showRows = invalidSearch === null && !waitingForConnection;

  const table = useAccountGroupsTable({
    rows: showRows ? page?.data : undefined,
    totalCount: totalCount ?? 0,
    view,
    setView,
    columnVisibility: preferences.columnVisibility,
    onColumnVisibilityChange: (columnVisibility) => updatePreferences({ columnVisibility }),
  });

  // A page past the end (a stale link, or the list shrank): show the last page instead.
  useEffect(() => {
    if (!settled) return;
    const last = lastPageOf(page.meta.total_count, view.size);
    if (view.page > last) setView({ page: last }, { replace: true, keepPath: true });
  }, [settled, page, view.page, view.size, setView]);

  // The next page is usually the next thing asked for: have it ready.
  useEffect(() => {
    if (!settled || view.page >= lastPageOf(page.meta.total_count, view.size)) return;
    const { queryKey, queryFn } = accountGroupsQueryOptions(toAccountGroupQuery({ ...view, page: view.page + 1 }));
    queryClient.query({ queryKey, queryFn, staleTime: STALE_TIME_MS }).catch(() => {
      // A failed prefetch costs nothing: the page is fetched again when it is opened.
    });
  }, [settled, page, view, queryClient]);

  // The drawer's code is not needed for the first rows; fetch it once they are on screen.
  const hasRows = page !== undefined;
  useEffect(() => {
    if (hasRows) {
      preloadDetailDrawer().catch(() => {
        // Loaded again when a row is opened; a failure then shows in the route's error panel.
      });
    }
  }, [hasRows]);

  const loading = (list.isPending && list.fetchStatus === 'fetching' && invalidSearch === null && pageError === null) || outOfRange;
  const refreshing = list.isFetching && !loading;
  const listRateLimited = isRateLimited(list.failureReason) && list.fetchStatus === 'fetching';
  const facetsRateLimited = isRateLimited(facets.failureReason) && facets.fetchStatus === 'fetching';
  // Retries that ran out end in an error panel, which speaks for itself.
  const rateLimitGaveUp = isRateLimited(list.error) || isRateLimited(facets.error);
  const unreachable = !online || (isNetworkError(list.failureReason) && list.fetchStatus !== 'idle') || isNetworkError(list.error);
  // The list's own problem, a refused search and the offline notice already cover the counts' failure.
  const facetsError =
    facets.error !== null && pageError === null && !isInvalidSearch(facets.error) && !(unreachable && isNetworkError(facets.error))
      ? facets.error
      : null;
  const clearFilters = (): void => setView({ status: [], type: [], q: null });

  const empty = waitingForConnection ? (
    <WaitingForConnection page={view.page} />
  ) : pageError && !page ? (
    // In place of the rows, so the toolbar, the sort buttons and the pagination stay usable to change the view.
    <ProblemPanel
      error={pageError}
      context="Account groups could not be loaded."
      onRetry={() => void list.refetch()}
      retrying={list.isFetching}
    />
  ) : invalidSearch ? (
    <InvalidSearch />
  ) : hasFilters(view) ? (
    <NoMatches onClear={clearFilters} />
  ) : (
    <EmptyTenant />
  );

  const announcement = useResultsAnnouncement(
    waitingForConnection
      ? { key: `${search}|offline`, text: `You are offline: page ${view.page} will load when the connection is back` }
      : settled && !outOfRange
        ? {
            key: `${search}|results`,
            text:
              page.meta.total_count === 0
                ? hasFilters(view)
                  ? 'No account groups match these filters'
                  : 'No account groups yet'
                : `Showing ${formatRange(page.meta.offset, page.meta.count, page.meta.total_count)} account groups`,
          }
        : null,
  );

  return (
    <main id="main" className="page">
      <header className="page-header">
        <div className="page-header__title">
          <h1 id="page-title">Account groups</h1>
          {/* Not while the rows are hidden waiting for the connection: there is nothing on screen to date. */}
          {page && !waitingForConnection && (
            <Freshness asOf={page.meta.as_of} source={page.meta.source} complete={page.meta.complete} />
          )}
        </div>
        <div className="page-header__actions">
          <RefreshButton />
          <ExportLink view={view} />
        </div>
      </header>

      <section className="overview" aria-label="Overview">
        <QuickViews view={view} facets={facets.data} setView={setView} />
        <StatusDistribution view={view} facets={facets.data} setView={setView} />
      </section>

      <div className="toolbar">
        <SearchBox view={view} search={search} setView={setView} error={invalidSearch} />
        <FacetedFilter
          title="Status"
          options={STATUS_OPTIONS}
          selected={view.status}
          counts={facets.data?.status}
          partial={facets.data?.complete === false}
          onChange={(update) => setView((current) => ({ status: update(current.status) }))}
        />
        <FacetedFilter
          title="Type"
          options={TYPE_OPTIONS}
          selected={view.type}
          counts={facets.data?.type}
          partial={facets.data?.complete === false}
          onChange={(update) => setView((current) => ({ type: update(current.type) }))}
        />
        <div className="toolbar__spacer" />
        <ViewOptions
          table={table}
          density={preferences.density}
          onDensityChange={(density) => updatePreferences({ density })}
        />
      </div>
      <FilterChips view={view} setView={setView} />

      <div className="notices">
        {unreachable && <OfflineNotice browserOffline={!online} />}
        {listRateLimited ? (
          <RateLimitNotice failure={list.failureReason} />
        ) : (
          facetsRateLimited && <RateLimitNotice failure={facets.failureReason} subject="the counts" />
        )}
        {facetsError && (
          <ProblemPanel
            compact
            error={facetsError}
            context={
              facets.data
                ? 'The counts could not be refreshed; showing the last loaded counts.'
                : 'The counts for the quick views, the status bar and the filters could not be loaded.'
            }
            onRetry={() => void facets.refetch()}
            retrying={facets.isFetching}
          />
        )}
        {pageError && page && (
          <ProblemPanel
            compact
            error={pageError}
            context="The list could not be refreshed; showing the last loaded rows."
            onRetry={() => void list.refetch()}
            retrying={list.isFetching}
          />
        )}
      </div>

      <AccountGroupsTable
        table={table}
        density={preferences.density}
        loading={loading}
        refreshing={refreshing}
        changingView={refreshing && list.isPlaceholderData}
        rowsView={settled ? rowsView : null}
        empty={empty}
      />
      {(totalCount !== undefined || loading) && (
        <TablePagination
          table={table}
          view={view}
          shown={page && showRows ? { offset: page.meta.offset, count: page.meta.count, totalCount: page.meta.total_count } : null}
        />
      )}

      <TransitionAnnouncement
        active={listRateLimited || facetsRateLimited}
        started={RATE_LIMIT_STARTED}
        ended={rateLimitGaveUp ? '' : RATE_LIMIT_ENDED}
      />
      <div role="status" className="sr-only" data-testid="results-announcement">
        {announcement}
      </div>

      <Suspense fallback={null}>
        <Outlet />
      </Suspense>
    </main>
  );
}
