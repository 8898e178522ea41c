import { Gauge } from 'lucide-react';
import { nextAttemptAfter, secondsUntil } from '../../../../lib/query-retry';
import { useNow } from '../../../../lib/use-now';

/** While react-query waits to retry a rate-limited call: says so and counts down to the next try. */
export function RateLimitNotice({ failure }: { failure: unknown }) {
  const now = useNow();
  const attempt = nextAttemptAfter(failure);
  const seconds = attempt === undefined ? null : secondsUntil(attempt, now);
  return (
    <div role="status" className="notice notice--warning">
      <Gauge aria-hidden size={16} />
      <span>
        Upvest is rate limiting the console,{' '}
        {seconds === null || seconds === 0 ? 'retrying now…' : `retrying in ${seconds} s`}
      </span>
    </div>
  );
}
