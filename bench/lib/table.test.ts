import { describe, expect, it } from 'vitest';
import { formatCell, renderTable } from './table';

describe('formatCell', () => {
  it('formats numbers with separators and fixed digits', () => {
    expect(formatCell(1234567)).toBe('1,234,567');
    expect(formatCell(1.5, 2)).toBe('1.50');
  });

  it('says plainly when there is no figure', () => {
    expect(formatCell(null)).toBe('—');
    expect(formatCell(undefined)).toBe('—');
    expect(formatCell(Number.NaN)).toBe('n/a');
    expect(formatCell(true)).toBe('yes');
  });
});

describe('renderTable', () => {
  const rows = [
    { name: 'console', rps: 1234.4, p99: 12.345 },
    { name: 'direct', rps: 99, p99: null },
  ];
  const text = renderTable({
    title: 'Title',
    columns: [
      { header: 'path', value: (row: (typeof rows)[number]) => row.name },
      { header: 'throughput', unit: 'req/s', value: (row) => row.rps },
      { header: 'p99', unit: 'ms', digits: 2, value: (row) => row.p99 },
    ],
    rows,
    notes: ['a note'],
  });
  const lines = text.split('\n');

  it('names the unit of each numeric column in its header', () => {
    expect(lines[0]).toBe('Title');
    expect(lines[1]).toBe('path    | throughput (req/s) | p99 (ms)');
  });

  it('right-aligns numbers, left-aligns text, and keeps the note', () => {
    expect(lines[3]).toBe('console |              1,234 |    12.35');
    expect(lines[4]).toBe('direct  |                 99 |        —');
    expect(lines[5]).toBe('  a note');
  });

  it('says so when there are no rows', () => {
    expect(renderTable({ title: 'Empty', columns: [{ header: 'a', value: () => 1 }], rows: [] })).toContain('(no rows)');
  });
});
