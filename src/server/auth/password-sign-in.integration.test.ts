import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuthSession } from '../../domain/auth-api';
import type { Problem } from '../../domain/problem';
import { startHarness, type Harness } from '../testing/console-harness';
import { hashPassword } from './password-hash';
import { cookieAttributes, TestBrowser } from './testing/test-browser';
import { addUser, readUsersFile } from './users-file';

// The real console with a users file, against the real sandbox over loopback.
const ALICE_PASSWORD = 'alice-correct-horse-battery';
const IDLE_SECONDS = 300;

describe('sign-in with a users file', () => {
  let harness: Harness;
  let directory: string;
  let usersFile: string;
  let clockOffsetMs = 0;
  let clientCounter = 0;
  /** A different client address per test (through TRUST_PROXY), so per-address slow-down stays per test. */
  let clientAddress = '';

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'agc-users-'));
    usersFile = join(directory, 'users.json');
    await addUser(
      usersFile,
      { username: 'alice', name: 'Alice Doe', email: 'alice@staff.example', password: await hashPassword(ALICE_PASSWORD) },
      { replace: false },
    );
    harness = await startHarness({
      clock: () => Date.now() + clockOffsetMs,
      readinessCacheMs: 0,
      env: { AUTH_USERS_FILE: usersFile, SESSION_IDLE_SECONDS: String(IDLE_SECONDS), SESSION_MAX_HOURS: '2', TRUST_PROXY: 'true' },
    });
  });
  afterAll(async () => {
    await harness.close();
    await rm(directory, { recursive: true, force: true });
  });
  beforeEach(() => {
    clientCounter += 1;
    clientAddress = `198.51.100.${clientCounter}`;
  });

  const url = (path: string): string => `${harness.console.url}${path}`;

  function login(browser: TestBrowser, username: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
    return browser.request(url('/api/auth/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': clientAddress, ...headers },
      body: JSON.stringify({ username, password }),
    });
  }

  async function signedIn(): Promise<TestBrowser> {
    const browser = new TestBrowser();
    const answer = await login(browser, 'alice', ALICE_PASSWORD);
    expect(answer.status).toBe(200);
    return browser;
  }

  it('offers the password form on the sign-in page', async () => {
    expect((await harness.api('/api/auth/methods')).body).toEqual({ auth: 'required', password: true, oidc: null });
  });

  it('signs in with the right password and answers who is signed in', async () => {
    const browser = new TestBrowser();
    const answer = await login(browser, ' Alice ', ALICE_PASSWORD);
    expect(answer.status).toBe(200);
    const session = (await answer.json()) as Extract<AuthSession, { auth: 'session' }>;
    expect(session).toMatchObject({ auth: 'session', method: 'password', user: { id: 'alice', name: 'Alice Doe', email: 'alice@staff.example' } });
    const now = Date.now() + clockOffsetMs;
    expect(Date.parse(session.expires_at) - now).toBeGreaterThan((IDLE_SECONDS - 5) * 1000);
    expect(Date.parse(session.expires_at) - now).toBeLessThanOrEqual(IDLE_SECONDS * 1000);
    expect(Date.parse(session.absolute_expires_at) - now).toBeGreaterThan(2 * 3_600_000 - 5000);

    const header = browser.setCookieHeaders.at(-1) ?? '';
    expect(header).toMatch(/^agc_session=[\w-]{43};/);
    const attributes = cookieAttributes(header);
    expect(attributes.has('httponly')).toBe(true);
    expect(attributes.get('samesite')?.toLowerCase()).toBe('lax');
    expect(attributes.has('secure')).toBe(false);
    expect(await (await browser.request(url('/api/auth/session'))).json()).toMatchObject({ auth: 'session', user: { id: 'alice' } });
  });

  it('marks the cookie Secure, with the __Host- prefix, when the request came over HTTPS through the proxy', async () => {
    const browser = new TestBrowser();
    const answer = await login(browser, 'alice', ALICE_PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(answer.status).toBe(200);
    const header = browser.setCookieHeaders.at(-1) ?? '';
    expect(header).toMatch(/^__Host-agc_session=/);
    expect(cookieAttributes(header).has('secure')).toBe(true);
    expect(cookieAttributes(header).get('path')).toBe('/');
    // Over HTTPS only the prefixed cookie counts.
    const id = browser.cookie('127.0.0.1', '__Host-agc_session') ?? '';
    const overHttps = await fetch(url('/api/account-groups?limit=1'), {
      headers: { cookie: `__Host-agc_session=${id}`, 'x-forwarded-proto': 'https' },
    });
    expect(overHttps.status).toBe(200);
    const plainName = await fetch(url('/api/account-groups?limit=1'), { headers: { cookie: `agc_session=${id}`, 'x-forwarded-proto': 'https' } });
    expect(plainName.status).toBe(401);
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const browser = new TestBrowser();
    const wrong = await login(browser, 'alice', 'not-the-password-at-all');
    const unknown = await login(browser, 'nobody', 'not-the-password-at-all');
    for (const answer of [wrong, unknown]) {
      expect(answer.status).toBe(401);
      const problem = (await answer.json()) as Problem;
      expect({ ...problem, request_id: undefined }).toEqual({
        type: '/problems/wrong-credentials',
        title: 'Wrong username or password',
        status: 401,
        detail: 'Wrong username or password.',
      });
    }
    expect(browser.cookie('127.0.0.1', 'agc_session')).toBeUndefined();
  });

  it('refuses a body that is not {username, password}', async () => {
    for (const body of ['{}', '{"username":"alice"}', '{"username":"alice","password":""}', '[]']) {
      const answer = await fetch(url('/api/auth/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(answer.status, body).toBe(400);
    }
    const form = await fetch(url('/api/auth/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=alice&password=x',
    });
    expect(form.status).toBe(415);
  });

  it('slows down repeated failures per username: five free, then 1 s doubling, answered as 429 with Retry-After', async () => {
    const browser = new TestBrowser();
    // A success first: earlier tests' failures for alice start over.
    expect((await login(browser, 'alice', ALICE_PASSWORD)).status).toBe(200);
    for (let attempt = 1; attempt <= 5; attempt += 1) expect((await login(browser, 'alice', `wrong-${attempt}`)).status).toBe(401);

    const slowed = await login(browser, 'alice', ALICE_PASSWORD);
    expect(slowed.status).toBe(429); // even the right password is not checked while slowed down
    expect(slowed.headers.get('retry-after')).toBe('1');
    expect(await slowed.json()).toMatchObject({ type: '/problems/sign-in-slowed-down', retry_after_seconds: 1 });

    const waits: number[] = [];
    for (let round = 0; round < 7; round += 1) {
      const refused = await login(browser, 'alice', 'wrong-again');
      expect(refused.status).toBe(429);
      const wait = Number(refused.headers.get('retry-after'));
      waits.push(wait);
      clockOffsetMs += wait * 1000;
      expect((await login(browser, 'alice', 'wrong-again')).status).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 30, 30]);

    // Another username from the same address is not slowed down by alice's failures...
    expect((await login(browser, 'bob', 'whatever-password')).status).toBe(401);
    // ...and alice, once her wait is over, signs in and starts over.
    clockOffsetMs += 30_000;
    expect((await login(browser, 'alice', ALICE_PASSWORD)).status).toBe(200);
    expect((await login(browser, 'alice', 'wrong-after-success')).status).toBe(401);
  });

  it('slows down one address trying many usernames', async () => {
    const browser = new TestBrowser();
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      expect((await login(browser, `user${attempt}`, 'guess-guess-guess')).status).toBe(401);
    }
    const refused = await login(browser, 'user21', 'guess-guess-guess');
    expect(refused.status).toBe(429);
    // Someone else, elsewhere, is unaffected.
    clientAddress = '203.0.113.250';
    expect((await login(browser, 'user21', 'guess-guess-guess')).status).toBe(401);
  });

  it('gives a new session ID at every sign-in and drops the one the browser had', async () => {
    const browser = await signedIn();
    const first = browser.cookie('127.0.0.1', 'agc_session') ?? '';
    expect((await login(browser, 'alice', ALICE_PASSWORD)).status).toBe(200);
    const second = browser.cookie('127.0.0.1', 'agc_session') ?? '';
    expect(second).not.toBe(first);
    const old = await fetch(url('/api/account-groups?limit=1'), { headers: { cookie: `agc_session=${first}` } });
    expect(old.status).toBe(401);
  });

  it('answers every /api call without a valid session with a 401 problem; probes and sign-in stay public', async () => {
    const group = harness.sandbox.control.groups()[0];
    if (group === undefined) throw new Error('the sandbox holds too few groups');
    const protectedCalls: [string, string][] = [
      ['GET', '/api/account-groups'],
      ['GET', '/api/account-groups?status=LOCKED'],
      ['GET', '/api/account-groups/facets'],
      ['GET', `/api/account-groups/${group.id}`],
      ['GET', '/api/account-groups/export.csv'],
      ['POST', '/api/account-groups/refresh'],
      ['GET', '/api/status'],
      ['GET', '/api/auth/session'],
      ['GET', '/api/no-such-call'],
      ['GET', '/api/%61ccount-groups'],
      ['GET', '/%61pi/account-groups'],
    ];
    for (const cookie of [undefined, 'agc_session=forged-session-id-forged-session-id-0000000']) {
      for (const [method, path] of protectedCalls) {
        const answer = await fetch(url(path), { method, headers: cookie === undefined ? {} : { cookie } });
        expect(answer.status, `${method} ${path}`).toBe(401);
        expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(await answer.json()).toMatchObject({ type: '/problems/unauthenticated', session_ended: cookie !== undefined });
      }
    }
    for (const path of ['/api/health', '/api/ready', '/api/auth/methods']) {
      expect((await fetch(url(path))).status, path).toBe(200);
    }
  });

  it('tells a probe only that the console is not ready; why (Upvest\'s answer) is for someone signed in', async () => {
    const fault = harness.sandbox.control.addFault({ target: 'account_groups', kind: 'status', status: 401 });
    try {
      const callers: Record<string, string>[] = [{}, { cookie: 'agc_session=forged-session-id-forged-session-id-0000000' }];
      for (const headers of callers) {
        const probe = await fetch(url('/api/ready'), { headers });
        expect(probe.status).toBe(503);
        expect(probe.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const problem = (await probe.json()) as Problem;
        expect({ ...problem, request_id: undefined }).toEqual({ type: '/problems/not-ready', title: 'Not ready', status: 503 });
      }
      const known = await (await signedIn()).request(url('/api/ready'));
      expect(known.status).toBe(503);
      expect(await known.json()).toMatchObject({
        type: '/problems/upstream-credentials-refused',
        title: "Not ready: Upvest refused the console's credentials",
        detail: expect.stringContaining('UPVEST_API_') as unknown,
        upstream_request_id: expect.any(String) as unknown,
      });
    } finally {
      harness.sandbox.control.removeFault(fault.id);
    }
    expect((await fetch(url('/api/ready'))).status).toBe(200);
  });

  it('ends an unused session after the idle time; polling the status does not keep it alive', async () => {
    const browser = await signedIn();
    for (let poll = 0; poll < 4; poll += 1) {
      clockOffsetMs += (IDLE_SECONDS / 4) * 1000 - 1000;
      expect((await browser.request(url('/api/status'))).status).toBe(200);
    }
    clockOffsetMs += 5000;
    const answer = await browser.request(url('/api/account-groups?limit=1'));
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ title: 'Your session ended', session_ended: true });
  });

  it('does not count the SPA\'s timed refreshes of an unattended page as use', async () => {
    const browser = await signedIn();
    for (let refresh = 0; refresh < 4; refresh += 1) {
      clockOffsetMs += (IDLE_SECONDS / 4) * 1000 - 1000;
      const answer = await browser.request(url('/api/account-groups?limit=1'), { headers: { 'x-console-background': '1' } });
      expect(answer.status).toBe(200);
    }
    clockOffsetMs += 5000;
    expect((await browser.request(url('/api/account-groups?limit=1'))).status).toBe(401);

    // The same calls made by someone using the page do keep it alive.
    const used = await signedIn();
    for (let call = 0; call < 4; call += 1) {
      clockOffsetMs += (IDLE_SECONDS / 2) * 1000;
      expect((await used.request(url('/api/account-groups?limit=1'))).status).toBe(200);
    }
  });

  it('signs out, and the session ID is worthless afterwards', async () => {
    const browser = await signedIn();
    const id = browser.cookie('127.0.0.1', 'agc_session') ?? '';
    const answer = await browser.request(url('/api/auth/logout'), { method: 'POST', headers: { origin: harness.console.url } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ signed_out: true });
    expect(browser.setCookieHeaders.at(-1)).toMatch(/^agc_session=;/);
    const replay = await fetch(url('/api/account-groups?limit=1'), { headers: { cookie: `agc_session=${id}` } });
    expect(replay.status).toBe(401);
  });

  describe('cross-site protection of state-changing calls', () => {
    const crossSite: [string, Record<string, string>][] = [
      ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
      ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
      ['Origin of another site', { origin: 'https://evil.example' }],
      ['Origin null (sandboxed frame)', { origin: 'null' }],
    ];

    it.each(crossSite)('refuses refresh, sign-in and sign-out with %s', async (_name, headers) => {
      const browser = await signedIn();
      const refresh = await browser.request(url('/api/account-groups/refresh'), { method: 'POST', headers });
      expect(refresh.status).toBe(403);
      expect(await refresh.json()).toMatchObject({ type: '/problems/cross-site-request' });
      const logout = await browser.request(url('/api/auth/logout'), { method: 'POST', headers });
      expect(logout.status).toBe(403);
      expect((await browser.request(url('/api/account-groups?limit=1'))).status).toBe(200); // still signed in
      const signIn = await login(new TestBrowser(), 'alice', ALICE_PASSWORD, headers);
      expect(signIn.status).toBe(403);
    });

    it('accepts them from the console’s own pages', async () => {
      const browser = await signedIn();
      const refresh = await browser.request(url('/api/account-groups/refresh'), {
        method: 'POST',
        headers: { origin: harness.console.url, 'sec-fetch-site': 'same-origin' },
      });
      expect(refresh.status).toBe(200);
    });
  });

  it('lets a user added to the file while running sign in, without a restart', async () => {
    await addUser(usersFile, { username: 'carol', password: await hashPassword('carol-long-password') }, { replace: false });
    const answer = await login(new TestBrowser(), 'carol', 'carol-long-password');
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ user: { id: 'carol' } });
  });

  describe('sessions follow the users file', () => {
    async function signInAs(username: string, password: string): Promise<TestBrowser> {
      const browser = new TestBrowser();
      expect((await login(browser, username, password)).status).toBe(200);
      expect((await browser.request(url('/api/account-groups?limit=1'))).status).toBe(200);
      return browser;
    }

    async function expectSessionEnded(browser: TestBrowser): Promise<void> {
      const answer = await browser.request(url('/api/account-groups?limit=1'));
      expect(answer.status).toBe(401);
      expect(await answer.json()).toMatchObject({ type: '/problems/unauthenticated', session_ended: true });
      expect((await browser.request(url('/api/auth/session'))).status).toBe(401);
    }

    it('ends the sessions of a user removed from the file, at their next call, and only theirs', async () => {
      await addUser(usersFile, { username: 'dave', password: await hashPassword('dave-long-password') }, { replace: false });
      const dave = await signInAs('dave', 'dave-long-password');
      const alice = await signedIn();
      // Removed as an operator would: the file rewritten without dave, renamed over the old one.
      const remaining = (await readUsersFile(usersFile)).users.filter((user) => user.username !== 'dave');
      await writeFile(`${usersFile}.new`, JSON.stringify({ users: remaining }), { mode: 0o600 });
      await rename(`${usersFile}.new`, usersFile);

      await expectSessionEnded(dave);
      expect((await alice.request(url('/api/account-groups?limit=1'))).status).toBe(200);
      expect((await login(new TestBrowser(), 'dave', 'dave-long-password')).status).toBe(401);
    });

    it('ends the sessions of a user whose password was replaced (user:add --replace); the new password signs in', async () => {
      await addUser(usersFile, { username: 'erin', password: await hashPassword('erin-old-password') }, { replace: false });
      const erin = await signInAs('erin', 'erin-old-password');
      await addUser(usersFile, { username: 'erin', password: await hashPassword('erin-new-password') }, { replace: true });

      await expectSessionEnded(erin);
      expect((await login(new TestBrowser(), 'erin', 'erin-old-password')).status).toBe(401);
      await signInAs('erin', 'erin-new-password');
    });
  });

  it('writes one audit line per export, naming the person and the filter', async () => {
    const browser = await signedIn();
    const before = harness.logs.length;
    const answer = await browser.request(url('/api/account-groups/export.csv?status=LOCKED&q=abcdefgh'));
    expect(answer.status).toBe(200);
    await answer.text();
    const lines = harness.logs.slice(before).filter((line) => line.includes('"audit"'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      audit: {
        event: 'account_groups.exported',
        user: { id: 'alice', name: 'Alice Doe', email: 'alice@staff.example', method: 'password' },
        filter: expect.stringContaining('status=LOCKED') as unknown,
      },
    });
  });

  it('writes an audit line for every search (list and counts), naming the person and the term; browsing writes none', async () => {
    const group = harness.sandbox.control.groups()[2];
    if (group === undefined) throw new Error('the sandbox holds too few groups');
    const browser = await signedIn();
    const before = harness.logs.length;
    expect((await browser.request(url('/api/account-groups?limit=5'))).status).toBe(200);
    expect((await browser.request(url('/api/account-groups?status=LOCKED'))).status).toBe(200);
    expect((await browser.request(url('/api/account-groups/facets?type=ISA'))).status).toBe(200);
    expect((await browser.request(url(`/api/account-groups?q=${group.id.toUpperCase()}&limit=5`))).status).toBe(200);
    expect((await browser.request(url(`/api/account-groups/facets?q=${group.id}`))).status).toBe(200);
    const audits = harness.logs
      .slice(before)
      .filter((line) => line.includes('"audit"'))
      .map((line) => (JSON.parse(line) as { audit: unknown }).audit);
    const alice = { id: 'alice', name: 'Alice Doe', email: 'alice@staff.example', method: 'password' };
    expect(audits).toEqual([
      { event: 'account_groups.searched', call: 'list', q: group.id, filter: expect.stringContaining(`q=${group.id}`) as unknown, user: alice, at: expect.any(String) as unknown },
      { event: 'account_groups.searched', call: 'facets', q: group.id, filter: `q=${group.id}`, user: alice, at: expect.any(String) as unknown },
    ]);
  });

  it('never logs passwords, session IDs or the cookie header', async () => {
    const browser = await signedIn();
    const id = browser.cookie('127.0.0.1', 'agc_session') ?? '';
    await browser.request(url('/api/account-groups?limit=1'));
    await login(new TestBrowser(), 'alice', 'a-wrong-password-to-log');
    const logs = harness.logs.join('\n');
    for (const secret of [ALICE_PASSWORD, 'a-wrong-password-to-log', id]) expect(logs).not.toContain(secret);
  });
});
