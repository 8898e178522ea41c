import { lazy } from 'react';

/** The drawer is not needed for the first rows, so it lives in its own chunk, loaded on intent. */
const loadDetailDrawer = () => import('./account-group-drawer');

let loading: ReturnType<typeof loadDetailDrawer> | undefined;

export function preloadDetailDrawer(): Promise<unknown> {
  loading ??= loadDetailDrawer();
  return loading;
}

export const LazyAccountGroupDrawer = lazy(() => {
  loading ??= loadDetailDrawer();
  return loading;
});
