import { SearchX } from 'lucide-react';
import { ProblemError } from '../../../../lib/problem-error';

/** Upvest has no group with this ID: nothing to retry. */
export function GroupNotFound({ id, error }: { id: string; error: unknown }) {
  return (
    <div className="empty-state empty-state--left" role="alert">
      <SearchX aria-hidden size={24} />
      <h3 className="empty-state__title">This account group does not exist</h3>
      <p className="muted">
        Upvest has no account group with ID <code className="break">{id}</code> for this tenant.
      </p>
      {error instanceof ProblemError && error.problem.upstream_request_id !== undefined && (
        <p className="muted">
          Upvest request ID <code>{error.problem.upstream_request_id}</code>
        </p>
      )}
    </div>
  );
}

/** The link's ID cannot name a group at all (not a UUID): nothing was asked, nothing to retry. */
export function NotAGroupId({ id }: { id: string }) {
  return (
    <div className="empty-state empty-state--left" role="alert">
      <SearchX aria-hidden size={24} />
      <h3 className="empty-state__title">This is not an account group ID</h3>
      <p className="muted">
        <code className="break">{id}</code> cannot name an account group: their IDs are UUIDs, 36 characters such as{' '}
        <code className="break">3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b</code>. Check the link, or search the list for the
        group.
      </p>
    </div>
  );
}
