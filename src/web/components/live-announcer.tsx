import { useAnnouncement } from '../lib/announcer';

export function LiveAnnouncer() {
  const message = useAnnouncement();
  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true">
      {message}
    </div>
  );
}
