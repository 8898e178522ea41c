import type { ReactElement, ReactNode } from 'react';
import { deferredComponent } from '../lib/deferred';

export interface TooltipProps {
  content: ReactNode;
  /** One focusable element: the tooltip opens on its hover and keyboard focus. */
  children: ReactElement;
  side?: 'top' | 'right' | 'bottom' | 'left';
}

/**
 * Radix tooltips arrive in a chunk loaded right after first paint (app/preload-deferred-ui.ts);
 * until then the trigger renders on its own. Each tooltip brings its own provider inside that
 * chunk: a root provider appearing late would remount the whole app.
 */
const radixTooltip = deferredComponent<TooltipProps>(
  () => import('./tooltip-radix').then((module) => module.RadixTooltipImpl),
  (props) => props.children,
);

export const Tooltip = radixTooltip.Component;
export const preloadTooltip = radixTooltip.preload;
