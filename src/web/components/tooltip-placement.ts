export type TooltipSide = 'top' | 'right' | 'bottom' | 'left';

export interface Box {
  top: number;
  left: number;
  width: number;
  height: number;
}

export interface Placement {
  side: TooltipSide;
  top: number;
  left: number;
  /** Where the arrow points, along the bubble's edge facing the anchor (px from its start). */
  arrow: number;
}

/** Space between anchor and bubble, room kept to the viewport's edges, and the arrow's half width plus corner. */
const GAP = 6;
const EDGE = 8;
const ARROW_INSET = 10;

const OPPOSITE: Readonly<Record<TooltipSide, TooltipSide>> = { top: 'bottom', bottom: 'top', left: 'right', right: 'left' };

function room(side: TooltipSide, anchor: Box, viewport: { width: number; height: number }): number {
  switch (side) {
    case 'top':
      return anchor.top;
    case 'bottom':
      return viewport.height - (anchor.top + anchor.height);
    case 'left':
      return anchor.left;
    case 'right':
      return viewport.width - (anchor.left + anchor.width);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

/**
 * Where a tooltip bubble goes (viewport coordinates, for position: fixed): on the preferred side of
 * its anchor, or the opposite one when that has more room and the preferred one is too tight; slid
 * along the edge to stay inside the viewport, with the arrow still pointing at the anchor's middle.
 */
export function placeTooltip(
  anchor: Box,
  bubble: { width: number; height: number },
  viewport: { width: number; height: number },
  preferred: TooltipSide,
): Placement {
  const vertical = preferred === 'top' || preferred === 'bottom';
  const needed = (vertical ? bubble.height : bubble.width) + GAP + EDGE;
  const opposite = OPPOSITE[preferred];
  const side =
    room(preferred, anchor, viewport) < needed && room(opposite, anchor, viewport) > room(preferred, anchor, viewport)
      ? opposite
      : preferred;

  if (side === 'top' || side === 'bottom') {
    const middle = anchor.left + anchor.width / 2;
    const left = clamp(middle - bubble.width / 2, EDGE, viewport.width - EDGE - bubble.width);
    const top = side === 'top' ? anchor.top - GAP - bubble.height : anchor.top + anchor.height + GAP;
    return { side, top, left, arrow: clamp(middle - left, ARROW_INSET, bubble.width - ARROW_INSET) };
  }
  const middle = anchor.top + anchor.height / 2;
  const top = clamp(middle - bubble.height / 2, EDGE, viewport.height - EDGE - bubble.height);
  const left = side === 'left' ? anchor.left - GAP - bubble.width : anchor.left + anchor.width + GAP;
  return { side, top, left, arrow: clamp(middle - top, ARROW_INSET, bubble.height - ARROW_INSET) };
}
