import { createContext, useContext, type ReactElement, type ReactNode } from 'react';
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

/**
 * Whether tooltips below are attached. A table turns them off for the first render of new rows and on in
 * a background render right after (see account-groups-table.tsx): a page of 50 rows has 200 tooltips,
 * which cost more to mount than the rows themselves.
 */
const TooltipsAttached = createContext(true);
export const TooltipsAttachedProvider = TooltipsAttached.Provider;

export function Tooltip(props: TooltipProps): ReactNode {
  const attached = useContext(TooltipsAttached);
  return attached ? <radixTooltip.Component {...props} /> : props.children;
}

export const preloadTooltip = radixTooltip.preload;
