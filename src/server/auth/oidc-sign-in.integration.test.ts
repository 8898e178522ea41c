import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthSession } from '../../domain/auth-api';
import type { Problem } from '../../domain/problem';
import { startHarness, type Harness } from '../testing/console-harness';
import { freePort } from './testing/free-port';
import { startOidcTestProvider, TEST_ACCOUNTS, type OidcTestProvider } from './testing/oidc-test-provider';
import { walkToCallback } from './testing/oidc-walk';
import { cookieAttributes, TestBrowser } from './testing/test-browser';

// The real console against a real OpenID provider (oidc-provider) and the real sandbox, over loopback.
const CLIENT_SECRET = 'oidc-client-secret-that-must-never-leak-0123456789';
const IDLE_SECONDS = 600;

describe('sign-in with OpenID Connect', () => {
  let provider: OidcTestProvider;
  let harness: Harness;
  let consoleUrl: string;
  let clockOffsetMs = 0;

  beforeAll(async () => {
    const port = await freePort();
    consoleUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcTestProvider({
      clients: [{ clientId: 'console', clientSecret: CLIENT_SECRET, redirectUris: [`${consoleUrl}/api/auth/oidc/callback`] }],
      accounts: TEST_ACCOUNTS,
    });
    harness = await startHarness({
      clock: () => Date.now() + clockOffsetMs,
      env: {
        PORT: String(port),
        OIDC_ISSUER_URL: provider.issuer,
        OIDC_CLIENT_ID: 'console',
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_REDIRECT_URL: `${consoleUrl}/api/auth/oidc/callback`,
        OIDC_PROVIDER_NAME: 'Test IdP',
        AUTH_ALLOWED_EMAIL_DOMAINS: 'staff.example',
        AUTH_ALLOWED_GROUPS: 'console-operators',
        SESSION_IDLE_SECONDS: String(IDLE_SECONDS),
        SESSION_MAX_HOURS: '8',
      },
    });
  });
  afterAll(async () => {
    await harness.close();
    await provider.close();
  });

  async function signIn(login: string, next?: string): Promise<{ browser: TestBrowser; callback: Response }> {
    const browser = new TestBrowser();
    const callbackUrl = await walkToCallback(browser, consoleUrl, { login, ...(next === undefined ? {} : { next }) });
    const callback = await browser.request(callbackUrl);
    return { browser, callback };
  }

  it('offers the provider by name on the sign-in page', async () => {
    const answer = await harness.api('/api/auth/methods');
    expect(answer.body).toEqual({ auth: 'required', password: false, oidc: { name: 'Test IdP' } });
  });

  it('signs in a permitted person, back to where they were, with an HttpOnly SameSite=Lax session cookie', async () => {
    const { browser, callback } = await signIn('alice', '/account-groups?status=LOCKED');
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/account-groups?status=LOCKED');

    const sessionCookie = browser.setCookieHeaders.find((header) => header.startsWith('agc_session='));
    expect(sessionCookie).toBeDefined();
    const attributes = cookieAttributes(sessionCookie ?? '');
    expect(attributes.has('httponly')).toBe(true);
    expect(attributes.get('samesite')?.toLowerCase()).toBe('lax');
    expect(attributes.get('path')).toBe('/');
    expect(attributes.has('secure')).toBe(false); // plain http on loopback
    // The pending sign-in cookie is gone once used.
    expect(browser.cookie('127.0.0.1', 'agc_oidc')).toBeUndefined();

    const session = await browser.request(`${consoleUrl}/api/auth/session`);
    expect(await session.json()).toMatchObject({
      auth: 'session',
      method: 'oidc',
      user: { id: 'alice', name: 'Alice Staff', email: 'alice@staff.example' },
    });
    const list = await browser.request(`${consoleUrl}/api/account-groups?limit=5`);
    expect(list.status).toBe(200);
  });

  it.each(['/.//evil.example/phish', '/..//evil.example/phish', '/a/..//evil.example/phish', '/%2e//evil.example/phish'])(
    'never sends the browser off the console after sign-in, even for %s (which normalises to //evil.example)',
    async (next) => {
      const { callback } = await signIn('alice', next);
      expect(callback.status).toBe(303);
      expect(callback.headers.get('location')).toBe('/account-groups');
    },
  );

  it('asks the provider for a code with PKCE (S256), state and nonce, and sends no secret through the browser', async () => {
    const browser = new TestBrowser();
    const start = await browser.request(`${consoleUrl}/api/auth/oidc/start?next=/account-groups`);
    const authorize = new URL(start.headers.get('location') ?? '');
    expect(authorize.origin).toBe(provider.issuer);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(authorize.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(authorize.searchParams.get('scope')).toBe('openid email profile');
    expect(authorize.href).not.toContain(CLIENT_SECRET);
    const pending = browser.setCookieHeaders.find((header) => header.startsWith('agc_oidc='));
    expect(cookieAttributes(pending ?? '').get('path')).toBe('/api/auth/oidc');
    expect(cookieAttributes(pending ?? '').has('httponly')).toBe(true);
  });

  it('lets in a person by the groups claim', async () => {
    const { browser, callback } = await signIn('gina');
    expect(callback.status).toBe(303);
    const session = (await (await browser.request(`${consoleUrl}/api/auth/session`)).json()) as AuthSession;
    expect(session).toMatchObject({ auth: 'session', user: { id: 'gina', email: 'gina@contractor.example' } });
  });

  it('refuses a person not on the allow-list with a 403 that does not reveal the list', async () => {
    const browser = new TestBrowser();
    const callbackUrl = await walkToCallback(browser, consoleUrl, { login: 'mallory', next: '/account-groups' });
    const answer = await browser.request(callbackUrl, { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(403);
    const problem = (await answer.json()) as Problem & { sign_in_error: string };
    expect(problem).toMatchObject({ type: '/problems/forbidden', status: 403, sign_in_error: 'not-allowed' });
    expect(problem.detail).toContain('mallory@elsewhere.example is not allowed');
    expect(JSON.stringify(problem)).not.toMatch(/staff\.example|console-operators/);
    expect(browser.cookie('127.0.0.1', 'agc_session')).toBeUndefined();
    expect((await browser.request(`${consoleUrl}/api/account-groups`)).status).toBe(401);
  });

  it('sends a refused browser to the sign-in page with the reason as a code', async () => {
    const { browser, callback } = await signIn('mallory', '/account-groups?q=abc');
    expect(callback.status).toBe(303);
    const location = new URL(callback.headers.get('location') ?? '', consoleUrl);
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('error')).toBe('not-allowed');
    expect(location.searchParams.get('next')).toBe('/account-groups?q=abc');
    expect(browser.cookie('127.0.0.1', 'agc_session')).toBeUndefined();
  });

  it('does not let an unverified e-mail address match the allowed domain', async () => {
    const browser = new TestBrowser();
    const callbackUrl = await walkToCallback(browser, consoleUrl, { login: 'eve' });
    const answer = await browser.request(callbackUrl, { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ sign_in_error: 'email-unverified' });
  });

  it('refuses a callback whose state was tampered with, and the pending sign-in is then used up', async () => {
    const browser = new TestBrowser();
    const callbackUrl = await walkToCallback(browser, consoleUrl, { login: 'alice' });
    const pendingCookie = browser.cookie('127.0.0.1', 'agc_oidc') ?? '';
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state') ?? ''}x`);
    const answer = await browser.request(tampered, { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ type: '/problems/sign-in-failed', sign_in_error: 'failed' });
    expect(browser.cookie('127.0.0.1', 'agc_session')).toBeUndefined();

    // The genuine callback afterwards, even with the pending cookie put back, finds nothing to finish.
    browser.setCookie('127.0.0.1', 'agc_oidc', pendingCookie, '/api/auth/oidc');
    const genuine = await browser.request(callbackUrl, { headers: { accept: 'application/json' } });
    expect(genuine.status).toBe(400);
    expect(await genuine.json()).toMatchObject({ sign_in_error: 'expired' });
  });

  it('binds the code to the PKCE verifier of the browser that started: a code injected into another sign-in is refused', async () => {
    const attacker = new TestBrowser();
    const attackerCallback = await walkToCallback(attacker, consoleUrl, { login: 'alice' });
    const victim = new TestBrowser();
    const victimCallback = await walkToCallback(victim, consoleUrl, { login: 'gina' });

    // The victim's own state (so the state check passes) with the attacker's code: only PKCE can catch it.
    const injected = new URL(victimCallback);
    injected.searchParams.set('code', attackerCallback.searchParams.get('code') ?? '');
    const answer = await victim.request(injected, { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ type: '/problems/sign-in-failed' });
    expect(victim.cookie('127.0.0.1', 'agc_session')).toBeUndefined();
    expect(harness.logs.some((line) => line.includes('invalid_grant'))).toBe(true);
  });

  it('refuses a callback in a browser that did not start the sign-in', async () => {
    const browser = new TestBrowser();
    const callbackUrl = await walkToCallback(browser, consoleUrl, { login: 'alice' });
    const other = new TestBrowser();
    const answer = await other.request(callbackUrl, { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ sign_in_error: 'expired' });
  });

  it.each(['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/api/auth/logout'])(
    'never redirects off the console after sign-in (next=%s)',
    async (next) => {
      const { callback } = await signIn('alice', next);
      expect(callback.status).toBe(303);
      expect(callback.headers.get('location')).toBe('/account-groups');
    },
  );

  it('ends the session after the idle time, and a poll of the status does not count as use', async () => {
    const { browser } = await signIn('alice');
    expect((await browser.request(`${consoleUrl}/api/account-groups?limit=1`)).status).toBe(200);

    clockOffsetMs += (IDLE_SECONDS - 60) * 1000;
    expect((await browser.request(`${consoleUrl}/api/status`)).status).toBe(200);
    clockOffsetMs += 120 * 1000; // idle for IDLE_SECONDS + 60 since the last real use
    const answer = await browser.request(`${consoleUrl}/api/account-groups?limit=1`);
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ type: '/problems/unauthenticated', session_ended: true });
    // The dead cookie is cleared.
    expect(browser.cookie('127.0.0.1', 'agc_session')).toBeUndefined();
  });

  it('keeps a session in use alive, but never past its absolute expiry', async () => {
    const { browser } = await signIn('alice');
    const signedInAt = Date.now() + clockOffsetMs;
    const maxMs = 8 * 3_600_000;
    const step = (IDLE_SECONDS - 10) * 1000;
    // Used every step: always within the idle time, so only the absolute expiry can end it.
    let uses = 0;
    while (Date.now() + clockOffsetMs + step < signedInAt + maxMs - 5000) {
      clockOffsetMs += step;
      expect((await browser.request(`${consoleUrl}/api/account-groups?limit=1`)).status).toBe(200);
      uses += 1;
    }
    expect(uses).toBeGreaterThan(40);
    clockOffsetMs += step;
    expect((await browser.request(`${consoleUrl}/api/account-groups?limit=1`)).status).toBe(401);
  });

  it('signs out: the session is gone on the server and the cookie cleared', async () => {
    const { browser } = await signIn('alice');
    const sessionId = browser.cookie('127.0.0.1', 'agc_session') ?? '';
    const answer = await browser.request(`${consoleUrl}/api/auth/logout`, { method: 'POST', headers: { origin: consoleUrl } });
    expect(answer.status).toBe(200);
    expect(browser.cookie('127.0.0.1', 'agc_session')).toBeUndefined();
    // Even someone who kept a copy of the cookie gets nothing.
    const replay = await fetch(`${consoleUrl}/api/account-groups`, { headers: { cookie: `agc_session=${sessionId}` } });
    expect(replay.status).toBe(401);
  });

  it('writes one audit line naming the person for a group opened', async () => {
    const { browser } = await signIn('alice');
    const group = harness.sandbox.control.groups()[3];
    if (group === undefined) throw new Error('the sandbox holds too few groups');
    const before = harness.logs.length;
    expect((await browser.request(`${consoleUrl}/api/account-groups/${group.id}`)).status).toBe(200);
    const lines = harness.logs.slice(before).filter((line) => line.includes('"audit"'));
    expect(lines).toHaveLength(1);
    const { audit } = JSON.parse(lines[0] ?? '{}') as { audit: Record<string, unknown> };
    expect(audit).toMatchObject({
      event: 'account_group.viewed',
      group_id: group.id,
      user: { id: 'alice', name: 'Alice Staff', email: 'alice@staff.example', method: 'oidc' },
    });
    expect(Date.parse(String(audit.at))).not.toBeNaN();
  });

  it('never logs the client secret, codes, tokens or session IDs', async () => {
    const browser = new TestBrowser();
    const callbackUrl = await walkToCallback(browser, consoleUrl, { login: 'alice' });
    await browser.request(callbackUrl);
    const code = callbackUrl.searchParams.get('code') ?? '';
    const state = callbackUrl.searchParams.get('state') ?? '';
    const sessionId = browser.cookie('127.0.0.1', 'agc_session') ?? '';
    expect(code.length).toBeGreaterThan(10);
    expect(sessionId.length).toBeGreaterThan(40);
    const logs = harness.logs.join('\n');
    for (const secret of [CLIENT_SECRET, code, state, sessionId]) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/eyJ[\w-]+\.eyJ/); // no JWT (ID or access token)
    // The callback is still logged, without its query.
    expect(logs).toContain('/api/auth/oidc/callback?[redacted]');
  });
});
