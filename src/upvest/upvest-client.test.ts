import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import vectors from './fixtures/upvest-vectors.json';
import { loadSigningKey } from './private-key';
import {
  problemResponse,
  startScriptedUpvestServer,
  tokenResponse,
  type Handler,
  type RecordedRequest,
  type ScriptedResponse,
  type ScriptedUpvestServer,
} from './testing/scripted-upvest-server';
import { verifyReceivedSignature } from './testing/verify-received-signature';
import { UpvestClient, type UpvestClientConfig, type UpvestLogger } from './upvest-client';
import { UpvestError } from './upvest-error';

const CLIENT_ID = '3f2b6a1c-9d4e-4f7a-8b21-6c0e5d9a7b13';
const CLIENT_SECRET = 'client-secret-under-test';
const START = Date.UTC(2026, 10, 26, 12, 0, 0);

const keyPair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const key = loadSigningKey({
  keyId: 'key-under-test',
  pem: keyPair.privateKey.export({ type: 'sec1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString(),
  passphrase: 'pw',
});

const GROUP = {
  id: '0b9a6f2e-4c1d-4e8a-9f3b-7d5c2a1e6b90',
  created_at: '2026-01-02T03:04:05Z',
  updated_at: '2026-01-03T03:04:05Z',
  users: [{ id: 'b5e9a3c1-0000-4000-8000-000000000001', type: 'OWNER' }],
  status: 'ACTIVE',
  type: 'PERSONAL',
  securities_account_number: '123456789',
  a_field_from_a_newer_version: true,
};
const PAGE = { meta: { offset: 0, limit: 100, count: 1, total_count: 1 }, data: [GROUP] };

const isToken = (request: RecordedRequest): boolean => request.path.endsWith('/auth/token');
const apiRequests = (server: ScriptedUpvestServer): RecordedRequest[] => server.requests.filter((r) => !isToken(r));
const tokenRequests = (server: ScriptedUpvestServer): RecordedRequest[] => server.requests.filter(isToken);

/** Token requests get `token-<n>`; API requests the handler's answer. */
function upvest(api: (request: RecordedRequest) => ScriptedResponse, expiresIn = 1800): Handler {
  let issued = 0;
  return (request) => {
    if (!isToken(request)) return api(request);
    issued += 1;
    return tokenResponse(`token-${issued}`, expiresIn);
  };
}

/** Answers `statuses` in turn to API requests, then 200 with PAGE. */
function sequence(...responses: ScriptedResponse[]): (request: RecordedRequest) => ScriptedResponse {
  let index = 0;
  return () => responses[index++] ?? { status: 200, body: PAGE };
}

interface LogEntry {
  level: string;
  obj: object;
  msg: string | undefined;
}

let server: ScriptedUpvestServer;
let client: UpvestClient;
let clock: number;
let delays: number[];
let logs: LogEntry[];

function makeClient(overrides: Partial<UpvestClientConfig> = {}): UpvestClient {
  const logger: UpvestLogger = {
    debug: (obj, msg) => logs.push({ level: 'debug', obj, msg }),
    info: (obj, msg) => logs.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => logs.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => logs.push({ level: 'error', obj, msg }),
  };
  client = new UpvestClient({
    baseUrl: server.baseUrl,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    key,
    now: () => clock,
    random: () => 0.5,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
    logger,
    ...overrides,
  });
  return client;
}

async function rejection(promise: Promise<unknown>): Promise<UpvestError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UpvestError);
    return error as UpvestError;
  }
  throw new Error('expected the call to fail');
}

beforeEach(async () => {
  clock = START;
  delays = [];
  logs = [];
  server = await startScriptedUpvestServer(upvest(() => ({ status: 200, body: PAGE })));
});

afterEach(async () => {
  await client.close();
  await server.close();
});

describe('UpvestClient requests', () => {
  it('lists account groups with the documented headers, a signature and the parsed page', async () => {
    server.setHandler(upvest(() => ({ status: 200, body: PAGE, headers: { 'upvest-request-id': 'list-request-id' } })));
    const result = await makeClient().listAccountGroups({ sort: 'updated_at', order: 'DESC', offset: 0, limit: 50 });

    expect(result).toEqual({ data: PAGE, status: 200, requestId: 'list-request-id', receivedAt: new Date(START) });
    const [request] = apiRequests(server);
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe('/account_groups?sort=updated_at&order=DESC&offset=0&limit=50');
    expect(request?.headers).toMatchObject({
      accept: 'application/json',
      authorization: 'Bearer token-1',
      'upvest-api-version': '1',
      'upvest-client-id': CLIENT_ID,
      'upvest-signature-version': '15',
    });
    expect(request?.headers['content-digest']).toBeUndefined();
    if (request === undefined) throw new Error('no API request');
    const signature = verifyReceivedSignature(request, keyPair.publicKey);
    expect(signature.valid).toBe(true);
    expect(signature.components).toEqual([
      '@method', '@path', '@query', 'accept', 'authorization', 'upvest-api-version', 'upvest-client-id',
    ]);
    expect(signature.params).toMatchObject({ keyid: 'key-under-test', created: '1795694400', expires: '1795694430' });
  });

  it('fetches the token with a signed client-credentials POST and no authorization header', async () => {
    await makeClient({ scopes: ['accounts:read', 'users:read'] }).checkAccess();

    const [request] = tokenRequests(server);
    if (request === undefined) throw new Error('no token request');
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/auth/token');
    expect(Object.fromEntries(new URLSearchParams(request.body.toString()))).toEqual({
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      grant_type: 'client_credentials',
      scope: 'accounts:read users:read',
    });
    expect(request.headers).toMatchObject({
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      'upvest-api-version': '1',
      'upvest-client-id': CLIENT_ID,
      'content-length': String(request.body.length),
    });
    expect(request.headers.authorization).toBeUndefined();
    const signature = verifyReceivedSignature(request, keyPair.publicKey);
    expect(signature.valid).toBe(true);
    expect(signature.components).toEqual([
      '@method', '@path', 'accept', 'content-type', 'upvest-api-version', 'upvest-client-id', 'content-length', 'content-digest',
    ]);
  });

  it('sends exactly the path and query it signed, ids percent-encoded, under a base URL path prefix', async () => {
    server.setHandler(upvest((request) => (request.path.startsWith('/prefix/account_groups/') ? { status: 200, body: GROUP } : { status: 200, body: PAGE })));
    const prefixed = makeClient({ baseUrl: `${server.baseUrl}/prefix/` });
    const awkwardId = 'a b/ü?&#%2F';
    await prefixed.getAccountGroup(awkwardId);
    await prefixed.listUserAccountGroups('user/1', { limit: 1000, offset: 2000 });
    await prefixed.listAccountGroups({});

    const received = apiRequests(server).map((request) => {
      const signature = verifyReceivedSignature(request, keyPair.publicKey);
      expect(signature.valid).toBe(true);
      return `${signature.receivedPath}${signature.receivedQuery}`;
    });
    expect(received).toEqual([
      `/prefix/account_groups/${encodeURIComponent(awkwardId)}`,
      '/prefix/users/user%2F1/account_groups?offset=2000&limit=1000',
      '/prefix/account_groups',
    ]);
    expect(verifyReceivedSignature(apiRequests(server)[2] as RecordedRequest, keyPair.publicKey).components).not.toContain('@query');
  });

  it('keeps fields and enum values it does not know', async () => {
    const future = { ...GROUP, status: 'SUSPENDED', users: [{ id: 'u', type: 'TRUSTEE' }] };
    server.setHandler(upvest(() => ({ status: 200, body: future })));
    const { data } = await makeClient().getAccountGroup(GROUP.id);
    expect(data).toEqual(future);
  });

  it('refuses invalid parameters before sending anything', async () => {
    makeClient();
    await expect(client.getAccountGroup('')).rejects.toThrow(RangeError);
    await expect(client.getAccountGroup('..')).rejects.toThrow(RangeError);
    await expect(client.listAccountGroups({ limit: 0 })).rejects.toThrow(/limit must be a whole number from 1 to 1000/);
    await expect(client.listAccountGroups({ offset: 1.5 })).rejects.toThrow(/offset/);
    expect(server.requests).toEqual([]);
  });
});

describe('UpvestClient token handling', () => {
  it('makes exactly one token request for 100 concurrent cold calls', async () => {
    makeClient();
    const results = await Promise.all(Array.from({ length: 100 }, () => client.listAccountGroups({ limit: 1 })));
    expect(results).toHaveLength(100);
    expect(tokenRequests(server)).toHaveLength(1);
    expect(apiRequests(server)).toHaveLength(100);
    expect(apiRequests(server).every((request) => request.headers.authorization === 'Bearer token-1')).toBe(true);
    expect(client.stats()).toMatchObject({ requests: 101, tokenRequests: 1, retries: 0, inFlight: 0, queued: 0 });
  });

  it('reuses a token until 10 % of its lifetime (at most 60 s) before expiry, then refreshes', async () => {
    server.setHandler(upvest(() => ({ status: 200, body: PAGE }), 100));
    makeClient();
    await client.listAccountGroups({});
    clock = START + 89_000;
    await client.listAccountGroups({});
    expect(tokenRequests(server)).toHaveLength(1);
    clock = START + 90_000;
    await client.listAccountGroups({});
    expect(tokenRequests(server)).toHaveLength(2);
    expect(apiRequests(server).map((request) => request.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-1',
      'Bearer token-2',
    ]);
  });

  it('caps the refresh margin at 60 s for long-lived tokens', async () => {
    server.setHandler(upvest(() => ({ status: 200, body: PAGE }), 1800));
    makeClient();
    await client.checkAccess();
    clock = START + 1_739_000;
    await client.checkAccess();
    expect(tokenRequests(server)).toHaveLength(1);
    clock = START + 1_740_000;
    await client.checkAccess();
    expect(tokenRequests(server)).toHaveLength(2);
  });

  it('answers a 401 with one token refetch and a single retry', async () => {
    server.setHandler(upvest((request) => (request.headers.authorization === 'Bearer token-1' ? problemResponse(401, 'Unauthorized') : { status: 200, body: PAGE })));
    const result = await makeClient().listAccountGroups({});
    expect(result.status).toBe(200);
    expect(tokenRequests(server)).toHaveLength(2);
    expect(apiRequests(server).map((request) => request.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(delays).toEqual([]);
    expect(client.stats()).toMatchObject({ retries: 1, tokenRequests: 2 });
  });

  it('refetches the token once when 100 concurrent calls all see a 401 for it', async () => {
    server.setHandler(upvest((request) => (request.headers.authorization === 'Bearer token-1' ? problemResponse(401, 'Unauthorized') : { status: 200, body: PAGE })));
    makeClient();
    await Promise.all(Array.from({ length: 100 }, () => client.listAccountGroups({})));
    expect(tokenRequests(server)).toHaveLength(2);
    expect(apiRequests(server)).toHaveLength(200);
  });

  it('gives up after the retry with a fresh token is refused too', async () => {
    server.setHandler(upvest(() => problemResponse(401, 'Unauthorized', { 'upvest-request-id': 'refused-id' })));
    const error = await rejection(makeClient().listAccountGroups({}));
    expect(error).toMatchObject({ kind: 'http', status: 401, requestId: 'refused-id', attempts: 2 });
    expect(tokenRequests(server)).toHaveLength(2);
    expect(apiRequests(server)).toHaveLength(2);
  });

  it('reports a refused token request without retrying it and without the secret', async () => {
    server.setHandler((request) =>
      isToken(request)
        ? {
            status: 401,
            headers: { 'content-type': 'application/problem+json', 'upvest-request-id': 'token-refused' },
            body: { type: 'about:blank', status: 401, title: 'Unauthorized', detail: `client_secret ${CLIENT_SECRET} is wrong` },
          }
        : { status: 200, body: PAGE },
    );
    const error = await rejection(makeClient().checkAccess());
    expect(error).toMatchObject({ kind: 'http', status: 401, requestId: 'token-refused', attempts: 1 });
    expect(error.problem?.detail).toBe('client_secret [redacted] is wrong');
    expect(error.message).not.toContain(CLIENT_SECRET);
    expect(tokenRequests(server)).toHaveLength(1);
  });

  it('treats a token answer without access_token as an invalid response, never quoting it', async () => {
    server.setHandler(() => ({ status: 200, body: { token: 'leaked-looking-value', expires_in: 60 } }));
    const error = await rejection(makeClient().checkAccess());
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('access_token');
    expect(error.message).not.toContain('leaked-looking-value');
  });

  it('retries the token request on 503', async () => {
    let tokenAttempts = 0;
    server.setHandler((request) => {
      if (!isToken(request)) return { status: 200, body: PAGE };
      tokenAttempts += 1;
      return tokenAttempts === 1 ? problemResponse(503, 'Service Unavailable') : tokenResponse('token-after-503');
    });
    await makeClient().listAccountGroups({});
    expect(tokenRequests(server)).toHaveLength(2);
    expect(apiRequests(server)[0]?.headers.authorization).toBe('Bearer token-after-503');
  });
});

describe('UpvestClient retries', () => {
  it('succeeds after 503 twice, re-signing every attempt', async () => {
    server.setHandler(upvest(sequence(problemResponse(503, 'Unavailable'), problemResponse(503, 'Unavailable'))));
    let nonce = 0;
    const result = await makeClient({ nonce: () => `nonce-${++nonce}` }).listAccountGroups({});
    expect(result.status).toBe(200);
    const sent = apiRequests(server);
    expect(sent).toHaveLength(3);
    const nonces = sent.map((request) => verifyReceivedSignature(request, keyPair.publicKey).params.nonce);
    expect(new Set(nonces).size).toBe(3);
    expect(sent.every((request) => verifyReceivedSignature(request, keyPair.publicKey).valid)).toBe(true);
    expect(client.stats()).toMatchObject({ requests: 4, retries: 2 });
  });

  it('retries a 429 without Retry-After with exponential backoff and full jitter', async () => {
    server.setHandler(upvest(sequence(problemResponse(429, 'Too Many Requests'), problemResponse(429, 'Too Many Requests'), problemResponse(429, 'Too Many Requests'))));
    const result = await makeClient().listAccountGroups({});
    expect(result.status).toBe(200);
    // random() = 0.5 of min(maxDelayMs, baseDelayMs · 2^(retry−1)): 200, 400, 800.
    expect(delays).toEqual([100, 200, 400]);
  });

  it.each([
    ['delay-seconds', () => '2', 2000],
    ['an HTTP date', () => new Date(clock + 3000).toUTCString(), 3000],
    ['a value beyond the cap', () => '100000', 20_000],
  ])('honours Retry-After given as %s', async (_, retryAfter, expected) => {
    server.setHandler(upvest(sequence(problemResponse(503, 'Unavailable', { 'retry-after': retryAfter() }))));
    await makeClient().listAccountGroups({});
    expect(delays).toEqual([expected]);
  });

  it('gives up on a 429 after maxAttempts, keeping Retry-After and the request ID', async () => {
    server.setHandler(upvest(() => problemResponse(429, 'Too Many Requests', { 'retry-after': '7', 'upvest-request-id': 'busy-id' })));
    const error = await rejection(makeClient({ retry: { maxAttempts: 3 } }).listAccountGroups({}));
    expect(error).toMatchObject({ kind: 'http', status: 429, requestId: 'busy-id', retryAfterSeconds: 7, attempts: 3 });
    expect(error.problem?.title).toBe('Too Many Requests');
    expect(apiRequests(server)).toHaveLength(3);
  });

  it.each([400, 403, 404, 500])('does not retry a %i', async (status) => {
    server.setHandler(upvest(() => problemResponse(status, `Status ${status}`, { 'upvest-request-id': `id-${status}` })));
    const error = await rejection(makeClient().getAccountGroup(GROUP.id));
    expect(error).toMatchObject({ kind: 'http', status, requestId: `id-${status}`, attempts: 1 });
    expect(error.problem).toEqual({ type: 'https://docs.upvest.co/problems', title: `Status ${status}`, detail: `Status ${status} (scripted)` });
    expect(apiRequests(server)).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('retries a dropped connection and reports a network error when it keeps happening', async () => {
    server.setHandler(upvest(() => ({ status: 200, destroy: true })));
    const error = await rejection(makeClient({ retry: { maxAttempts: 2 } }).listAccountGroups({}));
    expect(error).toMatchObject({ kind: 'network', attempts: 2 });
    expect(apiRequests(server)).toHaveLength(2);
  });

  it('reports a refused connection as a network error after retrying', async () => {
    const closedPort = server.baseUrl;
    await server.close();
    server = await startScriptedUpvestServer(upvest(() => ({ status: 200, body: PAGE })));
    const error = await rejection(makeClient({ baseUrl: closedPort, retry: { maxAttempts: 2 } }).checkAccess());
    expect(error).toMatchObject({ kind: 'network', attempts: 2 });
    expect(error.message).toMatch(/ECONNREFUSED/);
  });
});

describe('UpvestClient retry budget', () => {
  it('keeps re-sends to a share of the calls when Upvest fails for everyone, instead of multiplying them', async () => {
    server.setHandler(upvest(() => problemResponse(503, 'Service Unavailable')));
    const calls = makeClient({ retryBudget: { ratio: 0.2, minPerSecond: 0, capacity: 5 } });
    const errors = await Promise.all(Array.from({ length: 100 }, (_, offset) => rejection(calls.listAccountGroups({ offset }))));
    expect(errors.every((error) => error.status === 503)).toBe(true);
    const sent = apiRequests(server).length;
    // Without the budget: 100 calls × 4 attempts = 400. With it: 100, plus 5 saved up, plus 0.2 per call.
    expect(sent).toBeGreaterThan(100);
    expect(sent).toBeLessThanOrEqual(100 + 5 + 20);
    expect(calls.stats().retriesDenied).toBeGreaterThan(0);
  });
});

describe('UpvestClient timeouts and bad answers', () => {
  it('times out when the headers do not come', async () => {
    server.setHandler(upvest(() => ({ status: 200, hang: true })));
    const error = await rejection(makeClient({ timeouts: { headersMs: 100 }, retry: { maxAttempts: 2 } }).listAccountGroups({}));
    expect(error).toMatchObject({ kind: 'timeout', attempts: 2 });
    expect(error.message).toMatch(/headers timeout/);
  });

  it('times out when the body stalls, keeping the request ID its headers carried', async () => {
    server.setHandler(upvest(() => ({ status: 200, body: PAGE, stallBody: true, headers: { 'upvest-request-id': 'stalled-body-id' } })));
    const error = await rejection(makeClient({ timeouts: { bodyMs: 100 }, retry: { maxAttempts: 1 } }).listAccountGroups({}));
    expect(error).toMatchObject({ kind: 'timeout', attempts: 1, requestId: 'stalled-body-id' });
    expect(error.message).toMatch(/body timeout/);
  });

  it('ends a call at its deadline, however long the per-attempt timeouts are', async () => {
    server.setHandler(upvest(() => ({ status: 200, hang: true })));
    const error = await rejection(makeClient({ timeouts: { headersMs: 60_000 }, deadlineMs: 300 }).listAccountGroups({}));
    // The deadline ended it, not the 60 s headers timeout (that one would say "headers timeout").
    expect(error).toMatchObject({ kind: 'timeout', attempts: 1 });
    expect(error.message).toMatch(/ran out of time/);
  });

  it('does not start a retry whose backoff would end after the deadline, and answers with the last real outcome', async () => {
    server.setHandler(upvest(() => problemResponse(503, 'Service Unavailable', { 'upvest-request-id': 'last-503' })));
    const error = await rejection(
      makeClient({ retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 }, deadlineMs: 2_000 }).listAccountGroups({}),
    );
    expect(error).toMatchObject({ kind: 'http', status: 503, attempts: 1, requestId: 'last-503' });
    expect(delays).toEqual([]);
    expect(apiRequests(server)).toHaveLength(1);
  });

  it('reports malformed JSON as an invalid response with the request ID, never quoting the body', async () => {
    server.setHandler(upvest(() => ({ status: 200, body: '{"meta": oops secret-looking', headers: { 'upvest-request-id': 'bad-json-id' } })));
    const error = await rejection(makeClient().listAccountGroups({}));
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200, requestId: 'bad-json-id', attempts: 1 });
    expect(error.message).toMatch(/not valid JSON/);
    expect(error.message).not.toContain('secret-looking');
    expect(apiRequests(server)).toHaveLength(1);
  });

  it('names the first schema issue path of a body of the wrong shape', async () => {
    const broken = { ...PAGE, data: [GROUP, { ...GROUP, users: [{ id: 42, type: 'OWNER' }] }] };
    server.setHandler(upvest(() => ({ status: 200, body: broken })));
    const error = await rejection(makeClient().listAccountGroups({}));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('data[1].users[0].id');
  });
});

describe('UpvestClient concurrency', () => {
  it('never has more than maxConcurrency requests in flight, token request included', async () => {
    server.setHandler(upvest(() => ({ status: 200, body: GROUP, delayMs: 20 })));
    makeClient({ maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 20 }, (_, index) => client.getAccountGroup(`group-${index}`)));
    expect(apiRequests(server)).toHaveLength(20);
    expect(server.maxInFlight()).toBe(3);
    expect(client.stats()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('serves queued callers in arrival order', async () => {
    server.setHandler(upvest(() => ({ status: 200, body: GROUP, delayMs: 5 })));
    makeClient({ maxConcurrency: 1 });
    await client.checkAccess();
    await Promise.all(Array.from({ length: 10 }, (_, index) => client.getAccountGroup(`group-${index}`)));
    expect(apiRequests(server).map((request) => request.path)).toEqual(
      Array.from({ length: 10 }, (_, index) => `/account_groups/group-${index}`),
    );
  });

  it('lets an aborted caller leave the queue without sending anything', async () => {
    server.setHandler(upvest(() => ({ status: 200, body: GROUP, delayMs: 100 })));
    makeClient({ maxConcurrency: 1 });
    await client.checkAccess();
    const first = client.getAccountGroup('first');
    const controller = new AbortController();
    const second = client.getAccountGroup('second', { signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    expect(client.stats()).toMatchObject({ inFlight: 1, queued: 1 });
    controller.abort();
    const error = await rejection(second);
    expect(error.kind).toBe('aborted');
    expect(client.stats().queued).toBe(0);
    await first;
    expect(apiRequests(server).map((request) => request.path)).toEqual(['/account_groups/first']);
  });

  it('aborts a request in flight', async () => {
    server.setHandler(upvest(() => ({ status: 200, hang: true })));
    makeClient();
    const controller = new AbortController();
    const call = client.listAccountGroups({}, { signal: controller.signal });
    while (apiRequests(server).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect((await rejection(call)).kind).toBe('aborted');
  });

  it('rejects calls after close', async () => {
    makeClient();
    await client.close();
    expect((await rejection(client.listAccountGroups({}))).kind).toBe('aborted');
  });
});

describe('UpvestClient logging', () => {
  it('logs every upstream call at debug without headers, tokens, secrets or signatures', async () => {
    server.setHandler(upvest(sequence(problemResponse(503, 'Unavailable', { 'upvest-request-id': 'first-id' }))));
    await makeClient().listAccountGroups({ limit: 5 });

    const calls = logs.filter((entry) => entry.level === 'debug');
    expect(calls.map((entry) => entry.obj)).toEqual([
      expect.objectContaining({ method: 'POST', path: '/auth/token', status: 200, attempt: 1 }),
      expect.objectContaining({ method: 'GET', path: '/account_groups', status: 503, requestId: 'first-id', attempt: 1 }),
      expect.objectContaining({ method: 'GET', path: '/account_groups', status: 200, attempt: 2 }),
    ]);
    for (const entry of calls) expect(entry.obj).toHaveProperty('durationMs');
    const text = JSON.stringify(logs);
    for (const secret of [CLIENT_SECRET, 'token-1', 'sig1=', 'authorization']) expect(text).not.toContain(secret);
  });
});

describe('UpvestClient against the Upvest vectors', () => {
  /** The vector's base without the optional `date` component, which the client does not send. */
  function withoutDate(base: string): string {
    return base
      .split('\n')
      .filter((line) => !line.startsWith('"date": '))
      .join('\n')
      .replace(' "date"', '');
  }

  it.each(['token', 'list-sorted', 'retrieve-one'])('builds the same request and base as Upvest’s own code for %s', async (name) => {
    const vector = vectors.vectors.find((candidate) => candidate.name === name);
    if (vector === undefined) throw new Error(`vector ${name} missing`);
    const vectorKey = loadSigningKey({ keyId: vector.key.keyId, pem: vector.key.privateKeyPem, passphrase: vector.key.passphrase });
    server.setHandler((request) =>
      isToken(request) ? tokenResponse(vectors.accessToken) : { status: 200, body: request.path === '/account_groups' ? PAGE : GROUP },
    );
    clock = vector.created * 1000;
    makeClient({
      clientId: vectors.clientId,
      clientSecret: 'sandbox-secret-do-not-use',
      key: vectorKey,
      signatureTtlSeconds: vector.expires - vector.created,
      nonce: () => vector.nonce,
    });
    if (name === 'token') await client.checkAccess();
    if (name === 'list-sorted') await client.listAccountGroups({ sort: 'updated_at', order: 'DESC', offset: 100, limit: 50 });
    if (name === 'retrieve-one') await client.getAccountGroup('0b9a6f2e-4c1d-4e8a-9f3b-7d5c2a1e6b90');

    const request = server.requests.find((candidate) => candidate.method === vector.request.method && (name === 'token') === isToken(candidate));
    if (request === undefined) throw new Error('request not received');
    expect(`http://sandbox${request.url}`).toBe(vector.request.url.replace('https://sandbox.upvest.co', 'http://sandbox'));
    const publicKey = createPublicKey(vector.key.publicKeyPem);
    const received = verifyReceivedSignature(request, publicKey);
    expect(received.valid).toBe(true);
    expect(received.base).toBe(withoutDate(vector.signatureBase));
    if (vector.request.body !== null) {
      expect(request.body.toString()).toBe(vector.request.body);
      expect(request.headers['content-digest']).toBe(vector.request.headers['content-digest']);
    }
  });
});
