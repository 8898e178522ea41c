import {
  functionalUpdate,
  useTable,
  type ColumnVisibilityState,
  type PaginationState,
  type SortingState,
  type Updater,
} from '@tanstack/react-table';
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { memo, useLayoutEffect, useMemo, useRef, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { SORT_FIELDS, type AccountGroup, type SortField } from '../../../../../domain/account-group';
import { ProgressBar } from '../../../../components/progress-bar';
import { Skeleton } from '../../../../components/skeleton';
import { cx } from '../../../../lib/cx';
import type { Density } from '../../hooks/use-table-preferences';
import type { SetListView } from '../../hooks/use-list-view';
import { detailPath, type ListView, type PageSize } from '../../lib/list-view';
import { accountGroupColumns, accountGroupTableFeatures } from './columns';
import { GRID_ROW_ATTRIBUTE } from './grid-navigation';
import { ListSearchContext, ROW_LINK_SELECTOR, type OpenedFromList } from './group-id-link';
import { useGridKeyboard } from './use-grid-keyboard';
import { screenfulOfRows, useProgressiveRows } from './use-progressive-rows';

export const TABLE_ID = 'account-groups-table';
const FRAME_CLASS = 'table-frame';
const SKELETON_ROWS = 10;
const NO_ROWS: AccountGroup[] = [];

export type AccountGroupsTableInstance = ReturnType<typeof useAccountGroupsTable>;

interface TableInputs {
  rows: AccountGroup[] | undefined;
  totalCount: number;
  view: ListView;
  setView: SetListView;
  columnVisibility: ColumnVisibilityState;
  onColumnVisibilityChange: (next: ColumnVisibilityState) => void;
}

function isSortField(value: string): value is SortField {
  return (SORT_FIELDS as readonly string[]).includes(value);
}

/**
 * The TanStack Table instance over one server page: sorting and pagination state come from the URL
 * and every change goes back to the URL (manual modes: the server sorts and pages).
 */
export function useAccountGroupsTable({
  rows,
  totalCount,
  view,
  setView,
  columnVisibility,
  onColumnVisibilityChange,
}: TableInputs) {
  const sorting = useMemo<SortingState>(() => [{ id: view.sort, desc: view.order === 'desc' }], [view.sort, view.order]);
  const pagination = useMemo<PaginationState>(
    () => ({ pageIndex: view.page - 1, pageSize: view.size }),
    [view.page, view.size],
  );

  return useTable({
    features: accountGroupTableFeatures,
    columns: accountGroupColumns,
    data: rows ?? NO_ROWS,
    getRowId: (group) => group.id,
    manualSorting: true,
    manualPagination: true,
    rowCount: totalCount,
    enableMultiSort: false,
    enableSortingRemoval: false,
    autoResetPageIndex: false,
    state: { sorting, pagination, columnVisibility },
    onSortingChange: (updater: Updater<SortingState>) => {
      const [next] = functionalUpdate(updater, sorting);
      if (next && isSortField(next.id)) setView({ sort: next.id, order: next.desc ? 'desc' : 'asc' });
    },
    onPaginationChange: (updater: Updater<PaginationState>) => {
      const next = functionalUpdate(updater, pagination);
      setView({ page: next.pageIndex + 1, size: next.pageSize as PageSize });
    },
    onColumnVisibilityChange: (updater: Updater<ColumnVisibilityState>) => {
      onColumnVisibilityChange(functionalUpdate(updater, columnVisibility));
    },
  });
}

export interface AccountGroupsTableProps {
  table: AccountGroupsTableInstance;
  density: Density;
  /** First load: no rows yet, show skeleton rows. */
  loading: boolean;
  /** Rows are on screen but newer ones are on the way (paging, refetch): the progress bar. */
  refreshing: boolean;
  /**
   * The rows on screen belong to the view before the one asked for (page, sort or filter changed) and
   * its rows are on the way: the table is busy (aria-busy). Not for background refetches of the same
   * view, which would mark it busy every 30 s for nothing the person did.
   */
  changingView: boolean;
  /** Shown in place of rows when there are none (empty tenant, no matches, invalid search). */
  empty: ReactNode;
  /**
   * The view (the list query) the rows belong to, or null while they are the previous view's rows kept as
   * a placeholder: a view's first rows render a screenful first (use-progressive-rows.ts).
   */
  rowsView: string | null;
}

/** Clicks on these inside a row do their own thing and must not also open the row. */
const INTERACTIVE = 'a, button, input, select, textarea, [data-no-row-click], [role="menuitem"]';

/**
 * After paging from the pagination below the rows: brings the top of the table (where the new rows
 * and the progress bar show) into view and gives the table focus, so reading goes on from there
 * rather than from the bottom of the new page. Only ever called for the person's own click. In the
 * next frame: a cached page has already rendered (synchronously, use-list-view.ts), and scrolling now
 * would force a layout of its rows on top of the one the frame does anyway.
 */
export function revealTableTop(): void {
  requestAnimationFrame(() => {
    const table = document.getElementById(TABLE_ID);
    if (table === null) return;
    table.closest(`.${FRAME_CLASS}`)?.scrollIntoView({ block: 'nearest' });
    table.focus({ preventScroll: true });
  });
}

export function AccountGroupsTable({ table, density, loading, refreshing, changingView, empty, rowsView }: AccountGroupsTableProps) {
  const navigate = useNavigate();
  const { search } = useLocation();
  const rows = useProgressiveRows(table.getRowModel().rows, rowsView, screenfulOfRows(density, window.innerHeight));
  const visibleColumns = table.getVisibleLeafColumns();
  const visibleColumnCount = visibleColumns.length;
  const columnsKey = visibleColumns.map((column) => column.id).join();
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const grid = useGridKeyboard(bodyRef);

  // Another view (page, sort, filters: the URL's query) starts at its first row, not where the last one
  // was scrolled to. In the next frame, before it is painted: scrolling here, in the commit, would force
  // the browser to lay out the new rows twice.
  useLayoutEffect(() => {
    const frame = requestAnimationFrame(() => {
      if (scrollRef.current !== null && scrollRef.current.scrollTop !== 0) scrollRef.current.scrollTop = 0;
    });
    return () => cancelAnimationFrame(frame);
  }, [search]);
  const openRow = (id: string): void => {
    const state: OpenedFromList = { openedFromList: search };
    void navigate(detailPath(id, search), { state });
  };

  // On the body rather than on each row, so that a row renders nothing that changes with the location.
  const onRowClick = (event: MouseEvent<HTMLTableSectionElement>): void => {
    const target = event.target as Element;
    const link = target.closest<HTMLAnchorElement>(ROW_LINK_SELECTOR);
    if (link !== null) {
      // A row's link: in-app for a plain click (or Enter); a new tab or window is the browser's business.
      const id = link.dataset.rowLink;
      if (id === undefined || !isPlainClick(event)) return;
      event.preventDefault();
      openRow(id);
      return;
    }
    const id = rowIdOf(target);
    if (id === null || target.closest(INTERACTIVE)) return;
    // Selecting text to copy it is not a request to open the row.
    if ((window.getSelection()?.toString() ?? '') !== '') return;
    openRow(id);
  };

  const onRowKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>): void => {
    // Enter on a cell element that is not a link or button (status, times, type) opens the row like Enter on its ID link does.
    const target = event.target as Element;
    const id = rowIdOf(target);
    if (id === null || event.key !== 'Enter' || target.closest(INTERACTIVE)) return;
    event.preventDefault();
    openRow(id);
  };

  return (
    <div className={FRAME_CLASS}>
      {refreshing && <ProgressBar label="Loading account groups" className="table-frame__progress" />}
      <div ref={scrollRef} className="table-scroll">
        {/*
          A grid (WAI-ARIA APG data grid) on a real table: the rows are one tab stop and arrow keys move
          between cell elements (use-grid-keyboard.ts); the sortable headers keep their buttons and
          aria-sort. Focusable itself (-1) to take focus after paging and when a drawer opened by link closes.
        */}
        <table
          id={TABLE_ID}
          role="grid"
          tabIndex={-1}
          aria-label="Account groups"
          aria-busy={loading || changingView}
          className={cx('data-table', density === 'compact' && 'data-table--compact')}
          onKeyDown={grid.onKeyDown}
        >
          <colgroup>
            {table.getVisibleLeafColumns().map((column) => (
              <col key={column.id} style={{ width: column.columnDef.meta?.width }} />
            ))}
          </colgroup>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const { column } = header;
                  const sorted = column.getIsSorted();
                  const ariaSort = sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined;
                  return (
                    <th key={header.id} scope="col" aria-sort={ariaSort}>
                      {column.getCanSort() ? (
                        <button
                          type="button"
                          className={cx('sort-button', sorted !== false && 'sort-button--active')}
                          onClick={column.getToggleSortingHandler()}
                        >
                          <table.FlexRender header={header} />
                          {sorted === 'asc' ? (
                            <ArrowUp aria-hidden size={14} />
                          ) : sorted === 'desc' ? (
                            <ArrowDown aria-hidden size={14} />
                          ) : (
                            <ArrowUpDown aria-hidden size={14} className="sort-button__idle" />
                          )}
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <ListSearchContext value={search}>
            <tbody ref={bodyRef} onFocus={grid.onFocus} onBlur={grid.onBlur} onClick={onRowClick} onKeyDown={onRowKeyDown}>
              {loading ? (
                Array.from({ length: SKELETON_ROWS }, (_, index) => (
                  <tr key={index} className="skeleton-row" data-testid="skeleton-row">
                    {table.getVisibleLeafColumns().map((column) => (
                      <td key={column.id}>
                        <Skeleton width={column.id === 'type' || column.id === 'status' ? '60%' : '75%'} />
                      </td>
                    ))}
                  </tr>
                ))
              ) : rows.length === 0 ? (
                // Not a grid row: what stands in for the rows (a notice, the error panel) keeps its own tab order.
                <tr className="empty-row">
                  <td colSpan={visibleColumnCount}>{empty}</td>
                </tr>
              ) : (
                rows.map((row) => <DataRow key={row.id} row={row} columnsKey={columnsKey} FlexRender={table.FlexRender} />)
              )}
            </tbody>
          </ListSearchContext>
        </table>
      </div>
    </div>
  );
}

type TableRow = ReturnType<AccountGroupsTableInstance['getRowModel']>['rows'][number];

const GRID_ROW = { [GRID_ROW_ATTRIBUTE]: '' };

function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.defaultPrevented && !event.metaKey && !event.altKey && !event.ctrlKey && !event.shiftKey;
}

/** The group ID of the row an element is in (its data-row-id), or null outside the rows. */
function rowIdOf(target: Element): string | null {
  return target.closest<HTMLElement>('tr[data-row-id]')?.dataset.rowId ?? null;
}

interface DataRowProps {
  row: TableRow;
  /** The visible columns: the row instance stays the same when they change, so they are a prop of their own. */
  columnsKey: string;
  FlexRender: AccountGroupsTableInstance['FlexRender'];
}

/** One group's row. Memoised: the rows of a page that are already drawn stay as they are when the rest follow. */
const DataRow = memo(function DataRow({ row, FlexRender }: DataRowProps) {
  return (
    <tr className="data-row" data-row-id={row.id} {...GRID_ROW}>
      {row.getVisibleCells().map((cell) => (
        <td key={cell.id} className={cell.column.columnDef.meta?.className}>
          <FlexRender cell={cell} />
        </td>
      ))}
    </tr>
  );
});
