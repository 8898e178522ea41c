import { WifiOff } from 'lucide-react';

/**
 * Offline, a page not loaded before cannot load: said in place of its rows (where the person who
 * pressed "Next page" is looking), instead of leaving the previous page's rows under the new number.
 */
export function WaitingForConnection({ page }: { page: number }) {
  return (
    <div className="empty-state" data-testid="waiting-for-connection">
      <WifiOff aria-hidden size={24} />
      <h2 className="empty-state__title">Page {page} will load when the connection is back</h2>
      <p className="muted">You are offline. Pages opened before still show at once.</p>
    </div>
  );
}
