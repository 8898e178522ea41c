import { useCallback, useEffect, useMemo } from 'react';
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

export type SetListView = (change: ListViewChange, options?: SetListViewOptions) => void;

/**
 * The list view lives in the URL, so back/forward walk through views and a copied link opens the
 * same view. Every change is a navigation; by default a new history entry.
 */
export function useListView(): { view: ListView; search: string; setView: SetListView } {
  const location = useLocation();
  const navigate = useNavigate();
  const view = useMemo(() => parseListView(new URLSearchParams(location.search)), [location.search]);
  const search = useMemo(() => listViewSearch(view), [view]);

  const setView = useCallback<SetListView>(
    (change, options = {}) => {
      const next = applyListViewChange(view, change);
      void navigate(
        { pathname: options.keepPath === true ? location.pathname : LIST_PATH, search: listViewSearch(next) },
        { replace: options.replace ?? false },
      );
    },
    [view, navigate, location.pathname],
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
