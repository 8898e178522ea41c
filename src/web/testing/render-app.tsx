import { render, type RenderResult } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import type { QueryClient } from '@tanstack/react-query';
import { createMemoryRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { preloadDeferredUi } from '../app/preload-deferred-ui';
import { AppProviders } from '../app/providers';
import { preloadDetailDrawer } from '../features/account-groups/components/detail/preload-detail-drawer';
import { routes } from '../app/routes';
import { createQueryClient } from '../lib/query-client';

export type TestRouter = ReturnType<typeof createMemoryRouter>;

export interface RenderedApp extends RenderResult {
  router: TestRouter;
  queryClient: QueryClient;
  user: UserEvent;
}

/**
 * The whole SPA at a URL, on a memory router and a fresh query cache, talking to the msw handlers.
 * The deferred chunks (tooltips, menus, drawer) are loaded first, as they are moments after first
 * paint in a browser, so tests do not race their loading.
 */
export async function renderApp(url = '/account-groups'): Promise<RenderedApp> {
  await Promise.all([preloadDeferredUi(), preloadDetailDrawer()]);
  const queryClient = createQueryClient();
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  const user = userEvent.setup();
  const result = render(
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...result, router, queryClient, user };
}

/** Path and query string the app is at now. */
export function currentUrl(router: TestRouter): string {
  const { pathname, search } = router.state.location;
  return `${pathname}${search}`;
}

/** The app's current search parameters. */
export function currentParams(router: TestRouter): URLSearchParams {
  return new URLSearchParams(router.state.location.search);
}
