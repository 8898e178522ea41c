import { Gauge } from 'lucide-react';
import { nextAttemptAfter } from '../../../../lib/query-retry';
import { useNow } from '../../../../lib/use-now';

/** While react-query waits to retry a rate-limited call: says so and counts down to the next try. */
export function RateLimitNotice({ failure }: { failure: unknown }) {
  const now = useNow();
  const due = nextAttemptAfter(failure);
  const seconds = due === undefined ? null : Math.max(0, Math.ceil((due - now) / 1000));
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
