import { CircleExclamationPoint, KeyRound, RotateCw, WifiOff } from 'lucide-react';
import { useId, type ReactNode } from 'react';
import { PROBLEM_TYPES } from '../../domain/problem';
import { cx } from '../lib/cx';
import { ProblemError, isNetworkError, isProblemOfType } from '../lib/problem-error';
import { Button } from './button';
import { CopyButton } from './copy-button';

export interface ProblemPanelProps {
  error: unknown;
  onRetry?: () => void;
  retrying?: boolean;
  /** A one-line banner above content that stays visible (e.g. the last good rows). */
  compact?: boolean;
  /** What failed, e.g. "Account groups could not be loaded". */
  context?: string;
}

interface Explained {
  title: string;
  body: ReactNode;
  icon: ReactNode;
}

function explain(error: unknown): Explained {
  if (isProblemOfType(error, PROBLEM_TYPES.upstreamCredentialsRefused)) {
    return {
      icon: <KeyRound aria-hidden size={18} />,
      title: "Upvest refused the console's credentials",
      // The server's detail already names the call, the status and the settings to check: say it once,
      // and fall back to general advice only when it sent none.
      body:
        error.problem.detail !== undefined ? (
          <>
            <p>{error.problem.detail}</p>
            <p className="muted">Changes to these settings take effect when the console server restarts.</p>
          </>
        ) : (
          <p>
            The console server signed in to Upvest and was refused. Check the console&apos;s configuration (the{' '}
            <code>UPVEST_API_*</code> settings: client ID and secret, key ID and private key, scopes) and restart it.
          </p>
        ),
    };
  }
  if (error instanceof ProblemError) {
    return {
      icon: <CircleExclamationPoint aria-hidden size={18} />,
      title: error.problem.title,
      body: error.problem.detail !== undefined ? <p>{error.problem.detail}</p> : null,
    };
  }
  if (isNetworkError(error)) {
    return {
      icon: <WifiOff aria-hidden size={18} />,
      title: 'The console server could not be reached',
      body: <p>Check your network connection. The console retries when the connection returns.</p>,
    };
  }
  return {
    icon: <CircleExclamationPoint aria-hidden size={18} />,
    title: 'Something went wrong',
    body: error instanceof Error ? <p>{error.message}</p> : null,
  };
}

/** A failed call: what went wrong, the request IDs to quote (Upvest's first), and a way to try again. */
export function ProblemPanel({ error, onRetry, retrying = false, compact = false, context }: ProblemPanelProps) {
  const titleId = useId();
  const { title, body, icon } = explain(error);
  const problem = error instanceof ProblemError ? error.problem : null;

  return (
    <section role="alert" aria-labelledby={titleId} className={cx('problem', compact && 'problem--compact')}>
      <div className="problem__icon">{icon}</div>
      <div className="problem__main">
        {context !== undefined && <p className="problem__context">{context}</p>}
        <h2 id={titleId} className="problem__title">
          {title}
        </h2>
        <div className="problem__body">{body}</div>
        {problem && (
          <dl className="problem__ids">
            {problem.upstream_request_id !== undefined && (
              <div>
                <dt>Upvest request ID</dt>
                <dd>
                  <code>{problem.upstream_request_id}</code>
                  <CopyButton value={problem.upstream_request_id} label="Upvest request ID" />
                </dd>
              </div>
            )}
            {problem.request_id !== undefined && (
              <div>
                <dt>Console request ID</dt>
                <dd>
                  <code>{problem.request_id}</code>
                  <CopyButton value={problem.request_id} label="console request ID" />
                </dd>
              </div>
            )}
            <div>
              <dt>Status</dt>
              <dd className="tabular">{problem.status}</dd>
            </div>
          </dl>
        )}
      </div>
      {onRetry && (
        <Button className="problem__retry" onClick={onRetry} disabled={retrying} aria-busy={retrying}>
          <RotateCw aria-hidden size={14} className={cx(retrying && 'spin')} />
          {retrying ? 'Retrying…' : 'Retry'}
        </Button>
      )}
    </section>
  );
}
