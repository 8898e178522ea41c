import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight, type LucideIcon } from 'lucide-react';
import { useId } from 'react';
import { Button } from '../../../../components/button';
import { formatCount, formatRange } from '../../../../lib/format';
import { PAGE_SIZES, type ListView } from '../../lib/list-view';
import { revealTableTop, type AccountGroupsTableInstance } from './account-groups-table';

export interface ShownRange {
  offset: number;
  count: number;
  totalCount: number;
}

interface PageButtonProps {
  label: string;
  icon: LucideIcon;
  enabled: boolean;
  onPress: () => void;
}

/**
 * aria-disabled rather than disabled: a button that turns off under the keyboard keeps focus. A page
 * change from down here shows the new page from its top, with focus on the table (revealTableTop).
 */
function PageButton({ label, icon: Icon, enabled, onPress }: PageButtonProps) {
  return (
    <Button
      size="icon"
      variant="ghost"
      aria-label={label}
      aria-disabled={!enabled}
      onClick={() => {
        if (!enabled) return;
        onPress();
        revealTableTop();
      }}
    >
      <Icon aria-hidden size={16} />
    </Button>
  );
}

export function TablePagination({ table, view, shown }: { table: AccountGroupsTableInstance; view: ListView; shown: ShownRange | null }) {
  const sizeId = useId();
  // Until a page or the counts said how many groups match, a page count would be made up ("Page 9 of 1").
  const totalKnown = shown !== null || table.getRowCount() > 0;
  const pageCount = table.getPageCount();
  return (
    <nav className="pagination" aria-label="Pagination">
      <div className="pagination__size">
        <label htmlFor={sizeId}>Rows per page</label>
        <select
          id={sizeId}
          className="select"
          value={view.size}
          onChange={(event) => table.setPageSize(Number(event.target.value))}
        >
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </div>
      <div className="pagination__range tabular" data-testid="page-range">
        {shown ? formatRange(shown.offset, shown.count, shown.totalCount) : '\u00a0'}
      </div>
      <div className="pagination__pages tabular">
        {totalKnown ? `Page ${formatCount(view.page)} of ${formatCount(Math.max(1, pageCount))}` : '\u00a0'}
      </div>
      <div className="pagination__buttons">
        <PageButton label="First page" icon={ChevronsLeft} enabled={table.getCanPreviousPage()} onPress={() => table.firstPage()} />
        <PageButton label="Previous page" icon={ChevronLeft} enabled={table.getCanPreviousPage()} onPress={() => table.previousPage()} />
        <PageButton label="Next page" icon={ChevronRight} enabled={table.getCanNextPage()} onPress={() => table.nextPage()} />
        <PageButton label="Last page" icon={ChevronsRight} enabled={table.getCanNextPage()} onPress={() => table.lastPage()} />
      </div>
    </nav>
  );
}
