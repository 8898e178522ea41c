import { ACCOUNT_GROUP_STATUSES, describeStatus, type AccountGroupStatus } from '../../../../../domain/account-group';
import type { Facets } from '../../../../../domain/console-api';
import { StatusIcon, statusTone } from '../../../../components/status-icon';
import { cx } from '../../../../lib/cx';
import { formatCount } from '../../../../lib/format';
import type { SetListView } from '../../hooks/use-list-view';
import type { ListView } from '../../lib/list-view';

/**
 * How the groups (under the type filter and search) split by status: a small stacked bar to see the
 * shares at a glance, and a legend whose entries are the controls. Each entry (icon, name and count,
 * so never colour alone) is a toggle button at least 24 px square that narrows the list to its status;
 * the bar's segments, a few pixels wide for a rare status, would be too small to hit (WCAG 2.5.8).
 */
export function StatusDistribution({ view, facets, setView }: { view: ListView; facets: Facets | undefined; setView: SetListView }) {
  if (!facets) return <div className="status-bar status-bar--empty" aria-hidden />;
  const segments = ACCOUNT_GROUP_STATUSES.map((status) => ({ status, count: facets.status[status] ?? 0 })).filter(
    (segment) => segment.count > 0,
  );
  const total = segments.reduce((sum, segment) => sum + segment.count, 0);
  if (total === 0) return <div className="status-bar status-bar--empty" aria-hidden />;

  const only = (status: AccountGroupStatus): boolean => view.status.length === 1 && view.status[0] === status;
  // Pressing the status shown alone again shows every status again.
  const toggle = (status: AccountGroupStatus): void => setView({ status: only(status) ? [] : [status] });

  return (
    <div className="status-distribution">
      <div className="status-bar" aria-hidden>
        {segments.map(({ status, count }) => (
          <span
            key={status}
            className={cx(
              'status-bar__segment',
              `status-bar__segment--${statusTone(status)}`,
              only(status) && 'status-bar__segment--selected',
            )}
            style={{ flexGrow: count }}
          >
            <span className="status-bar__fill" />
          </span>
        ))}
      </div>
      <div role="group" aria-label="Status distribution" className="status-legend">
        {segments.map(({ status, count }) => (
          <button
            key={status}
            type="button"
            aria-pressed={only(status)}
            className="status-legend__item"
            onClick={() => toggle(status)}
          >
            <StatusIcon status={status} size={12} />
            {describeStatus(status).label}{' '}
            <span className="tabular muted">{formatCount(count)}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
