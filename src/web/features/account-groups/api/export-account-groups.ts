import { apiPath } from '../../../lib/api-client';
import { apiQueryOf, type ListView } from '../lib/list-view';

/** The CSV download of every group matching the view (all pages), in the view's order. */
export function exportCsvHref(view: ListView): string {
  return apiPath('/api/account-groups/export.csv', apiQueryOf(view, 'export'));
}
