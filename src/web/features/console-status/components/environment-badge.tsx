import { FlaskConical, Globe } from 'lucide-react';
import { Badge } from '../../../components/badge';
import { Tooltip } from '../../../components/tooltip';
import type { ConsoleStatus } from '../../../../domain/console-api';

/** Sandbox or live, and which Upvest host the console talks to. */
export function EnvironmentBadge({ status }: { status: ConsoleStatus | undefined }) {
  if (!status) return null;
  const sandbox = status.mode === 'sandbox';
  return (
    <Tooltip content={`Upstream: ${status.upstream.base_url} · console ${status.version}`}>
      <span className="env" tabIndex={0}>
        <Badge tone={sandbox ? 'sandbox' : 'success'}>
          {sandbox ? <FlaskConical aria-hidden size={12} /> : <Globe aria-hidden size={12} />}
          {sandbox ? 'Sandbox' : 'Live'}
        </Badge>
        <span className="env__host mono">{status.upstream.host}</span>
      </span>
    </Tooltip>
  );
}
