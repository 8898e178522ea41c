import { http, HttpResponse } from 'msw';
import { isAccountGroupId } from '../../domain/account-group';
import { CSV_COLUMNS, type AccountGroupList, type ConsoleStatus, type Facets } from '../../domain/console-api';
import { needsMirror, parseAccountGroupQuery, type QueryKind } from '../../domain/list-query';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, type Problem } from '../../domain/problem';
import { createAccountGroupStore, type AccountGroupStore } from './data/account-group-store';
import { generateAccountGroups } from './data/generate-account-groups';

/**
 * msw handlers that play the console server over an in-memory tenant. Tests start from
 * `handlers` (the default tenant) and override single calls with `server.use(...)`.
 */

export const defaultStore = createAccountGroupStore(generateAccountGroups());

let requestCounter = 0;

export function problemResponse(problem: Problem): HttpResponse<string> {
  requestCounter += 1;
  const body: Problem = { request_id: `req-test-${requestCounter}`, ...problem };
  return new HttpResponse(JSON.stringify(body), {
    status: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE },
  });
}

export function sandboxStatus(overrides: Partial<ConsoleStatus> = {}): ConsoleStatus {
  return {
    mode: 'sandbox',
    upstream: { host: '127.0.0.1:4311', base_url: 'http://127.0.0.1:4311' },
    mirror: {
      state: 'ready',
      count: defaultStore.groups.length,
      complete: true,
      progress: null,
      last_sync_at: new Date().toISOString(),
      lag_seconds: 1,
      last_full_sync_at: new Date().toISOString(),
      last_error: null,
      next_sync_in_seconds: 29,
    },
    version: '0.1.0-test',
    ...overrides,
  };
}

export interface HandlerOptions {
  /** `meta.as_of` and facets' `as_of`; now by default. */
  asOf?: () => string;
  /** `meta.complete` and facets' `complete`. */
  complete?: boolean;
  status?: () => ConsoleStatus;
}

function parseOr400(url: URL, kind: QueryKind) {
  const parsed = parseAccountGroupQuery(url.searchParams, kind);
  if (parsed.ok) return { query: parsed.query, problem: null };
  return {
    query: null,
    problem: problemResponse({
      type: PROBLEM_TYPES.invalidParameter,
      title: 'Invalid query parameter',
      status: 400,
      detail: parsed.error.message,
      parameter: parsed.error.parameter,
    }),
  };
}

export function listPage(store: AccountGroupStore, url: URL, options: HandlerOptions = {}): AccountGroupList | null {
  const parsed = parseAccountGroupQuery(url.searchParams, 'list');
  if (!parsed.ok) return null;
  const { data, totalCount } = store.page(parsed.query);
  return {
    meta: {
      offset: parsed.query.offset,
      limit: parsed.query.limit,
      count: data.length,
      total_count: totalCount,
      sort: parsed.query.sort,
      order: parsed.query.order,
      source: needsMirror(parsed.query) ? 'mirror' : 'upstream',
      as_of: options.asOf?.() ?? new Date().toISOString(),
      complete: options.complete ?? true,
    },
    data,
  };
}

/**
 * An override of `GET /api/account-groups/{id}` for group IDs only. The route pattern also matches
 * `/api/account-groups/facets`, which a bare override would answer (and break) as well.
 */
export function groupDetailHandler(answer: (id: string) => Response | Promise<Response>) {
  return http.get('/api/account-groups/:id', ({ params }) => {
    const id = String(params.id);
    return isAccountGroupId(id) ? answer(id) : undefined;
  });
}

export function createHandlers(store: AccountGroupStore = defaultStore, options: HandlerOptions = {}) {
  const asOf = (): string => options.asOf?.() ?? new Date().toISOString();
  return [
    // The console without sign-in (loopback) by default; sign-in tests override these.
    http.get('/api/auth/session', () => HttpResponse.json({ auth: 'none' })),
    http.get('/api/auth/methods', () => HttpResponse.json({ auth: 'none' })),

    http.get('/api/status', () => HttpResponse.json(options.status?.() ?? sandboxStatus())),

    http.get('/api/account-groups/facets', ({ request }) => {
      const { query, problem } = parseOr400(new URL(request.url), 'facets');
      if (problem) return problem;
      const body: Facets = { ...store.facets(query), as_of: asOf(), complete: options.complete ?? true };
      return HttpResponse.json(body);
    }),

    http.get('/api/account-groups/export.csv', ({ request }) => {
      const { query, problem } = parseOr400(new URL(request.url), 'export');
      if (problem) return problem;
      const rows = store.page({ ...query, offset: 0, limit: store.groups.length }).data.map((group) =>
        [group.id, group.securities_account_number, group.type, group.status, '', '', group.created_at, group.updated_at].join(','),
      );
      return new HttpResponse([CSV_COLUMNS.join(','), ...rows].join('\n'), { headers: { 'content-type': 'text/csv' } });
    }),

    http.post('/api/account-groups/refresh', () =>
      HttpResponse.json({ started: true, mirror: (options.status?.() ?? sandboxStatus()).mirror }),
    ),

    http.get('/api/account-groups/:id', ({ params }) => {
      const id = String(params.id);
      const group = store.get(id);
      if (group) return HttpResponse.json(group);
      return problemResponse({
        type: PROBLEM_TYPES.notFound,
        title: 'Account group not found',
        status: 404,
        detail: `No account group with ID ${id}.`,
        upstream_request_id: 'upvest-req-404',
      });
    }),

    http.get('/api/account-groups', ({ request }) => {
      const url = new URL(request.url);
      const { problem } = parseOr400(url, 'list');
      if (problem) return problem;
      return HttpResponse.json(listPage(store, url, options));
    }),
  ];
}

export const handlers = createHandlers();
