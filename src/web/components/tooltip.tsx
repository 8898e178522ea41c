import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type FocusEvent,
  type PointerEvent,
  type ReactElement,
  type ReactNode,
} from 'react';
import { deferredComponent } from '../lib/deferred';
import type { TooltipBubbleProps } from './tooltip-bubble';
import type { TooltipSide } from './tooltip-placement';

/** The trigger's own props that the tooltip chains its handlers after. */
interface TriggerProps {
  'aria-describedby'?: string;
  onPointerEnter?: (event: PointerEvent<HTMLElement>) => void;
  onPointerLeave?: (event: PointerEvent<HTMLElement>) => void;
  onPointerDown?: (event: PointerEvent<HTMLElement>) => void;
  onFocus?: (event: FocusEvent<HTMLElement>) => void;
  onBlur?: (event: FocusEvent<HTMLElement>) => void;
}

export interface TooltipProps {
  content: ReactNode;
  /** One focusable element: the tooltip opens on its hover and keyboard focus. */
  children: ReactElement<TriggerProps>;
  side?: TooltipSide;
  /**
   * Whether the open tooltip becomes the trigger's description (aria-describedby). Off when the
   * trigger's accessible name already says the same (a short ID named by its full ID).
   */
  describes?: boolean;
}

/** The bubble loads after first paint (app/preload-deferred-ui.ts); until then triggers simply show none. */
const bubble = deferredComponent<TooltipBubbleProps>(
  () => import('./tooltip-bubble').then((module) => module.TooltipBubble),
  () => null,
);

const OPEN_DELAY_MS = 300;
/** Moving from one tooltip to the next within this time shows the next one at once. */
const SKIP_DELAY_MS = 300;
/** Time to move the pointer from the trigger onto the bubble (hoverable content, WCAG 1.4.13). */
const CLOSE_GRACE_MS = 100;

// One tooltip at a time: a hovered one replaces the focused cell's, and the other way round.
let shownBy: object | null = null;
let hideShown: (() => void) | null = null;
let lastHiddenAt = Number.NEGATIVE_INFINITY;

/**
 * A tooltip on hover (after a short delay) and on keyboard focus (at once), dismissed by Escape.
 * The trigger is rendered as it is, with handlers chained onto it, and the bubble beside it only
 * while open: the element tree never changes around the trigger, so neither opening a tooltip nor its
 * chunk arriving remounts the trigger or drops its focus, and a table can afford hundreds of them.
 */
export function Tooltip({ content, children, side = 'top', describes = true }: TooltipProps): ReactNode {
  const id = useId();
  const [self] = useState(() => ({}));
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const pointerDown = useRef(false);

  const hide = useCallback((): void => {
    clearTimeout(timer.current);
    setAnchor(null);
    if (shownBy === self) {
      shownBy = null;
      hideShown = null;
      lastHiddenAt = performance.now();
    }
  }, [self]);

  const show = useCallback(
    (element: HTMLElement): void => {
      clearTimeout(timer.current);
      if (shownBy !== self) hideShown?.();
      shownBy = self;
      hideShown = hide;
      setAnchor(element);
    },
    [self, hide],
  );

  const later = (action: () => void, ms: number): void => {
    clearTimeout(timer.current);
    timer.current = setTimeout(action, ms);
  };

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      if (shownBy === self) {
        shownBy = null;
        hideShown = null;
      }
    },
    [self],
  );

  // Escape dismisses without moving focus or the pointer (WCAG 1.4.13).
  const shown = anchor !== null;
  useEffect(() => {
    if (!shown) return;
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') hide();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [shown, hide]);

  const own = children.props;
  const Trigger = children.type;
  const handlers: TriggerProps = {
    'aria-describedby': shown && describes ? [own['aria-describedby'], id].filter(Boolean).join(' ') : own['aria-describedby'],
    onPointerEnter: (event: PointerEvent<HTMLElement>) => {
      own.onPointerEnter?.(event);
      if (event.pointerType === 'touch') return;
      if (shown) {
        clearTimeout(timer.current);
        return;
      }
      const element = event.currentTarget;
      if (hideShown !== null || performance.now() - lastHiddenAt < SKIP_DELAY_MS) show(element);
      else later(() => show(element), OPEN_DELAY_MS);
    },
    onPointerLeave: (event: PointerEvent<HTMLElement>) => {
      own.onPointerLeave?.(event);
      if (!shown) clearTimeout(timer.current);
      // A tooltip opened by keyboard focus stays while the focus does.
      else if (document.activeElement !== event.currentTarget) later(hide, CLOSE_GRACE_MS);
    },
    onPointerDown: (event: PointerEvent<HTMLElement>) => {
      own.onPointerDown?.(event);
      pointerDown.current = true;
      document.addEventListener(
        'pointerup',
        () => {
          pointerDown.current = false;
        },
        { once: true },
      );
      hide();
    },
    onFocus: (event: FocusEvent<HTMLElement>) => {
      own.onFocus?.(event);
      // A click focuses too, but asks for nothing to read.
      if (!pointerDown.current) show(event.currentTarget);
    },
    onBlur: (event: FocusEvent<HTMLElement>) => {
      own.onBlur?.(event);
      hide();
    },
  };

  return (
    <>
      <Trigger {...own} {...handlers} />
      {shown && (
        <bubble.Component
          id={id}
          anchor={anchor}
          content={content}
          side={side}
          onPointerEnter={() => clearTimeout(timer.current)}
          onPointerLeave={() => later(hide, CLOSE_GRACE_MS)}
        />
      )}
    </>
  );
}

export const preloadTooltip = bubble.preload;
