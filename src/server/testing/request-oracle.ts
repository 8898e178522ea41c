import {
  ACCOUNT_GROUP_STATUSES,
  ACCOUNT_GROUP_TYPES,
  isAccountGroupId,
  SORT_FIELDS,
  SORT_ORDERS,
} from '../../domain/account-group';

/**
 * What the console API must answer to a request, worked out from DESIGN.md's rules directly (not with
 * the server's parser), for the property tests that throw random requests at the real server.
 */

export type QueryKind = 'list' | 'facets' | 'export';

export const QUERY_PATHS: Readonly<Record<QueryKind, string>> = {
  list: '/api/account-groups',
  facets: '/api/account-groups/facets',
  export: '/api/account-groups/export.csv',
};

const ALLOWED: Readonly<Record<QueryKind, readonly string[]>> = {
  list: ['sort', 'order', 'offset', 'limit', 'status', 'type', 'q'],
  facets: ['status', 'type', 'q'],
  export: ['sort', 'order', 'status', 'type', 'q'],
};
const SINGLE = ['sort', 'order', 'offset', 'limit', 'q'];

export type QueryVerdict =
  /** Valid; `passThrough` when it goes to Upvest live (no filter, list only). */
  | { valid: true; passThrough: boolean }
  /** Invalid; the parameters the problem may name (the server names the first it meets). */
  | { valid: false; culprits: Set<string> };

export function judgeQuery(kind: QueryKind, rawQuery: string): QueryVerdict {
  const params = new URLSearchParams(rawQuery);
  const culprits = new Set<string>();
  const names = new Set(params.keys());
  for (const name of names) {
    if (!ALLOWED[kind].includes(name)) culprits.add(name);
  }
  for (const name of SINGLE) {
    if (names.has(name) && ALLOWED[kind].includes(name) && params.getAll(name).length > 1) culprits.add(name);
  }
  const one = (name: string): string | undefined => (ALLOWED[kind].includes(name) ? params.getAll(name)[0] : undefined);

  const sort = one('sort');
  if (sort !== undefined && !(SORT_FIELDS as readonly string[]).includes(sort)) culprits.add('sort');
  const order = one('order');
  if (order !== undefined && !(SORT_ORDERS as readonly string[]).includes(order)) culprits.add('order');
  const offset = one('offset');
  if (offset !== undefined && !(/^[0-9]{1,10}$/.test(offset) && Number(offset) <= 2_000_000_000)) culprits.add('offset');
  const limit = one('limit');
  if (limit !== undefined && !(/^[0-9]{1,10}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= 1000)) culprits.add('limit');

  let filtered = false;
  for (const [name, allowed] of [
    ['status', ACCOUNT_GROUP_STATUSES],
    ['type', ACCOUNT_GROUP_TYPES],
  ] as const) {
    for (const raw of params.getAll(name)) {
      for (const part of raw.split(',')) {
        const value = part.trim();
        if (value === '' || !(allowed as readonly string[]).includes(value)) culprits.add(name);
        else filtered = true;
      }
    }
  }

  const q = one('q');
  if (q !== undefined) {
    const term = q.trim();
    // eslint-disable-next-line no-control-regex -- control characters are what this rule is about
    if (term.length > 128 || /[\s\u0000-\u001f\u007f]/.test(term)) culprits.add('q');
    else if (term !== '') filtered = true;
  }

  if (culprits.size > 0) return { valid: false, culprits };
  return { valid: true, passThrough: kind === 'list' && !filtered };
}

/** The console API's routes and their methods (DESIGN.md); HEAD comes with every GET. */
export const API_ROUTES: readonly { segments: readonly string[]; allow: string }[] = [
  { segments: ['api', 'account-groups'], allow: 'GET, HEAD' },
  { segments: ['api', 'account-groups', 'facets'], allow: 'GET, HEAD' },
  { segments: ['api', 'account-groups', 'export.csv'], allow: 'GET, HEAD' },
  { segments: ['api', 'account-groups', 'refresh'], allow: 'POST' },
  { segments: ['api', 'account-groups', ':id'], allow: 'GET, HEAD' },
  { segments: ['api', 'status'], allow: 'GET, HEAD' },
  { segments: ['api', 'health'], allow: 'GET, HEAD' },
  { segments: ['api', 'ready'], allow: 'GET, HEAD' },
];


export type RequestVerdict =
  /** Reaches Upvest by design (a valid pass-through list, a group by ID, refresh, readiness). */
  | { outcome: 'upstream' }
  | { outcome: 'ok'; route: string }
  | { outcome: 'bad-request'; parameter?: string; culprits?: Set<string> }
  | { outcome: 'not-found' }
  | { outcome: 'method-not-allowed'; allow: string }
  /** Node's HTTP parser refuses it before any route. */
  | { outcome: 'unparsable' }
  /** A browser said another site started it (Sec-Fetch-Site): refused before the route runs. */
  | { outcome: 'cross-site' }
  /** A proxy forwarded it (X-Forwarded-*, Forwarded, X-Real-IP) to a console without sign-in: refused (403). */
  | { outcome: 'proxied' };

/** Headers only a proxy adds: without sign-in the console serves this machine only and refuses them. */
const FORWARDING_HEADERS = new Set(['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip']);

/**
 * The verdict once a request's headers are taken into account, for a console without sign-in (the
 * harness's default): an API request that a browser marks as started by another site is refused
 * (auth/cross-site.ts) after the method check and before anything else; then one a proxy forwarded is
 * refused (auth/forwarding-headers.ts). Repeated headers reach the console joined by ", ", as Node joins them.
 */
export function judgeWithHeaders(verdict: RequestVerdict, headers: readonly (readonly [string, string])[]): RequestVerdict {
  if (verdict.outcome === 'method-not-allowed' || verdict.outcome === 'unparsable') return verdict;
  const fetchSite = headers.filter(([name]) => name.toLowerCase() === 'sec-fetch-site').map(([, value]) => value.trim());
  const site = fetchSite.join(', ').toLowerCase();
  if (fetchSite.length > 0 && site !== 'same-origin' && site !== 'none') return { outcome: 'cross-site' };
  if (headers.some(([name]) => FORWARDING_HEADERS.has(name.toLowerCase()))) return { outcome: 'proxied' };
  return verdict;
}

/** Methods Node's HTTP parser knows, as it spells them. */
export function judgeRequest(method: string, target: string, knownMethods: readonly string[]): RequestVerdict {
  if (!knownMethods.includes(method)) return { outcome: 'unparsable' };
  if (!target.startsWith('/')) return { outcome: 'bad-request' };
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  const rawQuery = queryAt === -1 ? '' : target.slice(queryAt + 1);
  let segments: string[];
  try {
    decodeURIComponent(path);
    segments = path.split('/').slice(1).map((segment) => decodeURIComponent(segment));
  } catch {
    return { outcome: 'bad-request' };
  }

  const route = matchRoute(segments);
  if (route === null) return { outcome: 'not-found' };
  const allowed = route.allow.split(', ');
  const id = route.segments[2] === ':id' ? (segments[2] ?? '') : null;
  if (!allowed.includes(method)) return { outcome: 'method-not-allowed', allow: route.allow };
  if (id !== null) {
    if (id.length > 200) return { outcome: 'bad-request' };
    if (!isAccountGroupId(id)) return { outcome: 'bad-request', parameter: 'id' };
    const [first] = new URLSearchParams(rawQuery).keys();
    return first === undefined ? { outcome: 'upstream' } : { outcome: 'bad-request', parameter: first };
  }
  const name = route.segments.join('/');
  if (name === 'api/account-groups/refresh' || name === 'api/ready') return { outcome: 'upstream' };
  const kind = (Object.keys(QUERY_PATHS) as QueryKind[]).find((candidate) => QUERY_PATHS[candidate] === `/${name}`);
  if (kind !== undefined) {
    const verdict = judgeQuery(kind, rawQuery);
    if (!verdict.valid) return { outcome: 'bad-request', culprits: verdict.culprits };
    if (verdict.passThrough) return { outcome: 'upstream' };
  }
  return { outcome: 'ok', route: name };
}

function matchRoute(segments: readonly string[]): (typeof API_ROUTES)[number] | null {
  const candidates = API_ROUTES.filter(
    (route) =>
      route.segments.length === segments.length &&
      // A parameter matches any segment, the empty one included (`/api/account-groups/` asks for the group "").
      route.segments.every((part, index) => part.startsWith(':') || part === segments[index]),
  );
  // A static route wins over the parametric one.
  return candidates.find((route) => !route.segments.some((part) => part.startsWith(':'))) ?? candidates[0] ?? null;
}
