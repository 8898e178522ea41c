import { Outlet } from 'react-router';
import { LiveAnnouncer } from '../../components/live-announcer';
import { useConsoleStatus } from '../../features/console-status/api/get-console-status';
import { MirrorStaleNotice } from '../../features/console-status/components/mirror-stale-notice';
import { SandboxBanner } from '../../features/console-status/components/sandbox-banner';
import { SyncProgress } from '../../features/console-status/components/sync-progress';
import { AppHeader } from './app-header';

/** Header, environment notices and the page. The status call runs alongside the page's own calls. */
export function AppLayout() {
  const status = useConsoleStatus();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader status={status.data}>
        {status.data?.mode === 'sandbox' && <SandboxBanner />}
        <SyncProgress mirror={status.data?.mirror} />
        <MirrorStaleNotice mirror={status.data?.mirror} />
      </AppHeader>
      <Outlet />
      <LiveAnnouncer />
    </div>
  );
}
