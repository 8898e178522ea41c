import {
  ACCOUNT_GROUP_STATUSES,
  ACCOUNT_GROUP_TYPES,
  SORT_FIELDS,
  type AccountGroupStatus,
  type AccountGroupType,
  type SortField,
} from '../../../../domain/account-group';
import { QUERY_LIMITS, formatAccountGroupQuery, type AccountGroupQuery } from '../../../../domain/list-query';

/**
 * The list view as the URL holds it: `/account-groups?sort&order&page&size&status&type&q`.
 *
 * Parsing is lenient on purpose (a link from a ticket must open, whatever was typed into it): sort,
 * order, status and type match in any case, each bad value falls back to its default on its own, and
 * the URL is then rewritten to the canonical form, which leaves out defaults and lists enum values in
 * their enum order.
 */

export const PAGE_SIZES = [25, 50, 100, 250] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export interface ListView {
  sort: SortField;
  order: SortDirection;
  /** 1-based. */
  page: number;
  size: PageSize;
  /** Empty: any status. Enum order, no duplicates. */
  status: AccountGroupStatus[];
  /** Empty: any type. Enum order, no duplicates. */
  type: AccountGroupType[];
  /** The search term as typed (trimmed); null when none. */
  q: string | null;
}

export const DEFAULT_LIST_VIEW: Readonly<ListView> = {
  sort: 'created_at',
  order: 'desc',
  page: 1,
  size: 50,
  status: [],
  type: [],
  q: null,
};

export const LIST_PATH = '/account-groups';

export function parseListView(params: URLSearchParams): ListView {
  const size = parsePageSize(params.get('size'));
  return {
    sort: pickOne(params.get('sort')?.toLowerCase() ?? null, SORT_FIELDS) ?? DEFAULT_LIST_VIEW.sort,
    order: pickOne(params.get('order')?.toLowerCase() ?? null, SORT_DIRECTIONS) ?? DEFAULT_LIST_VIEW.order,
    page: parsePage(params.get('page'), size),
    size,
    status: pickMany(params.getAll('status'), ACCOUNT_GROUP_STATUSES),
    type: pickMany(params.getAll('type'), ACCOUNT_GROUP_TYPES),
    q: normaliseSearch(params.get('q')),
  };
}

/** The canonical query string of a view: defaults left out, a fixed parameter order. */
export function formatListView(view: ListView): URLSearchParams {
  const out = new URLSearchParams();
  if (view.sort !== DEFAULT_LIST_VIEW.sort) out.set('sort', view.sort);
  if (view.order !== DEFAULT_LIST_VIEW.order) out.set('order', view.order);
  if (view.page !== DEFAULT_LIST_VIEW.page) out.set('page', String(view.page));
  if (view.size !== DEFAULT_LIST_VIEW.size) out.set('size', String(view.size));
  if (view.status.length > 0) out.set('status', view.status.join(','));
  if (view.type.length > 0) out.set('type', view.type.join(','));
  if (view.q !== null) out.set('q', view.q);
  return out;
}

/** "?…" or "" for the default view; commas stay readable ("status=CLOSING,LOCKED"). */
export function listViewSearch(view: ListView): string {
  const parts = [...formatListView(view)].map(
    ([name, value]) => `${name}=${encodeURIComponent(value).replace(/%2C/gi, ',')}`,
  );
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** The detail drawer's path for a group, keeping the list view around it. */
export function detailPath(id: string, search: string): string {
  return `${LIST_PATH}/${encodeURIComponent(id)}${search}`;
}

export type ListViewChange = Partial<ListView>;

/**
 * The view after a change. A change of filters, search or sort starts again at page 1 (the old page
 * number means nothing in a different list); a change of page size keeps the first visible row in view.
 */
export function applyListViewChange(current: ListView, change: ListViewChange): ListView {
  const next: ListView = {
    ...current,
    ...change,
    status: change.status ? pickMany(change.status, ACCOUNT_GROUP_STATUSES) : current.status,
    type: change.type ? pickMany(change.type, ACCOUNT_GROUP_TYPES) : current.type,
    q: 'q' in change ? normaliseSearch(change.q ?? null) : current.q,
  };
  const listChanged =
    next.sort !== current.sort ||
    next.order !== current.order ||
    !sameValues(next.status, current.status) ||
    !sameValues(next.type, current.type) ||
    next.q !== current.q;
  if (listChanged && change.page === undefined) next.page = 1;
  else if (next.size !== current.size && change.page === undefined) {
    next.page = Math.floor(((current.page - 1) * current.size) / next.size) + 1;
  }
  next.page = Math.min(Math.max(1, Math.floor(next.page)), maxPage(next.size));
  return next;
}

export function hasFilters(view: Pick<ListView, 'status' | 'type' | 'q'>): boolean {
  return view.status.length > 0 || view.type.length > 0 || view.q !== null;
}

/** The console API query of a view (offset and limit from page and size; upper-case order). */
export function toAccountGroupQuery(view: ListView): AccountGroupQuery {
  return {
    sort: view.sort,
    order: view.order === 'asc' ? 'ASC' : 'DESC',
    offset: (view.page - 1) * view.size,
    limit: view.size,
    status: view.status,
    type: view.type,
    q: view.q,
  };
}

/** The console API query string of a view for one kind of call. */
export function apiQueryOf(view: ListView, kind: 'list' | 'facets' | 'export'): URLSearchParams {
  return formatAccountGroupQuery(toAccountGroupQuery(view), kind);
}

/** The last page that has rows (1 for an empty list). */
export function lastPageOf(totalCount: number, size: number): number {
  return Math.max(1, Math.ceil(totalCount / size));
}

function maxPage(size: number): number {
  return Math.floor(QUERY_LIMITS.maxOffset / size) + 1;
}

function pickOne<T extends string>(raw: string | null, allowed: readonly T[]): T | undefined {
  return raw !== null && (allowed as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

/** Known values out of repeated or comma-separated input, in enum order; unknown values are dropped. */
function pickMany<T extends string>(raws: readonly string[], allowed: readonly T[]): T[] {
  const chosen = new Set(raws.flatMap((raw) => raw.split(',')).map((part) => part.trim().toUpperCase()));
  return allowed.filter((value) => chosen.has(value));
}

function parsePageSize(raw: string | null): PageSize {
  const size = PAGE_SIZES.find((candidate) => String(candidate) === raw);
  return size ?? DEFAULT_LIST_VIEW.size;
}

function parsePage(raw: string | null, size: number): number {
  if (raw === null || !/^\d{1,10}$/.test(raw)) return DEFAULT_LIST_VIEW.page;
  const page = Number(raw);
  return page >= 1 && page <= maxPage(size) ? page : DEFAULT_LIST_VIEW.page;
}

function normaliseSearch(raw: string | null): string | null {
  const term = raw?.trim() ?? '';
  return term === '' ? null : term;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
