import type { Facets } from '../../../../../domain/console-api';
import { cx } from '../../../../lib/cx';
import { formatCount } from '../../../../lib/format';
import type { SetListView } from '../../hooks/use-list-view';
import type { ListView } from '../../lib/list-view';
import { QUICK_VIEWS, isQuickViewActive, quickViewCount } from '../../lib/quick-views';

/** Status presets with their counts under the current type filter and search. */
export function QuickViews({ view, facets, setView }: { view: ListView; facets: Facets | undefined; setView: SetListView }) {
  return (
    <div role="group" aria-label="Quick views" className="quick-views">
      {QUICK_VIEWS.map((quickView) => {
        const active = isQuickViewActive(quickView, view.status);
        return (
          <button
            key={quickView.id}
            type="button"
            aria-pressed={active}
            className={cx('quick-view', active && 'quick-view--active')}
            onClick={() => setView({ status: [...quickView.statuses] })}
          >
            <span>{quickView.label}</span>{' '}
            {facets && <span className="quick-view__count tabular">{formatCount(quickViewCount(quickView, facets.status))}</span>}
          </button>
        );
      })}
    </div>
  );
}
