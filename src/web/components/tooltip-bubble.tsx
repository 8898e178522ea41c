import * as Popover from '@radix-ui/react-popover';
import { useMemo, type ReactNode } from 'react';

export type TooltipSide = 'top' | 'right' | 'bottom' | 'left';

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
 * The bubble of `Tooltip`, in a chunk loaded after first paint: Radix's popover, anchored to the trigger
 * by reference rather than wrapped around it, so showing it never remounts the trigger (and never drops
 * its focus). Radix places it (flipping and shifting at the viewport's edges, following scrolls), layers
 * it (Escape closes the tooltip before a drawer under it; it stays hoverable over a modal drawer) and
 * portals it. It never takes focus: the trigger keeps it, and describes itself with the bubble's id.
 */
export function TooltipBubble({ id, anchor, content, side, onPointerEnter, onPointerLeave, onDismiss }: TooltipBubbleProps) {
  const anchorRef = useMemo(() => ({ current: anchor }), [anchor]);
  return (
    <Popover.Root
      open
      onOpenChange={(open) => {
        if (!open) onDismiss();
      }}
    >
      <Popover.Anchor virtualRef={anchorRef} />
      <Popover.Portal>
        <Popover.Content
          id={id}
          role="tooltip"
          className="tooltip"
          side={side}
          sideOffset={6}
          collisionPadding={8}
          onOpenAutoFocus={(event) => event.preventDefault()}
          onCloseAutoFocus={(event) => event.preventDefault()}
          // Focus and clicks elsewhere are the trigger's business (it hides the bubble on blur and press).
          onFocusOutside={(event) => event.preventDefault()}
          onPointerEnter={onPointerEnter}
          onPointerLeave={onPointerLeave}
        >
          {content}
          <Popover.Arrow className="tooltip__arrow" width={10} height={5} />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
