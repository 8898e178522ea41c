/**
 * Where keyboard focus goes in the table body (WAI-ARIA APG grid pattern, data grid keyboard model),
 * worked out from the DOM so that hidden columns need no special cases.
 *
 * A row's focus stops are its cells' focusable elements in order (ID link, copy buttons, status,
 * owner, times); a cell with none (type) is a stop itself. Arrows move along a row and between rows
 * in the same cell, keeping the place within the cell (the copy button stays a copy button).
 */

/** Rows taking part in navigation: data rows, not skeleton rows or the notice shown in place of rows. */
export const GRID_ROW_ATTRIBUTE = 'data-grid-row';

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]';

export interface GridPosition {
  row: number;
  cell: number;
  item: number;
}

export const GRID_START: GridPosition = { row: 0, cell: 0, item: 0 };

export function gridRows(body: HTMLElement): HTMLTableRowElement[] {
  return [...body.querySelectorAll<HTMLTableRowElement>(`:scope > tr[${GRID_ROW_ATTRIBUTE}]`)];
}

/** A cell's focus stops: its focusable elements, or the cell itself when it has none. */
export function cellItems(cell: HTMLTableCellElement): HTMLElement[] {
  const items = [...cell.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (element) => !element.hasAttribute('disabled') && element.closest('[inert], [hidden]') === null,
  );
  return items.length > 0 ? items : [cell];
}

export function positionOf(body: HTMLElement, element: Element): GridPosition | null {
  const rows = gridRows(body);
  const row = rows.findIndex((candidate) => candidate.contains(element));
  const cells = rows[row]?.cells;
  if (cells === undefined) return null;
  for (let cell = 0; cell < cells.length; cell += 1) {
    const candidate = cells[cell];
    if (candidate === undefined || !candidate.contains(element)) continue;
    const item = cellItems(candidate).findIndex((stop) => stop.contains(element));
    return item === -1 ? null : { row, cell, item };
  }
  return null;
}

/** The stop at a position, clamped to what exists (a shorter page, a cell with fewer stops). */
export function itemAt(body: HTMLElement, { row, cell, item }: GridPosition): HTMLElement | null {
  const rows = gridRows(body);
  const target = rows[Math.min(row, rows.length - 1)];
  if (target === undefined || target.cells.length === 0) return null;
  const targetCell = target.cells[Math.min(cell, target.cells.length - 1)];
  if (targetCell === undefined) return null;
  const items = cellItems(targetCell);
  return items[Math.min(item, items.length - 1)] ?? null;
}

export interface GridKey {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * The stop a key moves to from `from`, or null when the key is not a grid key (or would leave the
 * grid: there is no wrapping). `pageRows` is how far PageUp and PageDown move.
 */
export function stopForKey(body: HTMLElement, from: GridPosition, event: GridKey, pageRows: number): HTMLElement | null {
  if (event.altKey || event.shiftKey) return null;
  const rows = gridRows(body);
  const row = rows[from.row];
  if (row === undefined) return null;
  const lastRow = rows.length - 1;
  const modifier = event.ctrlKey || event.metaKey;
  const itemsIn = (cell: number): number => {
    const element = row.cells[cell];
    return element === undefined ? 0 : cellItems(element).length;
  };
  const lastCell = row.cells.length - 1;
  const lastStopOfRow = (target: HTMLTableRowElement | undefined): HTMLElement | null => {
    const cell = target?.cells[target.cells.length - 1];
    return cell === undefined ? null : (cellItems(cell).at(-1) ?? null);
  };

  switch (event.key) {
    case 'ArrowRight':
      if (modifier) return null;
      if (from.item + 1 < itemsIn(from.cell)) return itemAt(body, { ...from, item: from.item + 1 });
      return from.cell < lastCell ? itemAt(body, { ...from, cell: from.cell + 1, item: 0 }) : null;
    case 'ArrowLeft':
      if (modifier) return null;
      if (from.item > 0) return itemAt(body, { ...from, item: from.item - 1 });
      return from.cell > 0 ? itemAt(body, { ...from, cell: from.cell - 1, item: itemsIn(from.cell - 1) - 1 }) : null;
    case 'ArrowDown':
      return !modifier && from.row < lastRow ? itemAt(body, { ...from, row: from.row + 1 }) : null;
    case 'ArrowUp':
      return !modifier && from.row > 0 ? itemAt(body, { ...from, row: from.row - 1 }) : null;
    case 'PageDown':
      return !modifier && from.row < lastRow ? itemAt(body, { ...from, row: Math.min(lastRow, from.row + pageRows) }) : null;
    case 'PageUp':
      return !modifier && from.row > 0 ? itemAt(body, { ...from, row: Math.max(0, from.row - pageRows) }) : null;
    case 'Home':
      return itemAt(body, modifier ? GRID_START : { row: from.row, cell: 0, item: 0 });
    case 'End':
      return lastStopOfRow(modifier ? rows[lastRow] : row);
    default:
      return null;
  }
}
