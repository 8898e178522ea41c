import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { screenfulOfRows, useProgressiveRows } from './use-progressive-rows';

const SCREENFUL = 20;

function rowsOf(page: number, count = 50): string[] {
  return Array.from({ length: count }, (_, index) => `page ${page} row ${index}`);
}

/** Renders the hook and records how many rows each render returned (the first commit included). */
function renderRows(initial: { rows: readonly string[]; view: string | null }) {
  const counts: number[] = [];
  const hook = renderHook(
    ({ rows, view }) => {
      const shown = useProgressiveRows(rows, view, SCREENFUL);
      counts.push(shown.length);
      return shown;
    },
    { initialProps: initial },
  );
  return { ...hook, counts };
}

describe('useProgressiveRows', () => {
  it('renders a view a screenful first, then all its rows', () => {
    const rows = rowsOf(1);
    const { result, counts } = renderRows({ rows, view: 'page 1' });
    expect(counts[0]).toBe(SCREENFUL);
    expect(result.current).toEqual(rows);
  });

  it('renders the next view a screenful first too, the rows already drawn first', () => {
    const { result, counts, rerender } = renderRows({ rows: rowsOf(1), view: 'page 1' });
    counts.length = 0;
    rerender({ rows: rowsOf(2), view: 'page 2' });
    expect(counts[0]).toBe(SCREENFUL);
    expect(result.current).toEqual(rowsOf(2));
  });

  it('keeps a refetch of the same view whole, so lower rows keep their focus and the scroll position holds', () => {
    const { result, counts, rerender } = renderRows({ rows: rowsOf(1), view: 'page 1' });
    counts.length = 0;
    const refetched = ['a new group on top', ...rowsOf(1, 49)];
    rerender({ rows: refetched, view: 'page 1' });
    expect(counts).toEqual([50]);
    expect(result.current).toEqual(refetched);
  });

  it('keeps the previous rows whole while they stand in for a view still loading', () => {
    const { counts, rerender } = renderRows({ rows: rowsOf(1), view: 'page 1' });
    counts.length = 0;
    rerender({ rows: rowsOf(1), view: null });
    expect(counts).toEqual([50]);
  });

  it('renders a page that fits on one screen in one go', () => {
    const { counts } = renderRows({ rows: rowsOf(1, SCREENFUL), view: 'page 1' });
    expect(counts).toEqual([SCREENFUL]);
  });
});

describe('screenfulOfRows', () => {
  it('counts the rows a window of that height could show, by density', () => {
    expect(screenfulOfRows('comfortable', 900)).toBe(23);
    expect(screenfulOfRows('compact', 900)).toBe(30);
    expect(screenfulOfRows('comfortable', 0)).toBe(1);
  });
});
