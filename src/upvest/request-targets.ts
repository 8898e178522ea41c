import { QUERY_LIMITS } from '../domain/list-query';
import {
  SORT_FIELDS,
  SORT_ORDERS,
  UPVEST_LIST_LIMITS,
  type SortField,
  type SortOrder,
} from '../domain/account-group';

/**
 * Request targets of the account-group endpoints, built once as the exact strings that are signed and
 * sent: the signature covers `@path` and `@query` byte for byte, so nothing may re-encode or re-order
 * them later. Ids are percent-encoded as one path segment each.
 */

export interface ListParams {
  sort?: SortField;
  order?: SortOrder;
  offset?: number;
  limit?: number;
}

export interface RequestTarget {
  /** Starts with `/`, already encoded. */
  readonly path: string;
  /** `''` or `?` followed by the encoded parameters. */
  readonly query: string;
}

/** The console's own cap, far beyond any tenant; keeps offsets inside Upvest's integer range. */
const MAX_OFFSET = QUERY_LIMITS.maxOffset;

export function accountGroupsTarget(params: ListParams): RequestTarget {
  return { path: '/account_groups', query: listQuery(params) };
}

export function accountGroupTarget(accountGroupId: string): RequestTarget {
  return { path: `/account_groups/${pathSegment(accountGroupId, 'account group ID')}`, query: '' };
}

export function userAccountGroupsTarget(userId: string, params: ListParams): RequestTarget {
  return { path: `/users/${pathSegment(userId, 'user ID')}/account_groups`, query: listQuery(params) };
}

/** `sort`, `order`, `offset`, `limit` in this fixed order, only those given. */
export function listQuery(params: ListParams): string {
  const parts: string[] = [];
  if (params.sort !== undefined) parts.push(`sort=${oneOf(params.sort, SORT_FIELDS, 'sort')}`);
  if (params.order !== undefined) parts.push(`order=${oneOf(params.order, SORT_ORDERS, 'order')}`);
  if (params.offset !== undefined) parts.push(`offset=${wholeNumber(params.offset, 'offset', 0, MAX_OFFSET)}`);
  if (params.limit !== undefined) {
    parts.push(`limit=${wholeNumber(params.limit, 'limit', 1, UPVEST_LIST_LIMITS.maxLimit)}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function pathSegment(value: string, what: string): string {
  // "." and ".." would be resolved away by any layer that normalises paths, changing the signed @path.
  if (typeof value !== 'string' || value === '' || value === '.' || value === '..') {
    throw new RangeError(`The ${what} must be a non-empty string other than "." or "..".`);
  }
  try {
    return encodeURIComponent(value);
  } catch {
    throw new RangeError(`The ${what} is not valid Unicode text.`);
  }
}

function oneOf<T extends string>(value: T, allowed: readonly T[], name: string): T {
  if (!allowed.includes(value)) throw new RangeError(`${name} must be one of ${allowed.join(', ')}.`);
  return value;
}

function wholeNumber(value: number, name: string, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}; got ${value}.`);
  }
  return value;
}
