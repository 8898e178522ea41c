import { Link, useLocation } from 'react-router';
import { Tooltip } from '../../../../components/tooltip';
import { shortId } from '../../../../lib/format';
import { detailPath } from '../../lib/list-view';
import { preloadDetailDrawer } from '../detail/preload-detail-drawer';

/** What the drawer needs to know about how it was opened (for closing it the same way). */
export interface OpenedFromList {
  openedFromList: string;
}

export function isOpenedFromList(state: unknown): state is OpenedFromList {
  return typeof state === 'object' && state !== null && typeof (state as Partial<OpenedFromList>).openedFromList === 'string';
}

/**
 * The row's real link to its detail: shortened ID, full ID as accessible name and tooltip. Out of the
 * tab order (tabIndex -1): the table's grid keyboard model makes one cell element the rows' tab stop.
 */
export function GroupIdLink({ id }: { id: string }) {
  const { search } = useLocation();
  const state: OpenedFromList = { openedFromList: search };
  return (
    <Tooltip content={<span className="mono">{id}</span>} describes={false}>
      <Link
        to={detailPath(id, search)}
        state={state}
        className="id-link mono tabular"
        aria-label={id}
        tabIndex={-1}
        data-row-link={id}
        onPointerEnter={() => void preloadDetailDrawer()}
        onFocus={() => void preloadDetailDrawer()}
      >
        {shortId(id)}
      </Link>
    </Tooltip>
  );
}
