import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from './sandbox';
import { jsonOf, type RawResponse } from './testing/raw-http';
import { signedHeaders } from './testing/test-signer';
import { createTestCredentials, sandboxOptionsFor, TestClient } from './testing/test-client';

const credentials = createTestCredentials();
let sandbox: RunningSandbox;
let client: TestClient;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ ...sandboxOptionsFor(credentials), accountGroups: 300 });
  client = new TestClient(sandbox.url, credentials);
  token = await client.accessToken();
});
afterEach(() => {
  sandbox.control.clearFaults();
});
afterAll(() => sandbox.close());

async function control(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await request(`${sandbox.controlUrl ?? ''}${path}`, {
    method: method as 'GET',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, json: text === '' ? null : JSON.parse(text) };
}

/** A signed list request sent with undici, the way a real client would. */
function undiciList(): ReturnType<typeof request> {
  const created = Math.floor(Date.now() / 1000);
  const headers = {
    accept: 'application/json',
    authorization: `Bearer ${token}`,
    'upvest-api-version': '1',
    'upvest-client-id': credentials.clientId,
  };
  return request(`${sandbox.url}/account_groups?limit=5`, {
    headers: signedHeaders({
      method: 'GET',
      target: '/account_groups?limit=5',
      headers,
      components: ['@method', '@path', '@query', ...Object.keys(headers)],
      keyId: credentials.keyId,
      privateKey: credentials.privateKey,
      created,
      expires: created + 30,
    }),
  });
}

function expectOk(response: RawResponse): void {
  expect(response.status, response.text).toBe(200);
}

describe('injected faults, observed over real HTTP', () => {
  it('status: answers the status as a problem with a request id, then removes itself after count', async () => {
    const added = await control('POST', '/control/faults', { target: 'account_groups', kind: 'status', status: 503, count: 1 });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ kind: 'status', status: 503, remaining: 1 });
    expect((added.json as { id: string }).id).toMatch(/^fault-\d+$/);
    const failed = await client.get('/account_groups', { token });
    expect(failed.status).toBe(503);
    expect(failed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(jsonOf(failed)).toMatchObject({ status: 503, request_id: failed.headers['upvest-request-id'] });
    expectOk(await client.get('/account_groups', { token }));
    expect((await control('GET', '/control/faults')).json).toEqual({ faults: [] });
  });

  it('latency: delays the answer by at least latency_ms, then answers normally', async () => {
    sandbox.control.addFault({ target: 'all', kind: 'latency', latency_ms: 250, count: 1 });
    const started = performance.now();
    expectOk(await client.get('/account_groups?limit=1', { token }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(245);
  });

  it('rate_limit: 429 problem without Retry-After or rate-limit headers', async () => {
    sandbox.control.addFault({ target: 'account_groups', kind: 'rate_limit' });
    const response = await client.get('/account_groups', { token });
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBeUndefined();
    expect(Object.keys(response.headers).filter((name) => name.includes('ratelimit'))).toEqual([]);
    expect(jsonOf(response)).toMatchObject({ status: 429, request_id: response.headers['upvest-request-id'] });
  });

  it('malformed_json: 200 application/json whose body does not parse', async () => {
    sandbox.control.addFault({ target: 'account_groups', kind: 'malformed_json', count: 1 });
    const response = await undiciList();
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    await expect(response.body.json()).rejects.toThrow();
  });

  it('truncated_body: content-length promises more than is sent, then the connection ends', async () => {
    sandbox.control.addFault({ target: 'account_groups', kind: 'truncated_body', count: 1 });
    const response = await undiciList();
    expect(response.statusCode).toBe(200);
    expect(Number(response.headers['content-length'])).toBeGreaterThan(100);
    await expect(response.body.text()).rejects.toThrow();
  });

  it('drop_connection: the socket is destroyed without an answer', async () => {
    sandbox.control.addFault({ target: 'account_groups', kind: 'drop_connection', count: 1 });
    await expect(undiciList()).rejects.toThrow();
    await expect(client.get('/account_groups', { token })).resolves.toMatchObject({ status: 200 });
  });

  it('invalid_token: the token endpoint hands out a token the API then refuses', async () => {
    sandbox.control.addFault({ target: 'token', kind: 'invalid_token', count: 1 });
    const counterfeit = await client.accessToken();
    const refused = await client.get('/account_groups', { token: counterfeit });
    expect(refused.status).toBe(401);
    expect(jsonOf(refused)).toMatchObject({ detail: 'Access token is invalid' });
    expectOk(await client.get('/account_groups', { token: await client.accessToken() }));
  });

  it('targets: a token fault leaves the account-group calls alone and vice versa', async () => {
    sandbox.control.addFault({ target: 'token', kind: 'status', status: 500 });
    expectOk(await client.get('/account_groups?limit=1', { token }));
    expect((await client.tokenRequest()).status).toBe(500);
    sandbox.control.clearFaults();
    sandbox.control.addFault({ target: 'account_groups', kind: 'status', status: 502 });
    expect((await client.tokenRequest()).status).toBe(200);
    expect((await client.get(`/users/${sandbox.control.groups()[0]?.users[0]?.id ?? ''}/account_groups`, { token })).status).toBe(502);
  });

  it('never hides a signing bug: a bad signature is 401 even under a status or drop fault', async () => {
    sandbox.control.addFault({ target: 'all', kind: 'status', status: 500 });
    sandbox.control.addFault({ target: 'all', kind: 'drop_connection' });
    const unsigned = await client.get('/account_groups', { token, components: ['@method', '@path', 'accept'] });
    expect(unsigned.status).toBe(401);
    expect(sandbox.control.faults().every((fault) => fault.applied === 0)).toBe(true);
  });

  it('records faulted calls in the call log, a dropped one without a status', async () => {
    await control('POST', '/control/calls/reset');
    sandbox.control.addFault({ target: 'account_groups', kind: 'drop_connection', count: 1 });
    await expect(client.get('/account_groups', { token })).rejects.toThrow();
    expectOk(await client.get('/account_groups', { token }));
    // The close event of the dropped socket may land a moment after the next answer.
    await expect.poll(async () => ((await control('GET', '/control/calls')).json as { counts: { list: number } }).counts.list).toBe(2);
    const calls = (await control('GET', '/control/calls')).json as { recent: { status: number | null; fault: string | null }[] };
    expect(calls.recent.map((call) => [call.status, call.fault])).toEqual(expect.arrayContaining([[null, 'drop_connection'], [200, null]]));
  });

  it('refuses an invalid fault with 400 naming the field', async () => {
    const response = await control('POST', '/control/faults', { target: 'account_groups', kind: 'status' });
    expect(response.status).toBe(400);
    expect((response.json as { detail: string }).detail).toMatch(/status: kind "status" needs a status code/);
    expect((await control('POST', '/control/faults', { target: 'account_groups', kind: 'invalid_token' })).status).toBe(400);
    expect((await control('POST', '/control/faults', { target: 'everything', kind: 'latency', latency_ms: 5 })).status).toBe(400);
  });

  it('lists and deletes faults one by one', async () => {
    const first = sandbox.control.addFault({ target: 'token', kind: 'latency', latency_ms: 1 });
    sandbox.control.addFault({ target: 'token', kind: 'latency', latency_ms: 2 });
    expect((await control('DELETE', `/control/faults/${first.id}`)).status).toBe(204);
    expect((await control('DELETE', `/control/faults/${first.id}`)).status).toBe(404);
    expect(((await control('GET', '/control/faults')).json as { faults: unknown[] }).faults).toHaveLength(1);
    expect((await control('DELETE', '/control/faults')).status).toBe(204);
    expect(sandbox.control.faults()).toEqual([]);
  });
});

describe('probabilistic faults', () => {
  async function pattern(seed: number): Promise<number[]> {
    const other = await startSandbox({ ...sandboxOptionsFor(credentials), accountGroups: 10, seed, controlPort: null });
    try {
      const otherClient = new TestClient(other.url, credentials);
      const otherToken = await otherClient.accessToken();
      other.control.addFault({ target: 'account_groups', kind: 'status', status: 503, rate: 0.5 });
      const statuses: number[] = [];
      for (let i = 0; i < 24; i++) statuses.push((await otherClient.get('/account_groups?limit=1', { token: otherToken })).status);
      return statuses;
    } finally {
      await other.close();
    }
  }

  it('follow the seeded PRNG: the same seed gives the same pattern, with both outcomes', async () => {
    const first = await pattern(7);
    expect(first).toContain(200);
    expect(first).toContain(503);
    expect(await pattern(7)).toEqual(first);
  });
});
