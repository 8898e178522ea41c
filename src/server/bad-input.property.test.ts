import { METHODS } from 'node:http';
import fc from 'fast-check';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_GROUP_STATUSES, ACCOUNT_GROUP_TYPES } from '../domain/account-group';
import { PROBLEM_TYPES, type Problem } from '../domain/problem';
import { startHarness, type Harness } from './testing/console-harness';
import { judgeQuery, judgeRequest, judgeWithHeaders, QUERY_PATHS, type QueryKind, type RequestVerdict } from './testing/request-oracle';

// Random query strings, paths, methods and headers thrown at the real console over HTTP (keep-alive),
// 10,000 requests in all. Whatever arrives: never a 5xx; anything invalid is a 400, 404 or 405
// problem+json that names what was wrong; and nothing but a valid console call ever reaches Upvest:
// the sandbox counts every call it gets, and that count must stay at zero.

const RUNS = { queries: 4_000, paths: 3_000, headers: 3_000 };

/** Characters a request target may carry as they are (RFC 3986 pchar and query), '#' aside. */
const TARGET_CHARS = Array.from("ABCXYZabcxyz0189-._~!$&'()*+,;=:@/?%");
const KNOWN_METHODS = METHODS.filter((method) => method !== 'CONNECT');
const UNDICI_FORBIDDEN_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'connection', 'expect']);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

describe('bad input never crashes the console and never reaches Upvest', () => {
  let harness: Harness;
  let pool: Pool;
  let sandboxHost: string;
  let someId: string;
  let checked = 0;

  const send = async (method: string, path: string, headers: string[] = []): Promise<Answer> => {
    const response = await pool.request({ method, path, headers });
    const text = await response.body.text();
    checked += 1;
    return { status: response.statusCode, headers: response.headers, text };
  };

  const upstreamCalls = (): number => harness.sandbox.control.calls().counts.total;

  beforeAll(async () => {
    harness = await startHarness({ startMirror: true, env: { MIRROR_SYNC_INTERVAL_SECONDS: '86400' } });
    await harness.console.mirror.whenComplete();
    harness.sandbox.control.resetCalls();
    pool = new Pool(harness.console.url, { connections: 4, pipelining: 1 });
    sandboxHost = new URL(harness.sandbox.url).host;
    someId = harness.sandbox.control.groups()[0]?.id ?? '';
  });
  afterAll(async () => {
    await pool.close();
    await harness.close();
  });

  /** Checks an answer against the verdict; HEAD answers carry no body to read. */
  function expectAnswer(method: string, answer: Answer, verdict: RequestVerdict, context: string): void {
    expect(answer.status, context).toBeLessThan(500);
    if (verdict.outcome === 'upstream') throw new Error(`${context} reaches Upvest by design: the property must skip it`);
    if (verdict.outcome === 'ok') {
      expect(answer.status, context).toBe(200);
      return;
    }
    const expectedStatus = { 'bad-request': 400, unparsable: 400, 'not-found': 404, 'method-not-allowed': 405, 'cross-site': 403, proxied: 403 }[
      verdict.outcome
    ];
    expect(answer.status, `${context}\n${answer.text}`).toBe(expectedStatus);
    expect(String(answer.headers['content-type']), context).toMatch(/^application\/problem\+json/);
    if (verdict.outcome === 'method-not-allowed') expect(answer.headers.allow, context).toBe(verdict.allow);
    if (method === 'HEAD') return;
    const problem = JSON.parse(answer.text) as Problem;
    expect(problem.status, context).toBe(expectedStatus);
    expect(problem.detail, context).toEqual(expect.any(String));
    expect(problem.request_id, context).toMatch(/^[0-9a-f-]{36}$/);
    switch (verdict.outcome) {
      case 'bad-request':
        // One wrong parameter is named; a request that is wrong as a whole (target, encoding) is a plain bad request.
        if (verdict.parameter === undefined && verdict.culprits === undefined) {
          expect(problem.type, context).toBe(PROBLEM_TYPES.badRequest);
          break;
        }
        expect(problem.type, context).toBe(PROBLEM_TYPES.invalidParameter);
        if (verdict.parameter !== undefined) expect(problem.parameter, context).toBe(verdict.parameter);
        if (verdict.culprits !== undefined) expect([...verdict.culprits], context).toContain(problem.parameter);
        break;
      case 'not-found':
        expect(problem.type, context).toBe(PROBLEM_TYPES.notFound);
        expect(problem.detail, context).toContain(method);
        break;
      case 'method-not-allowed':
        expect(problem.type, context).toBe(PROBLEM_TYPES.methodNotAllowed);
        expect(problem.detail, context).toContain(method);
        break;
      case 'unparsable':
        expect(problem.type, context).toBe(PROBLEM_TYPES.badRequest);
        break;
      case 'cross-site':
        expect(problem.type, context).toBe('/problems/cross-site-request');
        break;
      case 'proxied':
        expect(problem.type, context).toBe(PROBLEM_TYPES.forbidden);
        expect(problem.title, context).toBe('This console serves this machine only');
        break;
    }
  }

  const anyText = (maxLength: number): fc.Arbitrary<string> => fc.string({ unit: 'binary', maxLength });
  const targetText = (maxLength: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...TARGET_CHARS), maxLength });
  const enumList = (values: readonly string[]): fc.Arbitrary<string> =>
    fc
      .array(fc.oneof(fc.constantFrom(...values), fc.constantFrom('', ' ', 'active', 'ACTIVE ', 'UNKNOWN', values[0]?.toLowerCase() ?? '')), {
        minLength: 1,
        maxLength: 4,
      })
      .map((parts) => parts.join(','));
  const parameterName = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('sort', 'order', 'offset', 'limit', 'status', 'type', 'q') },
    { weight: 1, arbitrary: fc.constantFrom('page', 'Sort', 'LIMIT', 'status[]', 'q ', '', 'user_id', 'fields', '__proto__', 'constructor') },
    { weight: 1, arbitrary: anyText(12) },
  );
  const parameterValue = fc.oneof(
    fc.constantFrom('created_at', 'updated_at', 'ASC', 'DESC', 'asc', 'name', '0', '1', '999', '1000', '1001', '2000000000', '2000000001'),
    fc.constantFrom('-1', '1.5', '1e3', '0x10', ' 5', '05', '99999999999', 'NaN', 'Infinity', '', ' '),
    enumList(ACCOUNT_GROUP_STATUSES),
    enumList(ACCOUNT_GROUP_TYPES),
    fc.constantFrom('000000000', 'two words', 'tab\there', 'new\nline', 'é', '0b9a6f2e', 'x'.repeat(128), 'x'.repeat(129)),
    fc.integer({ min: -5, max: 3000 }).map(String),
    anyText(40),
  );
  /** Mostly well-encoded pairs; some raw target characters, with stray '%', '&', '=' and '+'. */
  const queryString = fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.tuple(parameterName, parameterValue), { maxLength: 5 }).map(encodePairs) },
    { weight: 1, arbitrary: targetText(40) },
  );

  it(`answers ${RUNS.queries} random query strings on the list, facets and export calls correctly`, async () => {
    const kind = fc.constantFrom<QueryKind>('list', 'facets', 'export');
    await fc.assert(
      fc.asyncProperty(kind, queryString, fc.constantFrom('GET', 'GET', 'GET', 'HEAD'), async (which, query, method) => {
        const verdict = judgeQuery(which, query);
        fc.pre(!(verdict.valid && verdict.passThrough));
        const target = `${QUERY_PATHS[which]}?${query}`;
        const answer = await send(method, target);
        const expected: RequestVerdict = verdict.valid ? { outcome: 'ok', route: which } : { outcome: 'bad-request', culprits: verdict.culprits };
        expectAnswer(method, answer, expected, `${method} ${target}`);
        if (verdict.valid && method === 'GET') {
          if (which === 'export') expect(answer.text.startsWith('id,securities_account_number,')).toBe(true);
          else expect(JSON.parse(answer.text)).toEqual(expect.any(Object));
        }
        expect(upstreamCalls()).toBe(0);
      }),
      { numRuns: RUNS.queries },
    );
  });

  it(`answers ${RUNS.paths} random paths and methods correctly, and sends none of them to Upvest`, async () => {
    const segment = fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom('api', 'account-groups', 'facets', 'export.csv', 'refresh', 'status', 'health', 'ready') },
      {
        weight: 3,
        arbitrary: fc.constantFrom('account_groups', 'auth', 'token', 'users', 'control', 'faults', '..', '.', '%2e%2e', '%2E%2e', '%2f', '..%2f', '%252e%252e', '', '%', '%zz', 'a%2Fb', '%61ccount-groups'),
      },
      { weight: 1, arbitrary: fc.constantFrom(someId, someId.toUpperCase(), `${someId}x`, someId.slice(0, 35), 'x'.repeat(201)) },
      { weight: 2, arbitrary: targetText(12).map((text) => text.replaceAll('?', '')) },
      { weight: 1, arbitrary: anyText(6).map(encodeURIComponent) },
    );
    const prefix = fc.oneof(
      { weight: 12, arbitrary: fc.constant('/') },
      { weight: 1, arbitrary: fc.constantFrom('//', '/api/', '/./', '/../') },
      { weight: 1, arbitrary: fc.constantFrom('http://127.0.0.1:1/', `http://${sandboxHost}/`, 'https://sandbox.upvest.co/', 'http://[::1]/') },
    );
    const method = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS') },
      { weight: 2, arbitrary: fc.constantFrom(...KNOWN_METHODS) },
      { weight: 1, arbitrary: fc.constantFrom('FOO', 'GETS', 'Get', 'BREW', 'M-POST') },
    );
    const target = fc
      .tuple(prefix, fc.array(segment, { maxLength: 5 }), fc.option(queryString, { nil: undefined }))
      .map(([start, parts, query]) => `${start}${parts.join('/')}${query === undefined ? '' : `?${query}`}`);

    await fc.assert(
      fc.asyncProperty(method, target, async (verb, path) => {
        const verdict = judgeRequest(verb, path, METHODS);
        fc.pre(verdict.outcome !== 'upstream');
        const answer = await send(verb, path);
        expectAnswer(verb, answer, verdict, `${verb} ${path}`);
        expect(upstreamCalls()).toBe(0);
      }),
      { numRuns: RUNS.paths },
    );
  });

  it(`ignores ${RUNS.headers} sets of random headers: the same answer, nothing sent to Upvest`, async () => {
    const cases: [string, string, RequestVerdict][] = [
      ['GET', '/api/account-groups?status=LOCKED&limit=5', { outcome: 'ok', route: 'list' }],
      ['HEAD', '/api/account-groups?type=ISA', { outcome: 'ok', route: 'list' }],
      ['GET', '/api/account-groups/facets?q=abc', { outcome: 'ok', route: 'facets' }],
      ['GET', '/api/account-groups/export.csv?type=CHILD', { outcome: 'ok', route: 'export' }],
      ['GET', '/api/status', { outcome: 'ok', route: 'status' }],
      ['GET', '/api/health', { outcome: 'ok', route: 'health' }],
      ['GET', '/api/account-groups?limit=0', { outcome: 'bad-request', parameter: 'limit' }],
      ['GET', '/api/account-groups/not-a-group', { outcome: 'bad-request', parameter: 'id' }],
      ['GET', '/api/account-groups/0b9a6f2e-4c1d-4e8a-9f3b-7d5c2a1e6b90?fields=all', { outcome: 'bad-request', parameter: 'fields' }],
      ['GET', '/api/nothing-here', { outcome: 'not-found' }],
      ['DELETE', '/api/status', { outcome: 'method-not-allowed', allow: 'GET, HEAD' }],
      ['POST', '/api/account-groups', { outcome: 'method-not-allowed', allow: 'GET, HEAD' }],
    ];
    const headerName = fc
      .oneof(
        fc.constantFrom(
          'accept',
          'accept-encoding',
          'accept-language',
          'authorization',
          'cookie',
          'origin',
          'referer',
          'user-agent',
          'x-forwarded-for',
          'x-forwarded-host',
          'x-forwarded-proto',
          'forwarded',
          'x-real-ip',
          'x-http-method-override',
          'x-request-id',
          'content-type',
          'if-none-match',
          'range',
          'cache-control',
          'upvest-client-id',
          'signature',
          'signature-input',
          'sec-fetch-site',
          'traceparent',
        ),
        fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,30}$/),
      )
      .filter((name) => !UNDICI_FORBIDDEN_HEADERS.has(name.toLowerCase()));
    const headerValue = fc.oneof(
      fc.constantFrom('*/*', 'text/html', 'application/json', 'http://evil.example', 'null', '127.0.0.2', 'DELETE', 'cross-site', 'bytes=0-1'),
      fc.string({ unit: fc.constantFrom(...Array.from(' \t!"#$%&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~')), maxLength: 1_000 }),
    );
    const headers = fc.array(fc.tuple(headerName, headerValue), { maxLength: 10 });

    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...cases), headers, async ([verb, path, verdict], extra) => {
        const answer = await send(verb, path, extra.flat());
        expectAnswer(verb, answer, judgeWithHeaders(verdict, extra), `${verb} ${path} ${JSON.stringify(extra).slice(0, 300)}`);
        expect(upstreamCalls()).toBe(0);
      }),
      { numRuns: RUNS.headers },
    );
  });

  it('sent at least 10,000 requests in all, and Upvest saw none of them', async () => {
    expect(checked).toBeGreaterThanOrEqual(RUNS.queries + RUNS.paths + RUNS.headers);
    // Calls are logged when their connection closes: give a straggler the chance to show up.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(harness.sandbox.control.calls().counts.total).toBe(0);
    // And the console is still fine.
    const health = await send('GET', '/api/health');
    expect(health.status).toBe(200);
  });
});

function encodePairs(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
}
