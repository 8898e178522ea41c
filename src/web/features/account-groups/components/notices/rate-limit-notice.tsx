import { Gauge } from 'lucide-react';
import { nextAttemptAfter, secondsUntil } from '../../../../lib/query-retry';
import { useNow } from '../../../../lib/use-now';

export interface RateLimitNoticeProps {
  failure: unknown;
  /** What is retried, when not the main content ("the counts"). */
  subject?: string;
}

/**
 * While react-query waits to retry a rate-limited call: says so and counts down to the next try.
 * Not a live region: the countdown changes every second. Pair it with a TransitionAnnouncement,
 * which says when the rate limiting starts and ends.
 */
export function RateLimitNotice({ failure, subject }: RateLimitNoticeProps) {
  const now = useNow();
  const attempt = nextAttemptAfter(failure);
  const seconds = attempt === undefined ? null : secondsUntil(attempt, now);
  const what = subject === undefined ? '' : ` ${subject}`;
  return (
    <div className="notice notice--warning" data-testid="rate-limit-notice">
      <Gauge aria-hidden size={16} />
      <span className="tabular">
        Upvest is rate limiting the console,{' '}
        {seconds === null || seconds === 0 ? `retrying${what} now…` : `retrying${what} in ${seconds} s`}
      </span>
    </div>
  );
}

export const RATE_LIMIT_STARTED = 'Upvest is rate limiting the console. The console retries by itself.';
export const RATE_LIMIT_ENDED = 'Upvest is answering again.';
