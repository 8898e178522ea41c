import { ACCOUNT_GROUP_STATUSES, describeStatus, type AccountGroupStatus } from '../../../../../domain/account-group';
import type { Facets } from '../../../../../domain/console-api';
import { StatusIcon, statusTone } from '../../../../components/status-icon';
import { Tooltip } from '../../../../components/tooltip';
import { cx } from '../../../../lib/cx';
import { formatCount } from '../../../../lib/format';
import type { SetListView } from '../../hooks/use-list-view';
import type { ListView } from '../../lib/list-view';

/**
 * A small stacked bar of how the groups (under the type filter and search) split by status. Each
 * segment is a button that narrows the list to its status; a legend with icons carries the same
 * information without colour.
 */
export function StatusDistribution({ view, facets, setView }: { view: ListView; facets: Facets | undefined; setView: SetListView }) {
  if (!facets) return <div className="status-bar status-bar--empty" aria-hidden />;
  const segments = ACCOUNT_GROUP_STATUSES.map((status) => ({ status, count: facets.status[status] ?? 0 })).filter(
    (segment) => segment.count > 0,
  );
  const total = segments.reduce((sum, segment) => sum + segment.count, 0);
  if (total === 0) return <div className="status-bar status-bar--empty" aria-hidden />;

  const only = (status: AccountGroupStatus): boolean => view.status.length === 1 && view.status[0] === status;

  return (
    <div className="status-distribution">
      <div role="group" aria-label="Status distribution" className="status-bar">
        {segments.map(({ status, count }) => {
          const { label } = describeStatus(status);
          const share = (count / total) * 100;
          const name = `${label}: ${formatCount(count)} account groups`;
          return (
            <Tooltip key={status} content={`${label}: ${formatCount(count)} (${share.toFixed(share < 1 ? 1 : 0)}%)`}>
              <button
                type="button"
                aria-label={name}
                aria-pressed={only(status)}
                className={cx('status-bar__segment', `status-bar__segment--${statusTone(status)}`)}
                style={{ flexGrow: count }}
                onClick={() => setView({ status: [status] })}
              >
                <span className="status-bar__fill" />
              </button>
            </Tooltip>
          );
        })}
      </div>
      <ul className="status-legend" aria-hidden>
        {segments.map(({ status, count }) => (
          <li key={status}>
            <StatusIcon status={status} size={12} />
            {describeStatus(status).label}
            <span className="tabular muted">{formatCount(count)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
