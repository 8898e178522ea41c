import { describe, expect, it } from 'vitest';
import { placeTooltip } from './tooltip-placement';

const viewport = { width: 1024, height: 768 };
const bubble = { width: 200, height: 40 };

describe('placeTooltip', () => {
  it('centres the bubble above its anchor, the arrow at the anchor middle', () => {
    const at = placeTooltip({ top: 300, left: 400, width: 80, height: 20 }, bubble, viewport, 'top');
    expect(at).toEqual({ side: 'top', top: 300 - 6 - 40, left: 440 - 100, arrow: 100 });
  });

  it('flips below when there is no room above', () => {
    const at = placeTooltip({ top: 10, left: 400, width: 80, height: 20 }, bubble, viewport, 'top');
    expect(at.side).toBe('bottom');
    expect(at.top).toBe(10 + 20 + 6);
  });

  it('stays on the preferred side when the other has even less room', () => {
    const at = placeTooltip({ top: 30, left: 400, width: 80, height: 700 }, bubble, { width: 1024, height: 740 }, 'top');
    expect(at.side).toBe('top');
  });

  it('slides along the edge to stay in the viewport, the arrow still on the anchor', () => {
    const at = placeTooltip({ top: 300, left: 2, width: 20, height: 20 }, bubble, viewport, 'top');
    expect(at.left).toBe(8);
    expect(at.arrow).toBe(10);
    const right = placeTooltip({ top: 300, left: 990, width: 30, height: 20 }, bubble, viewport, 'bottom');
    expect(right.left).toBe(1024 - 8 - 200);
    expect(right.arrow).toBe(1005 - right.left);
  });

  it('places sideways with a vertical arrow', () => {
    const at = placeTooltip({ top: 300, left: 900, width: 40, height: 20 }, bubble, viewport, 'right');
    expect(at.side).toBe('left');
    expect(at.left).toBe(900 - 6 - 200);
    expect(at.arrow).toBe(20);
  });
});
