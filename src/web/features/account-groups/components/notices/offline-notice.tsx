import { WifiOff } from 'lucide-react';

/** No connection (browser offline, or the console server unreachable); goes away once calls succeed again. */
export function OfflineNotice({ browserOffline }: { browserOffline: boolean }) {
  return (
    <div role="status" className="notice notice--warning">
      <WifiOff aria-hidden size={16} />
      <span>
        {browserOffline
          ? 'You are offline. Pages already loaded still show and refresh when the connection returns; others load then.'
          : 'The console server cannot be reached (offline?). Retrying; the list refreshes by itself when it answers.'}
      </span>
    </div>
  );
}
