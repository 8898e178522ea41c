import { render, type RenderResult } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import type { QueryClient } from '@tanstack/react-query';
import { preloadDeferredUi } from '../app/preload-deferred-ui';
import { AppProviders } from '../app/providers';
import { AppRouter, type RouterHistory } from '../app/router';
import { preloadDetailDrawer } from '../features/account-groups/components/detail/preload-detail-drawer';
import { AppRoutes } from '../app/routes';
import { createQueryClient } from '../lib/query-client';
import { createTestHistory, type TestHistory } from './memory-history';

export interface RenderedApp extends RenderResult {
  /** The app's history: `location` and `action` (PUSH, REPLACE, POP) now; `go(-1)`, `push(url)` to move. */
  history: TestHistory;
  queryClient: QueryClient;
  user: UserEvent;
}

/**
 * The whole SPA at a URL, on the app's router over a memory history and a fresh query cache, talking
 * to the msw handlers. The deferred chunks (tooltips, menus, drawer) are loaded first, as they are
 * moments after first paint in a browser, so tests do not race their loading.
 */
export async function renderApp(url = '/account-groups'): Promise<RenderedApp> {
  await Promise.all([preloadDeferredUi(), preloadDetailDrawer()]);
  const queryClient = createQueryClient();
  const history = createTestHistory(url);
  const user = userEvent.setup();
  const result = render(
    <AppProviders queryClient={queryClient}>
      <AppRouter history={history}>
        <AppRoutes />
      </AppRouter>
    </AppProviders>,
  );
  return { ...result, history, queryClient, user };
}

/** Path and query string the app is at now. */
export function currentUrl(history: RouterHistory): string {
  const { pathname, search } = history.location;
  return `${pathname}${search}`;
}

/** The app's current search parameters. */
export function currentParams(history: RouterHistory): URLSearchParams {
  return new URLSearchParams(history.location.search);
}
