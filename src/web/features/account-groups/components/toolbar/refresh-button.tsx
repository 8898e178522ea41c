import { RefreshCw } from 'lucide-react';
import { useRef } from 'react';
import { Button } from '../../../../components/button';
import { Tooltip } from '../../../../components/tooltip';
import { announce } from '../../../../lib/announcer';
import { cx } from '../../../../lib/cx';
import { ProblemError } from '../../../../lib/problem-error';
import { useRefreshAccountGroups } from '../../api/refresh-account-groups';

function failureText(error: Error): string {
  return `Refresh failed: ${error instanceof ProblemError ? error.problem.title : error.message}`;
}

/**
 * Asks the console to sync with Upvest now, then reloads what is on screen. One request at a time:
 * aria-disabled (not disabled, so keyboard focus stays on it) while one runs, and clicks meanwhile
 * do nothing. The outcome is announced politely; a failure also stays on screen.
 */
export function RefreshButton() {
  const refresh = useRefreshAccountGroups();
  // Set in the click itself: a second click can come before the re-render that shows isPending.
  const running = useRef(false);

  const start = (): void => {
    if (running.current || refresh.isPending) return;
    running.current = true;
    refresh.mutate(undefined, {
      onSuccess: (response) => {
        // During the first sync the server answers at once, before anything new is loaded.
        announce(response.mirror.complete ? 'Refreshed' : 'Refresh requested; the first sync with Upvest is still running');
      },
      onError: (error) => announce(failureText(error)),
      onSettled: () => {
        running.current = false;
      },
    });
  };

  return (
    <span className="refresh">
      <Tooltip content="Sync with Upvest now">
        <Button variant="default" onClick={start} aria-disabled={refresh.isPending}>
          <RefreshCw aria-hidden size={14} className={cx(refresh.isPending && 'spin')} />
          {refresh.isPending ? 'Refreshing…' : 'Refresh'}
        </Button>
      </Tooltip>
      {refresh.isError && <span className="field-error field-error--inline">{failureText(refresh.error)}</span>}
    </span>
  );
}
