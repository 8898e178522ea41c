import { FlaskConical } from 'lucide-react';

/** Impossible to miss: the data on screen is the embedded sandbox's, not a real tenant's. */
export function SandboxBanner() {
  return (
    <div className="sandbox-banner" role="note" aria-label="Sandbox data">
      <FlaskConical aria-hidden size={14} />
      <strong>Sandbox data</strong>
      <span>
        This console runs against the embedded Upvest sandbox: generated account groups, not a live tenant.
      </span>
    </div>
  );
}
