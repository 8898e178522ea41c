import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { MirrorStatus } from '../../../../domain/console-api';
import { ProgressBar } from '../../../components/progress-bar';
import { TransitionAnnouncement } from '../../../components/transition-announcement';
import { formatCount } from '../../../lib/format';
import { accountGroupKeys } from '../../account-groups/api/query-keys';

/**
 * While the mirror's first sync runs, filtered answers are partial: say how far loading has come.
 * When it completes, reload the lists and counts so nothing partial stays on screen.
 */
export function SyncProgress({ mirror }: { mirror: MirrorStatus | undefined }) {
  const queryClient = useQueryClient();
  const wasIncomplete = useRef(false);
  const complete = mirror?.complete;

  useEffect(() => {
    if (complete === false) wasIncomplete.current = true;
    if (complete === true && wasIncomplete.current) {
      wasIncomplete.current = false;
      void queryClient.invalidateQueries({ queryKey: accountGroupKeys.all });
    }
  }, [complete, queryClient]);

  // The count moves every poll (2 s): it stays on screen, and only the start and the end are announced.
  return (
    <>
      <TransitionAnnouncement
        active={complete === false}
        started="Loading all account groups from Upvest. Filters, search and counts are partial until this finishes."
        ended="All account groups are loaded. Filters, search and counts are complete."
      />
      {mirror && !mirror.complete && <SyncProgressBar mirror={mirror} />}
    </>
  );
}

function SyncProgressBar({ mirror }: { mirror: MirrorStatus }) {
  const loaded = mirror.progress?.loaded ?? mirror.count;
  const total = mirror.progress?.total ?? null;
  const text =
    total === null
      ? `Loading all account groups: ${formatCount(loaded)} so far`
      : `Loading all account groups: ${formatCount(loaded)} of ${formatCount(total)}`;
  return (
    <div className="sync-progress" data-testid="sync-progress">
      <span className="sync-progress__text tabular">{text}</span>
      <ProgressBar label="Loading all account groups" value={loaded} max={total ?? undefined} className="sync-progress__bar" />
      <span className="muted">Filters, search and counts are partial until this finishes.</span>
    </div>
  );
}
