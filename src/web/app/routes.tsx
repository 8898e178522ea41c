import { lazy, Suspense } from 'react';
import { Navigate, useLocation, useRoutes, type RouteObject } from 'react-router';
import { AccountGroupsPage } from '../features/account-groups/components/account-groups-page';
import { AccountGroupDetailRoute } from '../features/account-groups/components/detail/account-group-detail-route';
import { LIST_PATH } from '../features/account-groups/lib/list-view';
import { AppLayout } from './layout/app-layout';
import { RouteErrorBoundary } from './route-error-boundary';

// Outside the layout: no header, no status calls before anyone is signed in. Its own chunk.
const LoginPage = lazy(() =>
  import('../features/auth/components/login-page').then((module) => ({ default: module.LoginPage })),
);

/** `/` opens the list, keeping any view parameters a link carried. */
function RedirectToList() {
  const { search } = useLocation();
  return <Navigate to={{ pathname: LIST_PATH, search }} replace />;
}

function NotFoundPage() {
  return (
    <main id="main" className="page">
      <h1>Page not found</h1>
      <p>
        <a href={LIST_PATH}>Go to the account groups</a>
      </p>
    </main>
  );
}

/** The SPA's routes, the same in the app and in the tests. */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: (
      <RouteErrorBoundary>
        <AppLayout />
      </RouteErrorBoundary>
    ),
    children: [
      { index: true, element: <RedirectToList /> },
      {
        path: 'account-groups',
        element: <AccountGroupsPage />,
        children: [{ path: ':id', element: <AccountGroupDetailRoute /> }],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  {
    path: '/login',
    element: (
      <RouteErrorBoundary>
        {/* Blank while the small chunk loads: a loading line would only flash. */}
        <Suspense fallback={null}>
          <LoginPage />
        </Suspense>
      </RouteErrorBoundary>
    ),
  },
];

export function AppRoutes() {
  return useRoutes(routes);
}
