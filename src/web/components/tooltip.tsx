import {
  useRef,
  useState,
  type FocusEvent,
  type PointerEvent,
  type ReactElement,
  type ReactNode,
} from 'react';
import { deferredComponent } from '../lib/deferred';
import type { TooltipBubbleProps, TooltipSide } from './tooltip-bubble';

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
  /** What the bubble says; a function when working it out costs something, so that closed tooltips cost nothing. */
  content: ReactNode | (() => ReactNode);
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

// One tooltip at a time: a hovered one replaces the focused cell's, and the other way round. Each
// tooltip is known by its state setter, which React keeps the same for the component's life.
type SetOpen = (open: Open | null) => void;
let shownBy: SetOpen | null = null;
let lastHiddenAt = Number.NEGATIVE_INFINITY;
let bubbleIds = 0;

interface Open {
  anchor: HTMLElement;
  id: string;
}

/**
 * A tooltip on hover (after a short delay) and on keyboard focus (at once), dismissed by Escape.
 * The trigger is rendered as it is, with handlers chained onto it, and the bubble beside it only
 * while open: the element tree never changes around the trigger, so neither opening a tooltip nor its
 * chunk arriving remounts the trigger or drops its focus. Closed, it costs three hooks and no effect,
 * so a page of rows can carry hundreds of them.
 */
export function Tooltip({ content, children, side = 'top', describes = true }: TooltipProps): ReactNode {
  const [open, setOpen] = useState<Open | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const pointerDown = useRef(false);

  const show = (anchor: HTMLElement): void => {
    clearTimeout(timer.current);
    if (shownBy !== setOpen) shownBy?.(null);
    shownBy = setOpen;
    bubbleIds += 1;
    setOpen({ anchor, id: `tooltip-${bubbleIds}` });
  };

  const hide = (): void => {
    clearTimeout(timer.current);
    setOpen(null);
    if (shownBy === setOpen) {
      shownBy = null;
      lastHiddenAt = performance.now();
    }
  };

  const later = (action: () => void, ms: number): void => {
    clearTimeout(timer.current);
    timer.current = setTimeout(action, ms);
  };

  const shown = open !== null;
  const own = children.props;
  const Trigger = children.type;
  const handlers: TriggerProps = {
    'aria-describedby': open !== null && describes ? [own['aria-describedby'], open.id].filter(Boolean).join(' ') : own['aria-describedby'],
    onPointerEnter: (event: PointerEvent<HTMLElement>) => {
      own.onPointerEnter?.(event);
      if (event.pointerType === 'touch') return;
      if (shown) {
        clearTimeout(timer.current);
        return;
      }
      const element = event.currentTarget;
      if (shownBy !== null || performance.now() - lastHiddenAt < SKIP_DELAY_MS) show(element);
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
      {open !== null && (
        <bubble.Component
          id={open.id}
          anchor={open.anchor}
          content={typeof content === 'function' ? content() : content}
          side={side}
          onPointerEnter={() => clearTimeout(timer.current)}
          onPointerLeave={() => later(hide, CLOSE_GRACE_MS)}
          onDismiss={hide}
        />
      )}
    </>
  );
}

export const preloadTooltip = bubble.preload;
