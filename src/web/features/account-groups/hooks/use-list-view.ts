import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import {
  LIST_PATH,
  applyListViewChange,
  listViewSearch,
  parseListView,
  type ListView,
  type ListViewChange,
} from '../lib/list-view';

export interface SetListViewOptions {
  /** Replace the history entry instead of adding one (corrections, not user choices). */
  replace?: boolean;
  /** Stay on the current path (e.g. keep the detail drawer open while correcting the page). */
  keepPath?: boolean;
}

/** A change, or a function of the current view that returns one (for toggles: see useListView). */
export type SetListView = (
  change: ListViewChange | ((current: ListView) => ListViewChange),
  options?: SetListViewOptions,
) => void;

/**
 * The list view lives in the URL, so back/forward walk through views and a copied link opens the
 * same view. Every change is a navigation; by default a new history entry.
 */
export function useListView(): { view: ListView; search: string; setView: SetListView } {
  const location = useLocation();
  const navigate = useNavigate();
  const view = useMemo(() => parseListView(new URLSearchParams(location.search)), [location.search]);
  const search = useMemo(() => listViewSearch(view), [view]);

  // Changes build on the last view asked for, not on the last one rendered: a correction renders as a
  // transition, and a click that comes before it has rendered must not undo it.
  const latest = useRef(view);
  useEffect(() => {
    latest.current = view;
  }, [view]);

  const setView = useCallback<SetListView>(
    (change, options = {}) => {
      const base = latest.current;
      const next = applyListViewChange(base, typeof change === 'function' ? change(base) : change);
      latest.current = next;
      const replace = options.replace ?? false;
      void navigate(
        { pathname: options.keepPath === true ? location.pathname : LIST_PATH, search: listViewSearch(next) },
        // A person's own change has rendered by the time navigate() returns (app/router.tsx honours flushSync),
        // not as the router's default transition. Corrections (replace) may wait.
        { replace, flushSync: !replace },
      );
    },
    [navigate, location.pathname],
  );

  return { view, search, setView };
}

/** Rewrites a hand-edited or outdated URL to its canonical form, without a new history entry. */
export function useCanonicalListUrl(search: string): void {
  const location = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    if (location.search !== search) {
      void navigate({ pathname: location.pathname, search }, { replace: true, state: location.state as unknown });
    }
  }, [location.search, location.pathname, location.state, search, navigate]);
}
