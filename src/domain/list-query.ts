import {
  ACCOUNT_GROUP_STATUSES,
  ACCOUNT_GROUP_TYPES,
  SORT_FIELDS,
  SORT_ORDERS,
  UPVEST_LIST_LIMITS,
  type AccountGroupStatus,
  type AccountGroupType,
  type SortField,
  type SortOrder,
} from './account-group';

/**
 * The console API's query parameters (DESIGN.md, "The console API"), parsed strictly: anything unknown,
 * repeated where it may not be, or out of range is an error naming the parameter, so that nothing
 * invalid is ever forwarded to Upvest.
 */

export interface AccountGroupQuery {
  sort: SortField;
  order: SortOrder;
  offset: number;
  limit: number;
  /** Empty means "any status". Deduplicated, in enum order. */
  status: AccountGroupStatus[];
  /** Empty means "any type". Deduplicated, in enum order. */
  type: AccountGroupType[];
  /** One search term, trimmed and lower-cased; null when absent or blank. */
  q: string | null;
}

export type QueryKind = 'list' | 'facets' | 'export';

const PARAMETERS_BY_KIND: Readonly<Record<QueryKind, readonly string[]>> = {
  list: ['sort', 'order', 'offset', 'limit', 'status', 'type', 'q'],
  facets: ['status', 'type', 'q'],
  export: ['sort', 'order', 'status', 'type', 'q'],
};

export const QUERY_LIMITS = {
  defaultLimit: UPVEST_LIST_LIMITS.defaultLimit,
  maxLimit: UPVEST_LIST_LIMITS.maxLimit,
  /** Far beyond any tenant; keeps offsets inside safe integers and Upvest's int range. */
  maxOffset: 2_000_000_000,
  maxSearchLength: 128,
  /** From this many characters on, `q` also matches by prefix. */
  prefixMatchFrom: 8,
} as const;

export const DEFAULT_QUERY: Readonly<AccountGroupQuery> = {
  sort: UPVEST_LIST_LIMITS.defaultSort,
  order: UPVEST_LIST_LIMITS.defaultOrder,
  offset: 0,
  limit: QUERY_LIMITS.defaultLimit,
  status: [],
  type: [],
  q: null,
};

export class QueryParameterError extends Error {
  constructor(
    readonly parameter: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'QueryParameterError';
  }
}

export type ParseResult = { ok: true; query: AccountGroupQuery } | { ok: false; error: QueryParameterError };

export function parseAccountGroupQuery(params: URLSearchParams, kind: QueryKind): ParseResult {
  try {
    return { ok: true, query: parseOrThrow(params, kind) };
  } catch (error) {
    if (error instanceof QueryParameterError) return { ok: false, error };
    throw error;
  }
}

/** True when the query needs the mirror: Upvest itself cannot filter or search. */
export function needsMirror(query: Pick<AccountGroupQuery, 'status' | 'type' | 'q'>): boolean {
  return query.status.length > 0 || query.type.length > 0 || query.q !== null;
}

/** The query string that represents a query, in a fixed order (used for links, keys and coalescing). */
export function formatAccountGroupQuery(query: Partial<AccountGroupQuery>, kind: QueryKind): URLSearchParams {
  const allowed = PARAMETERS_BY_KIND[kind];
  const out = new URLSearchParams();
  for (const name of allowed) {
    const value = query[name as keyof AccountGroupQuery];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) out.set(name, value.join(','));
    } else {
      out.set(name, String(value));
    }
  }
  return out;
}

function parseOrThrow(params: URLSearchParams, kind: QueryKind): AccountGroupQuery {
  const allowed = PARAMETERS_BY_KIND[kind];
  for (const name of new Set(params.keys())) {
    if (!allowed.includes(name)) {
      throw new QueryParameterError(
        name,
        `Unknown parameter "${printableExcerpt(name)}". Allowed here: ${allowed.join(', ')}.`,
      );
    }
  }
  return {
    sort: parseEnum(params, 'sort', SORT_FIELDS) ?? DEFAULT_QUERY.sort,
    order: parseEnum(params, 'order', SORT_ORDERS) ?? DEFAULT_QUERY.order,
    offset: parseInteger(params, 'offset', 0, QUERY_LIMITS.maxOffset) ?? DEFAULT_QUERY.offset,
    limit: parseInteger(params, 'limit', 1, QUERY_LIMITS.maxLimit) ?? DEFAULT_QUERY.limit,
    status: parseEnumList(params, 'status', ACCOUNT_GROUP_STATUSES),
    type: parseEnumList(params, 'type', ACCOUNT_GROUP_TYPES),
    q: parseSearch(params),
  };
}

function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) throw new QueryParameterError(name, `"${name}" may be given only once.`);
  return values[0];
}

function parseEnum<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const raw = single(params, name);
  if (raw === undefined) return undefined;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new QueryParameterError(name, `"${name}" must be one of ${allowed.join(', ')}; got "${printableExcerpt(raw)}".`);
}

function parseInteger(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = single(params, name);
  if (raw === undefined) return undefined;
  if (!/^\d{1,10}$/.test(raw)) {
    throw new QueryParameterError(name, `"${name}" must be a whole number from ${min} to ${max}; got "${printableExcerpt(raw)}".`);
  }
  const value = Number(raw);
  if (value < min || value > max) {
    throw new QueryParameterError(name, `"${name}" must be from ${min} to ${max}; got ${value}.`);
  }
  return value;
}

function parseEnumList<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T[] {
  const chosen = new Set<string>();
  for (const raw of params.getAll(name)) {
    for (const part of raw.split(',')) {
      const value = part.trim();
      if (value === '') {
        throw new QueryParameterError(name, `"${name}" has an empty value; give one or more of ${allowed.join(', ')}.`);
      }
      if (!(allowed as readonly string[]).includes(value)) {
        throw new QueryParameterError(
          name,
          `"${name}" must be one or more of ${allowed.join(', ')}; got "${printableExcerpt(value)}".`,
        );
      }
      chosen.add(value);
    }
  }
  return allowed.filter((value) => chosen.has(value));
}

function parseSearch(params: URLSearchParams): string | null {
  const raw = single(params, 'q');
  if (raw === undefined) return null;
  const term = raw.trim();
  if (term === '') return null;
  if (term.length > QUERY_LIMITS.maxSearchLength) {
    throw new QueryParameterError('q', `"q" must be at most ${QUERY_LIMITS.maxSearchLength} characters.`);
  }
  // One term: an ID, a securities account number or a user ID never contains spaces or control characters.
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point of this pattern
  if (/[\s\u0000-\u001f\u007f]/.test(term)) {
    throw new QueryParameterError('q', '"q" must be a single search term without spaces or control characters.');
  }
  return term.toLowerCase();
}

/** A short, printable excerpt of user input for error messages (no control characters, bounded length). */
export function printableExcerpt(value: string, max = 40): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}
