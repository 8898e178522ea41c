import type { AccountGroupStatus } from '../../../../domain/account-group';

/** Status presets operations staff reach for most; each keeps the type filter and the search. */
export interface QuickView {
  readonly id: string;
  readonly label: string;
  readonly statuses: readonly AccountGroupStatus[];
}

export const QUICK_VIEWS: readonly QuickView[] = [
  { id: 'all', label: 'All', statuses: [] },
  { id: 'needs-attention', label: 'Needs attention', statuses: ['CLOSING', 'LOCKED'] },
  { id: 'pending-approval', label: 'Pending approval', statuses: ['PENDING_APPROVAL'] },
  { id: 'closed', label: 'Closed', statuses: ['CLOSED'] },
];

/** Sum of facet counts for the view's statuses; all statuses (known or not) for "All". */
export function quickViewCount(view: QuickView, statusCounts: Readonly<Record<string, number>>): number {
  const counted = view.statuses.length === 0 ? Object.keys(statusCounts) : view.statuses;
  return counted.reduce((sum, status) => sum + (statusCounts[status] ?? 0), 0);
}

export function isQuickViewActive(view: QuickView, statuses: readonly AccountGroupStatus[]): boolean {
  return view.statuses.length === statuses.length && view.statuses.every((status) => statuses.includes(status));
}
