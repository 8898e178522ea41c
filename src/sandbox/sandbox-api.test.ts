import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountGroupSchema, upvestAccountGroupListSchema, type AccountGroup, type UpvestAccountGroupList } from '../domain/account-group';
import { startSandbox, type RunningSandbox } from './sandbox';
import { jsonOf, sendRaw, type RawResponse } from './testing/raw-http';
import { createTestCredentials, sandboxOptionsFor, TestClient } from './testing/test-client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const credentials = createTestCredentials();
let sandbox: RunningSandbox;
let client: TestClient;
let token: string;

beforeAll(async () => {
  const options = sandboxOptionsFor(credentials, ['accounts:read', 'orders:read']);
  sandbox = await startSandbox({ ...options, controlPort: null, tokenTtlSeconds: 600 });
  client = new TestClient(sandbox.url, credentials, () => sandbox.control.now());
  token = await client.accessToken();
});
afterAll(() => sandbox.close());

function list(response: RawResponse): UpvestAccountGroupList {
  expect(response.status, response.text).toBe(200);
  return upvestAccountGroupListSchema.parse(jsonOf(response));
}

function expectProblem(response: RawResponse, status: number, detail: RegExp): void {
  expect(response.status, response.text).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const requestId = response.headers['upvest-request-id'];
  expect(requestId).toMatch(UUID);
  const problem = jsonOf(response) as Record<string, unknown>;
  expect(problem).toMatchObject({ status, request_id: requestId });
  expect(typeof problem.type).toBe('string');
  expect(typeof problem.title).toBe('string');
  expect(problem.detail).toMatch(detail);
}

describe('token endpoint', () => {
  it('issues an opaque bearer token for the requested scopes', async () => {
    const response = await client.tokenRequest();
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = jsonOf(response) as Record<string, unknown>;
    expect(body).toMatchObject({ expires_in: 600, token_type: 'bearer', scope: 'accounts:read' });
    expect(body.access_token).toMatch(/^\S{20,}$/);
    expect(body.access_token).not.toBe(token);
  });

  it('refuses a wrong secret without echoing it', async () => {
    const response = await client.tokenRequest({ client_secret: 'wrong-secret-value' });
    expectProblem(response, 401, /Invalid client credentials/);
    expect(response.text).not.toContain('wrong-secret-value');
  });

  it('refuses a scope the client was not granted', async () => {
    expectProblem(await client.tokenRequest({ scope: 'accounts:read accounts:write' }), 401, /Scope "accounts:write" is not granted/);
  });

  it.each([
    [{ grant_type: 'password' }, /grant_type must be client_credentials/],
    [{ client_secret: '' }, /Missing client_secret/],
    [{ scope: '' }, /Missing scope/],
    [{ client_id: '' }, /Missing client_id/],
  ] as const)('answers 400 for a bad form %j', async (form, detail) => {
    expectProblem(await client.tokenRequest(form), 400, detail);
  });

  it('answers 400 for a body that is not form-encoded', async () => {
    expectProblem(await client.tokenRequest({}, { 'content-type': 'application/json' }), 400, /application\/x-www-form-urlencoded/);
  });
});

describe('GET /account_groups', () => {
  it('answers with Upvest defaults: created_at ASC, offset 0, limit 100', async () => {
    const page = list(await client.get('/account_groups', { token }));
    expect(page.meta).toEqual({ offset: 0, limit: 100, count: 100, total_count: 2500, sort: 'created_at', order: 'ASC' });
    expect(page.data).toHaveLength(100);
    for (const group of page.data) expect(accountGroupSchema.safeParse(group).success).toBe(true);
  });

  it('serves up to 1000 per page and an empty page past the end', async () => {
    expect(list(await client.get('/account_groups?limit=1000', { token })).data).toHaveLength(1000);
    const past = list(await client.get('/account_groups?offset=2500&limit=10', { token }));
    expect(past.meta).toMatchObject({ offset: 2500, limit: 10, count: 0, total_count: 2500 });
    expect(past.data).toEqual([]);
  });

  it.each([
    ['sort=name', /"sort" must be one of created_at, updated_at/],
    ['order=asc', /"order" must be one of ASC, DESC/],
    ['offset=-1', /"offset" must be an integer from 0/],
    ['offset=1.5', /"offset" must be an integer/],
    ['limit=0', /"limit" must be an integer from 1 to 1000/],
    ['limit=1001', /"limit" must be an integer from 1 to 1000/],
    ['limit=', /"limit" must be an integer/],
    ['limit=1&limit=2', /"limit" may be given only once/],
    ['status=ACTIVE', /Unknown query parameter "status"/],
  ])('answers 400 naming the parameter for ?%s', async (query, detail) => {
    expectProblem(await client.get(`/account_groups?${query}`, { token }), 400, detail);
  });

  describe.each([
    ['created_at', 'ASC'],
    ['created_at', 'DESC'],
    ['updated_at', 'ASC'],
    ['updated_at', 'DESC'],
  ] as const)('paging sort=%s order=%s', (sort, order) => {
    it('covers every group exactly once, in order, ties broken by id in the same direction', async () => {
      const seen: AccountGroup[] = [];
      for (let offset = 0; offset < 2500; offset += 1000) {
        const page = list(await client.get(`/account_groups?sort=${sort}&order=${order}&offset=${offset}&limit=1000`, { token }));
        expect(page.meta).toMatchObject({ sort, order, offset, total_count: 2500 });
        seen.push(...page.data);
      }
      const ids = seen.map((group) => group.id);
      expect(new Set(ids).size).toBe(2500);
      expect(new Set(ids)).toEqual(new Set(sandbox.control.groups().map((group) => group.id)));
      const direction = order === 'ASC' ? 1 : -1;
      for (let i = 1; i < seen.length; i++) {
        const previous = seen[i - 1];
        const current = seen[i];
        if (previous === undefined || current === undefined) throw new Error('gap');
        const byTime = direction * (Date.parse(current[sort]) - Date.parse(previous[sort]));
        expect(byTime).toBeGreaterThanOrEqual(0);
        if (byTime === 0) expect(direction * (current.id > previous.id ? 1 : -1)).toBeGreaterThan(0);
      }
    });
  });

  it('has exact created_at ties in the default data (batch imports)', () => {
    const createdAt = sandbox.control.groups().map((group) => group.created_at);
    expect(new Set(createdAt).size).toBeLessThan(createdAt.length);
  });
});

describe('GET /account_groups/{id}', () => {
  it('answers the bare group, as listed', async () => {
    const [first] = list(await client.get('/account_groups?limit=1', { token })).data;
    if (first === undefined) throw new Error('no group');
    const response = await client.get(`/account_groups/${first.id}`, { token });
    expect(response.status).toBe(200);
    expect(jsonOf(response)).toEqual(first);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expectProblem(await client.get('/account_groups/00000000-0000-4000-8000-000000000000', { token }), 404, /Account group not found/);
    expectProblem(await client.get('/account_groups/not-a-uuid', { token }), 404, /Account group not found/);
  });
});

describe('GET /users/{user_id}/account_groups', () => {
  it("lists exactly the user's groups, with list meta", async () => {
    const groups = sandbox.control.groups();
    const counts = new Map<string, number>();
    for (const group of groups) for (const user of group.users) counts.set(user.id, (counts.get(user.id) ?? 0) + 1);
    const [userId, count] = [...counts].find(([, n]) => n >= 2) ?? ['', 0];
    const page = list(await client.get(`/users/${userId}/account_groups?order=DESC`, { token }));
    expect(page.meta).toMatchObject({ total_count: count, count, order: 'DESC', sort: 'created_at' });
    for (const group of page.data) expect(group.users.map((user) => user.id)).toContain(userId);
  });

  it('answers 404 for an unknown user and 400 for bad parameters', async () => {
    expectProblem(await client.get('/users/00000000-0000-4000-8000-000000000000/account_groups', { token }), 404, /User not found/);
    const userId = sandbox.control.groups()[0]?.users[0]?.id ?? '';
    expectProblem(await client.get(`/users/${userId}/account_groups?limit=5000`, { token }), 400, /"limit"/);
  });
});

describe('authentication, authorisation and negotiation', () => {
  it('answers 401 without a bearer token, with an unknown token and after revocation', async () => {
    expectProblem(await client.get('/account_groups'), 401, /Required component "authorization" is not covered/);
    expectProblem(await client.get('/account_groups', { token: 'made-up-token' }), 401, /Access token is invalid/);
    const revocable = await client.accessToken();
    sandbox.control.revokeTokens();
    expectProblem(await client.get('/account_groups', { token: revocable }), 401, /Access token is invalid/);
    token = await client.accessToken();
  });

  it('answers 401 once the token has expired', async () => {
    const shortLived = await client.accessToken();
    sandbox.control.setClockOffset(601_000);
    try {
      expectProblem(await client.get('/account_groups', { token: shortLived }), 401, /Access token has expired/);
    } finally {
      sandbox.control.setClockOffset(0);
    }
    token = await client.accessToken();
  });

  it('answers 403 for a token without accounts:read', async () => {
    const ordersOnly = await client.accessToken('orders:read');
    expectProblem(await client.get('/account_groups', { token: ordersOnly }), 403, /lacks the accounts:read scope/);
  });

  it('answers 406 when accept excludes JSON, 200 for a JSON wildcard', async () => {
    expectProblem(await client.get('/account_groups', { token, headers: { accept: 'text/html' } }), 406, /accept must allow application\/json/);
    expectProblem(await client.get('/account_groups', { token, headers: { accept: 'application/json;q=0' } }), 406, /accept/);
    expect((await client.get('/account_groups?limit=1', { token, headers: { accept: 'application/*' } })).status).toBe(200);
  });

  it('checks upvest-api-version: 1 or absent is fine, another major is 426, garbage is 400', async () => {
    expectProblem(await client.get('/account_groups', { token, headers: { 'upvest-api-version': '2' } }), 426, /not supported/);
    expectProblem(await client.get('/account_groups', { token, headers: { 'upvest-api-version': '"1"' } }), 400, /must be 1/);
    const withoutVersion = await client.get('/account_groups?limit=1', { token, headers: { 'upvest-api-version': null } });
    expect(withoutVersion.status, withoutVersion.text).toBe(200);
  });

  it('answers 404 for other paths and 405 for other methods, as problems with a request id', async () => {
    expectProblem(await sendRaw(sandbox.url, { method: 'GET', target: '/accounts', headers: {} }), 404, /No route GET \/accounts/);
    expectProblem(await sendRaw(sandbox.url, { method: 'GET', target: '/account_groups/', headers: {} }), 404, /No route/);
    const post = await sendRaw(sandbox.url, { method: 'POST', target: '/account_groups', headers: {} });
    expectProblem(post, 405, /use GET/);
    expect(post.headers.allow).toBe('GET');
    expectProblem(await sendRaw(sandbox.url, { method: 'DELETE', target: '/account_groups/x', headers: {} }), 405, /DELETE is not allowed/);
    expectProblem(await sendRaw(sandbox.url, { method: 'GET', target: '/auth/token', headers: {} }), 405, /use POST/);
  });
});
