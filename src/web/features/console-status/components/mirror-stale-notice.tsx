import { CloudOff } from 'lucide-react';
import type { MirrorStatus } from '../../../../domain/console-api';
import { CopyButton } from '../../../components/copy-button';
import { RelativeTime } from '../../../components/relative-time';

/**
 * The mirror's last sync failed: filtered lists and counts show the last good state. Says since
 * when, why, and which Upvest request to quote.
 */
export function MirrorStaleNotice({ mirror }: { mirror: MirrorStatus | undefined }) {
  if (mirror?.state !== 'stale') return null;
  const error = mirror.last_error;
  return (
    <div className="stale-notice" role="status">
      <CloudOff aria-hidden size={14} />
      <strong>Sync with Upvest is failing.</strong>
      <span>
        Filtered lists and counts show the last good state
        {mirror.last_sync_at !== null && (
          <>
            {' '}
            from <RelativeTime iso={mirror.last_sync_at} />
          </>
        )}
        .
      </span>
      {error && <span className="muted">{error.title}</span>}
      {error?.upstream_request_id !== undefined && (
        <span className="cell-inline muted">
          Upvest request ID <code>{error.upstream_request_id}</code>
          <CopyButton value={error.upstream_request_id} label="Upvest request ID" />
        </span>
      )}
    </div>
  );
}
