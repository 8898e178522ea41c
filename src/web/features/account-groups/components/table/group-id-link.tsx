import { createContext, use } from 'react';
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

/** The list's query string, for the rows' links: given by the table, so rows follow it and not every location change. */
export const ListSearchContext = createContext('');

/** A row's link to its detail; its data-row-link attribute holds the group's ID. */
export const ROW_LINK_SELECTOR = 'a[data-row-link]';

/**
 * The row's real link to its detail: shortened ID, full ID as accessible name and tooltip. Out of the
 * tab order (tabIndex -1): the table's grid keyboard model makes one cell element the rows' tab stop.
 * A plain anchor: the table body turns plain clicks on it into in-app navigation (account-groups-table.tsx)
 * and leaves modified ones (new tab, new window) to the browser, as the router's Link would, without a
 * Link's hooks in every row.
 */
export function GroupIdLink({ id }: { id: string }) {
  const search = use(ListSearchContext);
  return (
    <Tooltip content={<span className="mono">{id}</span>} describes={false}>
      <a
        href={detailPath(id, search)}
        className="id-link mono tabular"
        aria-label={id}
        tabIndex={-1}
        data-row-link={id}
        onPointerEnter={() => void preloadDetailDrawer()}
        onFocus={() => void preloadDetailDrawer()}
      >
        {shortId(id)}
      </a>
    </Tooltip>
  );
}
