import { Inbox, SearchX } from 'lucide-react';
import { Button } from '../../../../components/button';

/** The tenant has no account groups at all: nothing to filter. */
export function EmptyTenant() {
  return (
    <div className="empty-state">
      <Inbox aria-hidden size={24} />
      <h2 className="empty-state__title">No account groups yet</h2>
      <p className="muted">This tenant has no account groups. New groups appear here once Upvest creates them.</p>
    </div>
  );
}

/** Groups exist, but none match the filters or search. */
export function NoMatches({ onClear }: { onClear: () => void }) {
  return (
    <div className="empty-state">
      <SearchX aria-hidden size={24} />
      <h2 className="empty-state__title">No account groups match these filters</h2>
      <p className="muted">Try other statuses or types, or check the search term.</p>
      <Button onClick={onClear}>Clear filters</Button>
    </div>
  );
}

/** The search term was refused (the message sits under the search box). */
export function InvalidSearch() {
  return (
    <div className="empty-state">
      <SearchX aria-hidden size={24} />
      <h2 className="empty-state__title">The search term is not valid</h2>
      <p className="muted">Correct it in the search box above and press Enter.</p>
    </div>
  );
}
