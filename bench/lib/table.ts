/** Plain-text tables for the bench output: one per section, every numeric header naming its unit. */

export type Cell = string | number | boolean | null | undefined;

export interface Column<Row> {
  header: string;
  /** Shown in the header as "header (unit)". */
  unit?: string;
  /** Fraction digits of a number (default 0). */
  digits?: number;
  /** Default: right when any value is a number, else left. */
  align?: 'left' | 'right';
  value: (row: Row) => Cell;
}

export interface TableSpec<Row> {
  title: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  /** Printed under the table, one per line. */
  notes?: readonly string[];
}

export function formatCell(cell: Cell, digits = 0): string {
  if (cell === null || cell === undefined) return '—';
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
  if (typeof cell === 'string') return cell;
  if (Number.isNaN(cell)) return 'n/a';
  if (!Number.isFinite(cell)) return cell > 0 ? '∞' : '-∞';
  return cell.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function renderTable<Row>(spec: TableSpec<Row>): string {
  const headers = spec.columns.map((column) => (column.unit === undefined ? column.header : `${column.header} (${column.unit})`));
  const cells = spec.rows.map((row) => spec.columns.map((column) => formatCell(column.value(row), column.digits)));
  // Numbers read best right-aligned; text left-aligned.
  const numeric = spec.columns.map((column) =>
    column.align === undefined ? spec.rows.some((row) => typeof column.value(row) === 'number') : column.align === 'right',
  );
  const widths = headers.map((header, index) => Math.max(header.length, ...cells.map((line) => (line[index] ?? '').length)));
  const pad = (text: string, index: number): string => {
    const width = widths[index] ?? 0;
    return numeric[index] === true ? text.padStart(width) : text.padEnd(width);
  };
  const rule = widths.map((width) => '-'.repeat(width)).join('-+-');
  const lines = [
    spec.title,
    headers.map(pad).join(' | '),
    rule,
    ...cells.map((line) => line.map(pad).join(' | ')),
  ];
  if (spec.rows.length === 0) lines.push('(no rows)');
  for (const note of spec.notes ?? []) lines.push(`  ${note}`);
  return lines.map((line) => line.trimEnd()).join('\n');
}
