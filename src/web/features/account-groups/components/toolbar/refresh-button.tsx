import { RefreshCw } from 'lucide-react';
import { Button } from '../../../../components/button';
import { Tooltip } from '../../../../components/tooltip';
import { cx } from '../../../../lib/cx';
import { ProblemError } from '../../../../lib/problem-error';
import { useRefreshAccountGroups } from '../../api/refresh-account-groups';

/** Asks the console to sync with Upvest now, then reloads what is on screen. */
export function RefreshButton() {
  const refresh = useRefreshAccountGroups();
  const spinning = refresh.isPending;
  return (
    <span className="refresh">
      <Tooltip content="Sync with Upvest now">
        <Button variant="default" onClick={() => refresh.mutate()} aria-disabled={refresh.isPending}>
          <RefreshCw aria-hidden size={14} className={cx(spinning && 'spin')} />
          Refresh
        </Button>
      </Tooltip>
      {refresh.isError && (
        <span role="alert" className="field-error field-error--inline">
          Refresh failed: {refresh.error instanceof ProblemError ? refresh.error.problem.title : refresh.error.message}
        </span>
      )}
    </span>
  );
}
