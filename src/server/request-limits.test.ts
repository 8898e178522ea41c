import { rmSync } from 'node:fs';
import { Pool } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_TYPES, type Problem } from '../domain/problem';
import { REQUEST_LIMITS } from './app';
import { writeBuiltSpa } from './testing/built-spa';
import { startHarness, type Harness } from './testing/console-harness';
import { expectProblem } from './testing/expectations';
import { sendRaw, type RawAnswer } from './testing/raw-http';

// What Node's HTTP parser and Fastify refuse before any route runs, checked byte for byte over a raw
// socket: sizes, malformed requests, proxy-style targets. Every refusal is a problem+json, and none of
// these requests ever reaches Upvest.

function expectRawProblem(answer: RawAnswer, status: number, type: string): Problem {
  expect(answer.status, answer.body).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(answer.body) as Problem;
  expect(problem).toMatchObject({ status, type });
  expect(problem.detail).toEqual(expect.any(String));
  expect(problem.request_id).toBe(answer.headers['x-request-id']);
  return problem;
}

describe('request limits and malformed requests', () => {
  let harness: Harness;
  let url: string;
  let groupId: string;

  beforeAll(async () => {
    harness = await startHarness({ startMirror: true, env: { MIRROR_SYNC_INTERVAL_SECONDS: '86400' } });
    await harness.console.mirror.whenComplete();
    url = harness.console.url;
    groupId = harness.sandbox.control.groups()[0]?.id ?? '';
    harness.sandbox.control.resetCalls();
  });
  afterAll(() => harness.close());
  afterEach(async () => {
    // Upvest saw none of it, and the console still answers.
    expect(harness.sandbox.control.calls().counts.total).toBe(0);
    expect((await harness.api('/api/health')).status).toBe(200);
    harness.sandbox.control.resetCalls();
  });

  it('answers headers over the limit with a 431 problem, from one huge header or many small ones', async () => {
    const huge = await sendRaw(url, `GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(REQUEST_LIMITS.headerBytes + 10)}\r\n\r\n`);
    expectRawProblem(huge, 431, PROBLEM_TYPES.payloadTooLarge);
    const many = Array.from({ length: 200 }, (_, index) => `X-H${index}: ${'b'.repeat(100)}\r\n`).join('');
    expectRawProblem(await sendRaw(url, `GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n${many}\r\n`), 431, PROBLEM_TYPES.payloadTooLarge);
    // Just under the limit is fine.
    const fits = await sendRaw(url, `GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(REQUEST_LIMITS.headerBytes - 200)}\r\n\r\n`);
    expect(fits.status).toBe(200);
  });

  it('answers a request target over the header limit with a 431 problem, even for a valid group ID', async () => {
    const target = `/api/account-groups/${groupId}?q=${'x'.repeat(REQUEST_LIMITS.headerBytes)}`;
    expectRawProblem(await sendRaw(url, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`), 431, PROBLEM_TYPES.payloadTooLarge);
  });

  it('answers a body over the limit with a 413 problem and does not run the call', async () => {
    const body = JSON.stringify({ pad: 'x'.repeat(REQUEST_LIMITS.bodyBytes) });
    const declared = await harness.api('/api/account-groups/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expectProblem(declared, { status: 413, type: PROBLEM_TYPES.payloadTooLarge });
    // Chunked, so that the size is known only while reading.
    const chunk = 'x'.repeat(4096);
    const chunks = Array.from({ length: 6 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
    const streamed = await sendRaw(
      url,
      `POST /api/account-groups/refresh HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}0\r\n\r\n`,
    );
    expectRawProblem(streamed, 413, PROBLEM_TYPES.payloadTooLarge);
  });

  it('refuses an unreadable or unsupported body without running the call', async () => {
    const invalidJson = await harness.api('/api/account-groups/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"half": ',
    });
    expectProblem(invalidJson, { status: 400, type: PROBLEM_TYPES.badRequest });
    const unsupported = await harness.api('/api/account-groups/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/x-evil' },
      body: 'abc',
    });
    expectProblem(unsupported, { status: 415 });
  });

  it.each([
    ['an unknown method', 'BREW /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
    ['a lower-case method', 'get /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
    ['Content-Length and Transfer-Encoding together (request smuggling)', 'POST /api/account-groups/refresh HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['a control character in a header', 'GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: b\u0001c\r\n\r\n'],
    ['a space in the target', 'GET /api/account-groups/a b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
  ])('answers %s with a 400 problem', async (_name, request) => {
    expectRawProblem(await sendRaw(url, request), 400, PROBLEM_TYPES.badRequest);
  });

  it('requires a Host header, and says so', async () => {
    const problem = expectRawProblem(await sendRaw(url, 'GET /api/status HTTP/1.1\r\n\r\n'), 400, PROBLEM_TYPES.badRequest);
    expect(problem.detail).toMatch(/Host/);
  });

  it.each([
    ['Upvest’s own list, absolute', () => `GET ${harness.sandbox.url}/account_groups HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`],
    ['Upvest’s token endpoint, absolute', () => `POST ${harness.sandbox.url}/auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n`],
    ['a console call, absolute', () => `GET http://${new URL(url).host}/api/account-groups/${groupId} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`],
    ['the asterisk form', () => 'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
  ])('refuses %s: the console is not a proxy', async (_name, request) => {
    const problem = expectRawProblem(await sendRaw(url, request()), 400, PROBLEM_TYPES.badRequest);
    expect(problem.detail).toMatch(/not a proxy/);
  });

  it('refuses CONNECT with a 405 problem', async () => {
    const answer = await sendRaw(url, `CONNECT ${new URL(harness.sandbox.url).host} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expectRawProblem(answer, 405, PROBLEM_TYPES.methodNotAllowed);
  });

  it.each([
    ['/api/account-groups/..%2F..%2Faccount_groups', 400, PROBLEM_TYPES.invalidParameter],
    ['/api/account-groups/%2e%2e', 400, PROBLEM_TYPES.invalidParameter],
    ['/api/%2e%2e/account_groups', 404, PROBLEM_TYPES.notFound],
    ['/api/account-groups/../../account_groups', 404, PROBLEM_TYPES.notFound],
    ['/account_groups', 404, PROBLEM_TYPES.notFound],
    ['/auth/token', 404, PROBLEM_TYPES.notFound],
    ['/users/0b9a6f2e-5c1d-4e8f-9a2b-3c4d5e6f7a8b/account_groups', 404, PROBLEM_TYPES.notFound],
    ['/api/account-groups/%zz', 400, PROBLEM_TYPES.badRequest],
  ])('keeps %s away from Upvest (%i)', async (path, status, type) => {
    expectRawProblem(await sendRaw(url, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`), status, type);
  });

  it('answers a known path with another method with 405 and Allow, whatever the method', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'QUERY']) {
      const answer = await sendRaw(url, `${method} /api/account-groups/${groupId} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n`);
      expectRawProblem(answer, 405, PROBLEM_TYPES.methodNotAllowed);
      expect(answer.headers.allow).toBe('GET, HEAD');
    }
    const refresh = await sendRaw(url, 'GET /api/account-groups/refresh HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expectRawProblem(refresh, 405, PROBLEM_TYPES.methodNotAllowed);
    expect(refresh.headers.allow).toBe('POST');
  });
});

describe('per-client rate limit on /api', () => {
  let harness: Harness;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = writeBuiltSpa();
    harness = await startHarness({ startMirror: true, env: { API_RATE_LIMIT_PER_MINUTE: '5', STATIC_DIR: staticDir } });
    await harness.console.mirror.whenComplete();
    harness.sandbox.control.resetCalls();
  });
  afterAll(async () => {
    await harness.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('answers 429 problems with Retry-After once a client spends its budget, keyed by address, never reaching Upvest', async () => {
    const local = new Pool(harness.console.url, { connections: 1 });
    const other = new Pool(harness.console.url, { connections: 1, localAddress: '127.0.0.2' });
    try {
      const get = async (pool: Pool, path: string, headers: Record<string, string> = {}, method = 'GET') => {
        const response = await pool.request({ method, path, headers });
        const text = await response.body.text();
        return { status: response.statusCode, headers: response.headers, text };
      };

      for (let index = 0; index < 5; index++) {
        expect((await get(local, `/api/account-groups?status=LOCKED&offset=${index}`)).status).toBe(200);
      }
      const limited = await get(local, '/api/account-groups?status=ACTIVE');
      expect(limited.status).toBe(429);
      expect(String(limited.headers['content-type'])).toMatch(/^application\/problem\+json/);
      const problem = JSON.parse(limited.text) as Problem;
      expect(problem).toMatchObject({ type: PROBLEM_TYPES.rateLimited, status: 429 });
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(problem.retry_after_seconds).toBe(retryAfter);
      expect(problem.request_id).toBe(limited.headers['x-request-id']);
      expect(limited.headers['x-content-type-options']).toBe('nosniff');
      expect(String(limited.headers['content-security-policy'])).toContain("frame-ancestors 'none'");

      // Everything under /api counts, unknown paths, wrong methods and calls that would go to Upvest included.
      expect((await get(local, '/api/no-such-thing')).status).toBe(429);
      expect((await get(local, '/api/status', {}, 'DELETE')).status).toBe(429);
      expect((await get(local, '/api/account-groups?limit=3')).status).toBe(429);
      expect((await get(local, `/api/account-groups/${harness.sandbox.control.groups()[0]?.id ?? ''}`)).status).toBe(429);
      expect(harness.sandbox.control.calls().counts.total).toBe(0);
      // Percent-encoded and upper-case spellings of API paths are the same API to the budget.
      expect((await get(local, '/%61pi/account-groups?status=ACTIVE')).status).toBe(429);
      expect((await get(local, '/API/status')).status).toBe(429);
      // A made-up X-Forwarded-For buys no fresh budget.
      expect((await get(local, '/api/status', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(429);

      // Probes and the SPA's files are not limited.
      expect((await get(local, '/api/health')).status).toBe(200);
      expect((await get(local, '/api/ready')).status).toBe(200);
      expect((await get(local, '/')).status).toBe(200);
      expect((await get(local, '/assets/app.js')).status).toBe(200);
      expect((await get(local, '/account-groups/some-deep-link', { accept: 'text/html' })).status).toBe(200);

      // Another client address has its own budget, and encoded spellings spend it like plain ones.
      for (let index = 0; index < 5; index++) {
        expect((await get(other, `/%61pi/account-groups?status=LOCKED&offset=${index}`)).status).toBe(200);
      }
      expect((await get(other, '/api/account-groups?status=LOCKED')).status).toBe(429);
    } finally {
      await local.close();
      await other.close();
    }
  });
});
