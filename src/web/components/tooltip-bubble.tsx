import { useEffect, useEffectEvent, useLayoutEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { placeTooltip, type TooltipSide } from './tooltip-placement';

export interface TooltipBubbleProps {
  id: string;
  anchor: HTMLElement;
  content: ReactNode;
  side: TooltipSide;
  onPointerEnter: () => void;
  onPointerLeave: () => void;
  /** Escape: dismissed without moving focus or the pointer (WCAG 1.4.13). */
  onDismiss: () => void;
}

/**
 * The bubble of `Tooltip`, in a chunk loaded after first paint. It is rendered beside its trigger, not
 * around it, so showing it never remounts the trigger (and never drops its focus). Positioned in
 * viewport coordinates and kept beside the trigger while anything scrolls or the text changes size;
 * written to the element directly, as a scroll can move it every frame.
 */
export function TooltipBubble({ id, anchor, content, side, onPointerEnter, onPointerLeave, onDismiss }: TooltipBubbleProps) {
  const ref = useRef<HTMLDivElement>(null);
  const dismiss = useEffectEvent(onDismiss);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') dismiss();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);

  useLayoutEffect(() => {
    const bubble = ref.current;
    if (bubble === null) return;
    const place = (): void => {
      const viewport = document.documentElement;
      const at = placeTooltip(
        anchor.getBoundingClientRect(),
        { width: bubble.offsetWidth, height: bubble.offsetHeight },
        { width: viewport.clientWidth, height: viewport.clientHeight },
        side,
      );
      bubble.style.transform = `translate(${Math.round(at.left)}px, ${Math.round(at.top)}px)`;
      bubble.style.setProperty('--tooltip-arrow', `${Math.round(at.arrow)}px`);
      bubble.dataset.side = at.side;
    };
    place();
    const resized = new ResizeObserver(place);
    resized.observe(bubble);
    window.addEventListener('scroll', place, { capture: true, passive: true });
    window.addEventListener('resize', place);
    return () => {
      resized.disconnect();
      window.removeEventListener('scroll', place, { capture: true });
      window.removeEventListener('resize', place);
    };
  }, [anchor, side]);

  return createPortal(
    <div ref={ref} id={id} role="tooltip" className="tooltip" onPointerEnter={onPointerEnter} onPointerLeave={onPointerLeave}>
      {content}
      <svg className="tooltip__arrow" width={10} height={5} viewBox="0 0 30 10" preserveAspectRatio="none" aria-hidden="true">
        <polygon points="0,0 30,0 15,10" />
      </svg>
    </div>,
    document.body,
  );
}
