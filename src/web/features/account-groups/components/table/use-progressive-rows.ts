import { startTransition, useEffect, useState } from 'react';
import type { Density } from '../../hooks/use-table-preferences';

/** Row heights from tokens.css (--row-height) and the compact density (account-groups.css). */
const ROW_HEIGHT_PX: Readonly<Record<Density, number>> = { comfortable: 40, compact: 30 };

/** As many rows as the window could show at once: the table's scroll box is never taller than the window. */
export function screenfulOfRows(density: Density, windowHeight: number): number {
  return Math.max(1, Math.ceil(windowHeight / ROW_HEIGHT_PX[density]));
}

/**
 * The rows to render for a view's first commit: a screenful first, the rest in a transition right after.
 * Each row is hundreds of microseconds of React work and more on a cold page, so a 50-row page shows its
 * first rows ~half as late; the rows below the fold follow before anyone can scroll to them, and the
 * transition yields to input while it renders them.
 *
 * Only a view's first rows come in two steps: `view` names the view the rows belong to, or is null while
 * the rows on screen are a placeholder of the previous view (kept whole, as they were). A refetch of the
 * same view renders whole at once, so neither the scroll position nor the focus in lower rows is lost.
 */
export function useProgressiveRows<Row>(rows: readonly Row[], view: string | null, screenful: number): readonly Row[] {
  const [wholeView, setWholeView] = useState<string | null>(null);
  const whole = view === null || view === wholeView || rows.length <= screenful;

  useEffect(() => {
    if (whole) return;
    startTransition(() => setWholeView(view));
  }, [whole, view]);

  return whole ? rows : rows.slice(0, screenful);
}
