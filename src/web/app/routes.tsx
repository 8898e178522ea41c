import { Navigate, useLocation, useRouteError, type RouteObject } from 'react-router';
import { ProblemPanel } from '../components/problem-panel';
import { AccountGroupsPage } from '../features/account-groups/components/account-groups-page';
import { AccountGroupDetailRoute } from '../features/account-groups/components/detail/account-group-detail-route';
import { LIST_PATH } from '../features/account-groups/lib/list-view';
import { AppLayout } from './layout/app-layout';

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

/** A render error must not leave a blank screen. */
function RouteError() {
  const error = useRouteError();
  return (
    <main id="main" className="page">
      <ProblemPanel error={error} context="This page failed to render." onRetry={() => window.location.reload()} />
    </main>
  );
}

/** The SPA's routes, shared by the browser router and the tests' memory router. */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <AppLayout />,
    errorElement: <RouteError />,
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
    // Outside the layout: no header, no status calls before anyone is signed in. Its own chunk.
    path: '/login',
    errorElement: <RouteError />,
    lazy: async () => ({ Component: (await import('../features/auth/components/login-page')).LoginPage }),
  },
];
