import { LayoutList } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ConsoleStatus } from '../../../domain/console-api';
import { SignedInUserSlot } from '../../features/auth/components/signed-in-user-slot';
import { EnvironmentBadge } from '../../features/console-status/components/environment-badge';
import { ThemeToggle } from '../theme/theme-toggle';

/** The top bar, with environment notices (sandbox, first sync) as `children` under it. */
export function AppHeader({ status, children }: { status: ConsoleStatus | undefined; children?: ReactNode }) {
  return (
    <header className="app-top">
      <div className="app-header">
        <Link to="/account-groups" className="app-header__brand">
          <LayoutList aria-hidden size={18} />
          <span>Account Groups Console</span>
        </Link>
        <EnvironmentBadge status={status} />
        <div className="app-header__spacer" />
        <ThemeToggle />
        <div className="app-header__user" data-slot="user">
          <SignedInUserSlot />
        </div>
      </div>
      {children}
    </header>
  );
}
