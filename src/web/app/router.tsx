import { startTransition, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import {
  Router,
  UNSAFE_createBrowserHistory,
  type HistoryRouterProps,
  type NavigateOptions,
  type Navigator,
} from 'react-router';

/** What the router listens to: the browser's history in the app, a memory history in tests. */
export type RouterHistory = HistoryRouterProps['history'];

/** v5Compat: the history reports the router's own pushes and replaces too, not only back and forward. */
export function createAppHistory(): RouterHistory {
  return UNSAFE_createBrowserHistory({ v5Compat: true });
}

/**
 * react-router's declarative router over `history` (its data router costs twice the bytes). Like
 * react-router's own routers it renders a location change as a transition, except a navigation made with
 * `{ flushSync: true }` (useNavigate passes its options on to the navigator), which has rendered by the
 * time navigate() returns. BrowserRouter ignores that option, and flushSync around its navigation does
 * not hurry the transition it starts.
 */
export function AppRouter({ history, children }: { history: RouterHistory; children: ReactNode }) {
  const [current, setCurrent] = useState({ action: history.action, location: history.location });
  // Set only during a flushSync navigation (history calls the listener synchronously).
  const immediate = useRef(false);

  useLayoutEffect(
    () =>
      history.listen(({ action, location }) => {
        if (immediate.current) setCurrent({ action, location });
        else startTransition(() => setCurrent({ action, location }));
      }),
    [history],
  );

  const navigator = useMemo((): Navigator => {
    const change = (options: NavigateOptions | undefined, apply: () => void): void => {
      if (options?.flushSync !== true) {
        apply();
        return;
      }
      immediate.current = true;
      try {
        flushSync(apply);
      } finally {
        immediate.current = false;
      }
    };
    return {
      createHref: (to) => history.createHref(to),
      createURL: (to) => history.createURL(to),
      encodeLocation: (to) => history.encodeLocation(to),
      go: (delta) => history.go(delta),
      push: (to, state, options) => change(options, () => history.push(to, state)),
      replace: (to, state, options) => change(options, () => history.replace(to, state)),
    };
  }, [history]);

  return (
    <Router location={current.location} navigationType={current.action} navigator={navigator}>
      {children}
    </Router>
  );
}
