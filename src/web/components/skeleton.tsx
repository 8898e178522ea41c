import type { CSSProperties } from 'react';

/** A grey placeholder bar; hidden from assistive technology (the container says it is loading). */
export function Skeleton({ width = '100%', height }: { width?: CSSProperties['width']; height?: CSSProperties['height'] }) {
  return <span className="skeleton" style={{ width, height }} aria-hidden />;
}
