import { SORT_FIELDS, SORT_ORDERS, UPVEST_LIST_LIMITS, type SortField, type SortOrder } from '../domain/account-group';
import { SandboxProblem } from './problems';

export interface ListParams {
  readonly sort: SortField;
  readonly order: SortOrder;
  readonly offset: number;
  readonly limit: number;
}

const ALLOWED = ['sort', 'order', 'offset', 'limit'] as const;
/** Offsets are int32 on Upvest's side; anything larger is refused rather than silently clipped. */
const MAX_OFFSET = 2_147_483_647;

/**
 * Upvest's list parameters, strictly: sort created_at|updated_at (default created_at), order
 * ASC|DESC (default ASC), offset ≥ 0 (default 0), limit 1..1000 (default 100). Unknown, repeated,
 * empty or invalid parameters are a 400 naming the parameter. Parsed from the raw query string.
 */
export function parseListParams(rawQuery: string | null): ListParams {
  const params = new URLSearchParams(rawQuery ?? '');
  for (const name of new Set(params.keys())) {
    if (!(ALLOWED as readonly string[]).includes(name)) {
      throw invalid(`Unknown query parameter "${printable(name)}"; allowed: ${ALLOWED.join(', ')}`);
    }
    if (params.getAll(name).length > 1) throw invalid(`Query parameter "${name}" may be given only once`);
  }
  return {
    sort: enumParam(params, 'sort', SORT_FIELDS) ?? UPVEST_LIST_LIMITS.defaultSort,
    order: enumParam(params, 'order', SORT_ORDERS) ?? UPVEST_LIST_LIMITS.defaultOrder,
    offset: integerParam(params, 'offset', 0, MAX_OFFSET) ?? 0,
    limit: integerParam(params, 'limit', 1, UPVEST_LIST_LIMITS.maxLimit) ?? UPVEST_LIST_LIMITS.defaultLimit,
  };
}

function enumParam<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const value = params.get(name);
  if (value === null) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw invalid(`Query parameter "${name}" must be one of ${allowed.join(', ')}; got "${printable(value)}"`);
}

function integerParam(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const value = params.get(name);
  if (value === null) return undefined;
  const number = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max)) {
    throw invalid(`Query parameter "${name}" must be an integer from ${min} to ${max}; got "${printable(value)}"`);
  }
  return number;
}

function invalid(detail: string): SandboxProblem {
  return new SandboxProblem(400, 'invalid-parameter', detail);
}

function printable(value: string): string {
  const clean = value.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
