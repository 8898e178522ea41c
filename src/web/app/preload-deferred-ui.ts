import { preloadTooltip } from '../components/tooltip';
import { preloadSignedInUser } from '../features/auth/components/signed-in-user-slot';
import { preloadFacetedFilter } from '../features/account-groups/components/toolbar/faceted-filter';
import { preloadViewOptions } from '../features/account-groups/components/table/view-options';
import { preloadThemeMenu } from './theme/theme-toggle';

/**
 * Loads the interactive parts that the first rows do not need (Radix tooltip bubbles and menus).
 * main.tsx starts this in the frame after the first render; tests await it.
 */
export function preloadDeferredUi(): Promise<unknown> {
  return Promise.all([preloadTooltip(), preloadFacetedFilter(), preloadViewOptions(), preloadThemeMenu(), preloadSignedInUser()]);
}
