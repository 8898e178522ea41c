import { Download } from 'lucide-react';
import { exportCsvHref } from '../../api/export-account-groups';
import type { ListView } from '../../lib/list-view';

/** Downloads every group of the current view (all pages) as CSV, streamed by the console server. */
export function ExportLink({ view }: { view: ListView }) {
  return (
    <a className="btn btn--default btn--md" href={exportCsvHref(view)} download>
      <Download aria-hidden size={14} />
      Export CSV
    </a>
  );
}
