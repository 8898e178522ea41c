import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../domain/problem';
import { startHarness, type Harness } from '../testing/console-harness';

/** fetch() always sends the URL's host; a rebinding attack sends its own name, so use node:http. */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

// Sign-in not configured, console on loopback: it works as before, and only for this machine.
describe('the console without sign-in (loopback)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it('serves the API without any cookie and says sign-in is off', async () => {
    expect((await harness.api('/api/account-groups?limit=1')).status).toBe(200);
    expect((await harness.api('/api/auth/session')).body).toEqual({ auth: 'none' });
    expect((await harness.api('/api/auth/methods')).body).toEqual({ auth: 'none' });
    expect((await harness.api('/api/auth/login', { method: 'POST' })).status).toBe(404);
    expect((await harness.api('/api/auth/oidc/start')).status).toBe(404);
  });

  it('audits a group opened and an export as the local user', async () => {
    const group = harness.sandbox.control.groups()[1];
    if (group === undefined) throw new Error('the sandbox holds too few groups');
    const before = harness.logs.length;
    expect((await harness.api(`/api/account-groups/${group.id.toUpperCase()}`)).status).toBe(200);
    expect((await harness.api('/api/account-groups/export.csv?type=ISA')).status).toBe(200);
    const audits = harness.logs
      .slice(before)
      .filter((line) => line.includes('"audit"'))
      .map((line) => (JSON.parse(line) as { audit: unknown; reqId: string }).audit);
    expect(audits).toEqual([
      { event: 'account_group.viewed', group_id: group.id, user: { id: 'local' }, at: expect.any(String) as unknown },
      { event: 'account_groups.exported', filter: expect.stringContaining('type=ISA') as unknown, user: { id: 'local' }, at: expect.any(String) as unknown },
    ]);
  });

  it('answers only to loopback host names, so a web page cannot reach it through DNS rebinding', async () => {
    const port = new URL(harness.console.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      expect(await statusWithHost(`${harness.console.url}/api/health`, host), host).toBe(200);
    }
    for (const host of [`attacker.example:${port}`, `127.0.0.1.attacker.example:${port}`, `localhost.attacker.example`]) {
      expect(await statusWithHost(`${harness.console.url}/api/account-groups?limit=1`, host), host).toBe(403);
      expect(await statusWithHost(`${harness.console.url}/`, host), host).toBe(403);
    }
  });

  it.each([
    ['x-forwarded-for', '203.0.113.9'],
    ['x-forwarded-host', 'console.example'],
    ['x-forwarded-proto', 'https'],
    ['forwarded', 'for=203.0.113.9;proto=https'],
    ['x-real-ip', '203.0.113.9'],
    ['X-Forwarded-For', ''],
  ])('refuses what a proxy forwarded (%s), though the Host names this machine', async (header, value) => {
    for (const path of ['/api/account-groups?limit=1', '/api/health', '/']) {
      const answer = await harness.api<Problem>(path, { headers: { [header]: value } });
      expect(answer.status, path).toBe(403);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({
        type: '/problems/forbidden',
        title: 'This console serves this machine only',
        status: 403,
        detail: expect.stringContaining(`it carries ${header.toLowerCase()}`) as unknown,
      });
      expect(answer.body.detail).toContain('configure sign-in and set TRUST_PROXY');
    }
    expect((await harness.api('/api/account-groups?limit=1')).status).toBe(200);
  });

  it('still refuses state-changing calls from other sites', async () => {
    const answer = await harness.api('/api/account-groups/refresh', { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(answer.status).toBe(403);
    const own = await harness.api('/api/account-groups/refresh', { method: 'POST', headers: { origin: harness.console.url } });
    expect(own.status).toBe(200);
  });
});

// LOG_LEVEL=silent (or warn, as the e2e run uses) must not silence who looked at customer data.
describe('audit lines at LOG_LEVEL=silent', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ env: { LOG_LEVEL: 'silent' } });
  });
  afterAll(() => harness.close());

  it('are still written, as structured JSON with the request ID, while nothing else is', async () => {
    const group = harness.sandbox.control.groups()[0];
    if (group === undefined) throw new Error('the sandbox holds too few groups');
    expect((await harness.api(`/api/account-groups/${group.id}`)).status).toBe(200);
    expect((await harness.api('/api/account-groups/export.csv?status=LOCKED')).status).toBe(200);
    expect((await harness.api(`/api/account-groups?q=${group.id}`)).status).toBe(200);
    const lines = harness.logs.map((line) => JSON.parse(line) as { audit?: { event: string }; reqId?: string });
    expect(lines.map((line) => line.audit?.event)).toEqual(['account_group.viewed', 'account_groups.exported', 'account_groups.searched']);
    for (const line of lines) expect(line.reqId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
