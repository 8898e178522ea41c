import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upvestAccountGroupListSchema, type AccountGroup } from '../domain/account-group';
import { LIFECYCLE_TRANSITIONS } from './lifecycle';
import { startSandbox, type GroupChange, type RunningSandbox } from './sandbox';
import { jsonOf } from './testing/raw-http';
import { createTestCredentials, sandboxOptionsFor, TestClient } from './testing/test-client';

const credentials = createTestCredentials();
let sandbox: RunningSandbox;
let client: TestClient;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ ...sandboxOptionsFor(credentials), accountGroups: 400, seed: 42 });
  client = new TestClient(sandbox.url, credentials);
  token = await client.accessToken();
});
afterAll(() => sandbox.close());

async function control(method: string, path: string, body?: unknown, base = sandbox.controlUrl ?? ''): Promise<{ status: number; json: unknown; text: string }> {
  const response = await request(`${base}${path}`, {
    method: method as 'GET',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, json: text === '' ? null : JSON.parse(text), text };
}

async function listPage(query: string): Promise<ReturnType<typeof upvestAccountGroupListSchema.parse>> {
  const response = await client.get(`/account_groups?${query}`, { token });
  expect(response.status, response.text).toBe(200);
  return upvestAccountGroupListSchema.parse(jsonOf(response));
}

describe('control endpoint', () => {
  it('runs on its own port, never on the Upvest API port', async () => {
    expect(sandbox.controlUrl).not.toBeNull();
    expect(new URL(sandbox.controlUrl ?? '').port).not.toBe(new URL(sandbox.url).port);
    expect((await control('GET', '/control/info', undefined, sandbox.url)).status).toBe(404);
  });

  it('refuses web pages and other host names, so no browser can inject faults or change data', async () => {
    const base = sandbox.controlUrl ?? '';
    const ask = async (headers: Record<string, string>) => {
      const response = await request(`${base}/control/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ target: 'all', kind: 'status', status: 500 }),
      });
      await response.body.text();
      return response.statusCode;
    };
    expect(await ask({ origin: 'https://evil.example' })).toBe(403);
    expect(await ask({ 'sec-fetch-site': 'cross-site' })).toBe(403);
    expect(await ask({ host: 'rebound.example:80' })).toBe(403);
    expect(sandbox.control.faults()).toEqual([]);
    expect((await control('GET', '/control/info')).status).toBe(200);
  });

  it('describes what it serves, without secrets', async () => {
    const info = await control('GET', '/control/info');
    expect(info.status).toBe(200);
    expect(info.json).toMatchObject({
      url: sandbox.url,
      control_url: sandbox.controlUrl,
      clients: [{ client_id: credentials.clientId, scopes: ['accounts:read'] }],
      keys: [{ key_id: credentials.keyId, type: 'ec', curve: 'prime256v1' }],
      account_groups: 400,
      seed: 42,
      token_ttl_seconds: 1800,
      activity: null,
    });
    expect(info.text).not.toContain(credentials.clientSecret);
  });

  it('counts calls per endpoint, rejected ones too, and resets', async () => {
    expect((await control('POST', '/control/calls/reset')).status).toBe(204);
    const groupId = sandbox.control.groups()[0]?.id ?? '';
    const userId = sandbox.control.groups()[0]?.users[0]?.id ?? '';
    await client.accessToken();
    await client.get('/account_groups?limit=1', { token });
    await client.get(`/account_groups/${groupId}`, { token });
    await client.get(`/users/${userId}/account_groups`, { token });
    await client.get('/account_groups?limit=0', { token });
    await client.get('/account_groups', { token: 'nope' });
    const calls = (await control('GET', '/control/calls')).json as { counts: Record<string, number>; recent: { url: string; status: number; method: string }[] };
    expect(calls.counts).toEqual({ token: 1, list: 3, get: 1, user_list: 1, other: 0, rejected: 2, total: 6 });
    expect(calls.recent.map((call) => [call.method, call.url, call.status])).toContainEqual(['GET', '/account_groups?limit=0', 400]);
    expect(JSON.stringify(calls)).not.toContain(token);
    await control('POST', '/control/calls/reset');
    expect(((await control('GET', '/control/calls')).json as { counts: { total: number } }).counts.total).toBe(0);
  });

  it('lists all groups in created order', async () => {
    const all = (await control('GET', '/control/groups')).json as { total_count: number; data: AccountGroup[] };
    expect(all.total_count).toBe(sandbox.control.groupCount());
    expect(all.data).toEqual(sandbox.control.groups());
    const page = await listPage('limit=1000');
    expect(all.data.map((group) => group.id)).toEqual(page.data.map((group) => group.id));
  });

  it('creates a group with chosen fields, served by the API; refuses duplicates and bad input', async () => {
    const id = '11111111-2222-4333-8444-555555555555';
    const created = await control('POST', '/control/groups', {
      id,
      status: 'LOCKED',
      type: 'ISA',
      created_at: '2024-01-02T03:04:05.678Z',
      users: [{ id: '99999999-8888-4777-8666-555555555555', type: 'OWNER' }],
      securities_account_number: '000000042',
    });
    expect(created.status).toBe(201);
    const expected = {
      id,
      created_at: '2024-01-02T03:04:05.678Z',
      updated_at: '2024-01-02T03:04:05.678Z',
      users: [{ id: '99999999-8888-4777-8666-555555555555', type: 'OWNER' }],
      status: 'LOCKED',
      type: 'ISA',
      securities_account_number: '000000042',
    };
    expect(created.json).toEqual(expected);
    expect(jsonOf(await client.get(`/account_groups/${id}`, { token }))).toEqual(expected);
    expect((await control('POST', '/control/groups', { id })).status).toBe(409);
    expect((await control('POST', '/control/groups', { securities_account_number: '000000042' })).status).toBe(409);
    const invalid = await control('POST', '/control/groups', { status: 'active', colour: 'red' });
    expect(invalid.status).toBe(400);
    expect((invalid.json as { detail: string }).detail).toMatch(/status: must be an upper-case enum value/);
  });

  it('creates a group with defaults: PENDING_APPROVAL PERSONAL, one new owner, now', () => {
    const group = sandbox.control.createGroup();
    expect(group).toMatchObject({ status: 'PENDING_APPROVAL', type: 'PERSONAL', users: [{ type: 'OWNER' }] });
    expect(Math.abs(Date.parse(group.created_at) - Date.now())).toBeLessThan(60_000);
    expect(group.updated_at).toBe(group.created_at);
    expect(group.securities_account_number).toMatch(/^\d{9}$/);
  });

  it('patches a group: updated_at moves to now (first in updated_at DESC) unless given', async () => {
    const target = sandbox.control.groups()[5];
    if (target === undefined) throw new Error('no group');
    const patched = await control('PATCH', `/control/groups/${target.id}`, { status: 'SUSPENDED', type: 'CHILD' });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ id: target.id, status: 'SUSPENDED', type: 'CHILD', created_at: target.created_at });
    const [newest] = (await listPage('sort=updated_at&order=DESC&limit=1')).data;
    expect(newest).toMatchObject({ id: target.id, status: 'SUSPENDED' });
    const pinned = sandbox.control.updateGroup(target.id, { status: 'ACTIVE', updated_at: target.updated_at });
    expect(pinned.updated_at).toBe(target.updated_at);
    expect((await control('PATCH', '/control/groups/00000000-0000-4000-8000-000000000000', { status: 'ACTIVE' })).status).toBe(404);
    expect((await control('PATCH', `/control/groups/${target.id}`, { updated_at: '2000-01-01T00:00:00Z' })).status).toBe(400);
  });

  it('serves extra fields a newer API version might add', async () => {
    const group = sandbox.control.createGroup({ extra: { nickname: 'Pension pot', flags: ['x'] } });
    const served = jsonOf(await client.get(`/account_groups/${group.id}`, { token }));
    expect(served).toMatchObject({ id: group.id, nickname: 'Pension pot', flags: ['x'] });
    expect((await control('POST', '/control/groups', { extra: { status: 'X' } })).status).toBe(400);
  });

  it('applies random lifecycle changes now, along the lifecycle only', async () => {
    const before = new Map(sandbox.control.groups().map((group) => [group.id, group.status]));
    const response = await control('POST', '/control/changes', { count: 40 });
    expect(response.status).toBe(200);
    const { changes } = response.json as { changes: GroupChange[] };
    expect(changes).toHaveLength(40);
    const now = sandbox.control.now();
    for (const change of changes) {
      expect(Math.abs(Date.parse(change.updated_at) - now)).toBeLessThan(60_000);
      const group = sandbox.control.group(change.id);
      expect(group?.updated_at).toBe(change.updated_at);
      if (change.kind === 'created') {
        expect(before.has(change.id)).toBe(false);
        expect(change.to).toBe('PENDING_APPROVAL');
      } else {
        expect(LIFECYCLE_TRANSITIONS).toContainEqual([change.from, change.to]);
      }
    }
    expect(changes.some((change) => change.kind === 'created')).toBe(true);
    expect(changes.some((change) => change.kind === 'status_changed')).toBe(true);
    expect(sandbox.control.groupCount()).toBe(before.size + changes.filter((change) => change.kind === 'created').length);
  });

  it('revokes every token and registers known ones', async () => {
    expect(((await control('POST', '/control/tokens/revoke')).json as { revoked: number }).revoked).toBeGreaterThanOrEqual(1);
    expect((await client.get('/account_groups?limit=1', { token })).status).toBe(401);
    const registered = await control('POST', '/control/tokens', { access_token: 'known-token-123', client_id: credentials.clientId, scopes: ['accounts:read'], expires_in: 60 });
    expect(registered.status).toBe(201);
    expect((await client.get('/account_groups?limit=1', { token: 'known-token-123' })).status).toBe(200);
    await control('POST', '/control/tokens', { access_token: 'no-scope-token', client_id: credentials.clientId, scopes: [] });
    expect((await client.get('/account_groups?limit=1', { token: 'no-scope-token' })).status).toBe(403);
    expect((await control('POST', '/control/tokens', { access_token: 'x', client_id: 'stranger', scopes: [] })).status).toBe(400);
    token = await client.accessToken();
  });

  it('shifts the sandbox clock', async () => {
    const shifted = await control('PUT', '/control/clock', { offset_ms: 3_600_000 });
    expect(shifted.status).toBe(200);
    expect(Date.parse((shifted.json as { now: string }).now) - Date.now()).toBeGreaterThan(3_500_000);
    expect((await control('PUT', '/control/clock', { offset_ms: 'soon' })).status).toBe(400);
    await control('PUT', '/control/clock', { offset_ms: 0 });
    expect(sandbox.control.clockOffsetMs()).toBe(0);
  });

  it('runs background activity that moves updated_at, and stops it', async () => {
    const startedAt = Date.now();
    const newestBefore = (await listPage('sort=updated_at&order=DESC&limit=1')).data[0]?.updated_at ?? '';
    expect((await control('PUT', '/control/activity', { changes_per_minute: 6000 })).json).toEqual({ changes_per_minute: 6000 });
    await expect
      .poll(async () => (await listPage('sort=updated_at&order=DESC&limit=1')).data[0]?.updated_at ?? '', { timeout: 5000, interval: 100 })
      .not.toBe(newestBefore);
    const newest = (await listPage('sort=updated_at&order=DESC&limit=1')).data[0];
    expect(Date.parse(newest?.updated_at ?? '')).toBeGreaterThanOrEqual(startedAt - 1000);
    expect((await control('PUT', '/control/activity', { changes_per_minute: null })).json).toEqual({ changes_per_minute: null });
    expect(sandbox.control.activity()).toBeNull();
  });

  it('answers unknown control routes with a 404 problem', async () => {
    const response = await control('GET', '/control/nothing');
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ status: 404 });
  });
});

describe('in-process control', () => {
  it('lets a listener change data while a client pages, and unsubscribes', async () => {
    const seen: number[] = [];
    const unsubscribe = sandbox.control.onListRequest((info) => {
      seen.push(info.offset);
      if (info.offset === 0) sandbox.control.createGroup({ created_at: '2000-01-01T00:00:00Z' });
    });
    const total = sandbox.control.groupCount();
    const first = await listPage('limit=10');
    expect(first.meta.total_count).toBe(total + 1);
    expect(first.data[0]?.created_at).toBe('2000-01-01T00:00:00.000Z');
    await listPage('offset=10&limit=10');
    expect(seen).toEqual([0, 10]);
    unsubscribe();
    await listPage('limit=10');
    expect(seen).toEqual([0, 10]);
  });

  it('gives copies: changing them does not change the sandbox', () => {
    const [group] = sandbox.control.groups();
    if (group === undefined) throw new Error('no group');
    group.status = 'CLOSED';
    group.users.length = 0;
    expect(sandbox.control.group(group.id)?.users.length).toBeGreaterThan(0);
  });

  it('makes the same changes from the same seed', async () => {
    const run = async (): Promise<string[]> => {
      const other = await startSandbox({ ...sandboxOptionsFor(credentials), accountGroups: 200, seed: 9, controlPort: null, now: () => Date.UTC(2026, 5, 1) });
      try {
        return other.control.applyChanges(30).map((change) => `${change.kind} ${change.id} ${change.to}`);
      } finally {
        await other.close();
      }
    };
    expect(await run()).toEqual(await run());
  });

  it('starts without a control server when controlPort is null', async () => {
    const bare = await startSandbox({ ...sandboxOptionsFor(credentials), accountGroups: 1, controlPort: null });
    try {
      expect(bare.controlUrl).toBeNull();
      expect(bare.control.info().control_url).toBeNull();
    } finally {
      await bare.close();
    }
  });
});
