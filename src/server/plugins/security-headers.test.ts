import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_TYPES } from '../../domain/problem';
import { writeBuiltSpa } from '../testing/built-spa';
import { startHarness, type Harness } from '../testing/console-harness';
import { expectProblem } from '../testing/expectations';

// Browser hardening, on every kind of answer the console gives: the SPA's page and files, a deep link,
// API answers and API problems. And no CORS: other origins get no permission to read, and cannot make
// the console act.

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0] !== undefined && words[0] !== '')
      .map(([name = '', ...values]) => [name.toLowerCase(), values]),
  );
}

describe('browser hardening', () => {
  let harness: Harness;
  let staticDir: string;
  let origin: string;

  beforeAll(async () => {
    staticDir = writeBuiltSpa();
    harness = await startHarness({ startMirror: true, env: { STATIC_DIR: staticDir, MIRROR_SYNC_INTERVAL_SECONDS: '86400' } });
    await harness.console.mirror.whenComplete();
    origin = new URL(harness.console.url).origin;
  });
  afterAll(async () => {
    await harness.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it.each([
    ['the SPA page', '/', 200, 'text/html'],
    ['a deep link', '/account-groups/0b9a6f2e-5c1d-4e8f-9a2b-3c4d5e6f7a8b', 200, 'text/html'],
    ['a script file', '/assets/app.js', 200, 'javascript'],
    ['an API answer', '/api/status', 200, 'application/json'],
    ['an API problem', '/api/account-groups?limit=0', 400, 'application/problem+json'],
    ['a missing API path', '/api/nothing', 404, 'application/problem+json'],
    ['a missing file', '/assets/missing.js', 404, 'application/problem+json'],
  ])('sends the hardening headers with %s', async (_name, path, status, type) => {
    const answer = await harness.api(path, { headers: { accept: 'text/html,*/*' } });
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toContain(type);

    const csp = directives(answer.headers.get('content-security-policy') ?? '');
    expect(csp.get('default-src')).toEqual(["'self'"]);
    // Scripts from the console's own origin only: nothing inline, nothing evaluated, nothing from elsewhere.
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    for (const values of csp.values()) {
      expect(values).not.toContain("'unsafe-eval'");
      expect(values).not.toContain('*');
    }
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('default-src')).not.toContain("'unsafe-inline'");

    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('grants no other origin the right to read, and refuses a preflight', async () => {
    const read = await harness.api('/api/account-groups?status=LOCKED', { headers: { origin: 'https://evil.example' } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    expect(read.headers.get('access-control-allow-credentials')).toBeNull();

    const preflight = await harness.api('/api/account-groups/refresh', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expectProblem(preflight, { status: 405, type: PROBLEM_TYPES.methodNotAllowed });
    for (const name of ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers']) {
      expect(preflight.headers.get(name)).toBeNull();
    }
  });

  it('refuses API reads that another site started (links, images), but not the SPA page itself', async () => {
    harness.sandbox.control.resetCalls();
    const groupId = harness.sandbox.control.groups()[0]?.id ?? '';
    for (const path of [`/api/account-groups/${groupId}`, '/api/account-groups/export.csv', '/api/account-groups?limit=5']) {
      for (const site of ['cross-site', 'same-site']) {
        const answer = await harness.api(path, { headers: { 'sec-fetch-site': site } });
        expectProblem(answer, { status: 403, type: '/problems/cross-site-request' });
      }
    }
    expect(harness.sandbox.control.calls().counts.total).toBe(0);
    // A link from elsewhere to a page of the console opens it; the SPA's own calls are same-origin.
    expect((await harness.api('/account-groups', { headers: { 'sec-fetch-site': 'cross-site', accept: 'text/html' } })).status).toBe(200);
    expect((await harness.api('/api/account-groups?limit=5', { headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
  });

  it('refuses a state-changing request from another site, and runs nothing', async () => {
    harness.sandbox.control.resetCalls();
    const fromOrigin = await harness.api('/api/account-groups/refresh', { method: 'POST', headers: { origin: 'https://evil.example' } });
    expectProblem(fromOrigin, { status: 403, type: '/problems/cross-site-request' });
    const fromSite = await harness.api('/api/account-groups/refresh', { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } });
    expectProblem(fromSite, { status: 403, type: '/problems/cross-site-request' });
    const nullOrigin = await harness.api('/api/account-groups/refresh', { method: 'POST', headers: { origin: 'null' } });
    expectProblem(nullOrigin, { status: 403, type: '/problems/cross-site-request' });
    expect(harness.sandbox.control.calls().counts.total).toBe(0);

    // The console's own page, and tools that send no Origin, may.
    const sameOrigin = await harness.api('/api/account-groups/refresh', {
      method: 'POST',
      headers: { origin, 'sec-fetch-site': 'same-origin' },
    });
    expect(sameOrigin.status).toBe(200);
    expect((await harness.api('/api/account-groups/refresh', { method: 'POST' })).status).toBe(200);
    expect(harness.sandbox.control.calls().counts.list).toBe(2);
  });
});
