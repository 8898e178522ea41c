import { useLayoutEffect, useRef, type FocusEvent, type KeyboardEvent, type RefObject } from 'react';
import { GRID_START, itemAt, positionOf, stopForKey, type GridPosition } from './grid-navigation';

const GRID_KEYS = new Set(['ArrowRight', 'ArrowLeft', 'ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End']);
const WITH_CTRL = new Set(['Home', 'End']);
/** PageUp/PageDown distance when nothing can be measured (no layout, e.g. in tests). */
const FALLBACK_PAGE_ROWS = 10;

export interface GridKeyboard {
  /** On the table: grid keys in the rows, and on the table itself (focused after paging) to enter them. */
  onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
  /** On the table body: whatever gets focus there becomes the rows' one tab stop. */
  onFocus: (event: FocusEvent<HTMLElement>) => void;
  onBlur: (event: FocusEvent<HTMLElement>) => void;
}

function isGridKey(event: KeyboardEvent<HTMLElement>): boolean {
  if (!GRID_KEYS.has(event.key) || event.altKey || event.shiftKey) return false;
  return !(event.ctrlKey || event.metaKey) || WITH_CTRL.has(event.key);
}

function nothingFocused(): boolean {
  return document.activeElement === null || document.activeElement === document.body;
}

/** Rows that fit in what is visible of the table (its scroll box within the window), less one for context. */
function pageRows(body: HTMLTableSectionElement): number {
  const rowHeight = body.rows[0]?.offsetHeight ?? 0;
  const box = body.closest('table')?.parentElement;
  if (rowHeight === 0 || !box) return FALLBACK_PAGE_ROWS;
  const visible = Math.min(box.clientHeight, window.innerHeight) - (body.closest('table')?.tHead?.offsetHeight ?? 0);
  return Math.max(1, Math.floor(visible / rowHeight) - 1);
}

function focusStop(element: HTMLElement): void {
  // A cell without a focusable element is the stop itself: make it focusable (by script) first.
  if (!element.hasAttribute('tabindex') && element instanceof HTMLTableCellElement) element.tabIndex = -1;
  // Scrolled separately so the scroll box's scroll-padding keeps the row clear of the sticky header.
  // The whole cell, not just its link or time: a row half under the window's edge is hard to read.
  element.focus({ preventScroll: true });
  (element.closest('td') ?? element).scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

/**
 * The WAI-ARIA grid keyboard model over the table body with a roving tab stop: the rows are one stop
 * in the page's tab order (the last focused cell element, else the first row's ID link); arrows,
 * Home/End, Ctrl+Home/End and PageUp/PageDown move focus between cell elements.
 *
 * Cell elements render with tabIndex -1; this hook sets 0 on exactly one of them, directly on the
 * element, so that moving focus re-renders nothing. After every render it checks that stop still
 * stands, and if its row went away while it had focus (a refetch dropped it), focuses the element
 * now in its place rather than leaving focus on the page body.
 */
export function useGridKeyboard(bodyRef: RefObject<HTMLTableSectionElement | null>): GridKeyboard {
  const stop = useRef<HTMLElement | null>(null);
  const place = useRef<GridPosition>(GRID_START);
  const focused = useRef(false);

  const makeStop = (element: HTMLElement): void => {
    const previous = stop.current;
    if (previous !== null && previous !== element) previous.tabIndex = -1;
    element.tabIndex = 0;
    stop.current = element;
    const body = bodyRef.current;
    const at = body === null ? null : positionOf(body, element);
    if (at !== null) place.current = at;
  };

  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (body === null) return;
    const current = stop.current;
    if (current !== null && body.contains(current) && positionOf(body, current) !== null) {
      if (current.tabIndex !== 0) current.tabIndex = 0;
      return;
    }
    const lost = focused.current && current !== null && !current.isConnected && nothingFocused();
    const next = itemAt(body, lost ? place.current : GRID_START);
    if (next === null) return;
    makeStop(next);
    if (lost) focusStop(next);
  });

  const onFocus = (event: FocusEvent<HTMLElement>): void => {
    focused.current = true;
    const body = bodyRef.current;
    const at = body === null ? null : positionOf(body, event.target);
    const item = body === null || at === null ? null : itemAt(body, at);
    if (item !== null) makeStop(item);
  };

  const onBlur = (event: FocusEvent<HTMLElement>): void => {
    const body = bodyRef.current;
    const to = event.relatedTarget;
    if (body !== null && to instanceof Node && body.contains(to)) return;
    if (to !== null) {
      focused.current = false;
      return;
    }
    // Focus went nowhere: a click on the page, or (in Chrome) its element being removed with its row.
    // Decide once that render is done; the stop chosen in its place then takes the focus.
    const left = event.target;
    setTimeout(() => {
      if (left.isConnected || !nothingFocused()) {
        focused.current = body?.contains(document.activeElement) ?? false;
        return;
      }
      if (stop.current?.isConnected === true) focusStop(stop.current);
    }, 0);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    const body = bodyRef.current;
    if (body === null || event.defaultPrevented || !isGridKey(event)) return;
    const target = event.target;
    if (target === event.currentTarget) {
      const current = stop.current;
      if (current?.isConnected === true) {
        event.preventDefault();
        focusStop(current);
      }
      return;
    }
    if (!(target instanceof Element) || !body.contains(target)) return;
    const from = positionOf(body, target);
    if (from === null) return;
    // Grid keys never scroll the page from inside the rows, also where focus cannot move further.
    event.preventDefault();
    const next = stopForKey(body, from, event, pageRows(body));
    if (next !== null) focusStop(next);
  };

  return { onKeyDown, onFocus, onBlur };
}
