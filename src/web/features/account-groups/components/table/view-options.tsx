import { Settings2 } from 'lucide-react';
import type { ComponentProps } from 'react';
import { Button } from '../../../../components/button';
import { deferredComponent } from '../../../../lib/deferred';
import type { Density } from '../../hooks/use-table-preferences';
import type { AccountGroupsTableInstance } from './account-groups-table';

export interface ViewOptionsProps {
  table: AccountGroupsTableInstance;
  density: Density;
  onDensityChange: (density: Density) => void;
  /** Open on mount (a click that came before the menu's code). */
  defaultOpen?: boolean;
}

export function ViewOptionsTrigger(props: ComponentProps<'button'>) {
  return (
    <Button variant="default" aria-label="View options" {...props}>
      <Settings2 aria-hidden size={14} />
      View
    </Button>
  );
}

const viewOptionsMenu = deferredComponent<ViewOptionsProps>(
  () => import('./view-options-menu').then((module) => module.ViewOptionsMenu),
  (_props, activate) => <ViewOptionsTrigger aria-haspopup="menu" onClick={activate} />,
);

export const preloadViewOptions = viewOptionsMenu.preload;

/** Which columns show and how dense the rows are (remembered in this browser); the menu loads after first paint. */
export const ViewOptions = viewOptionsMenu.Component;
