import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';

const OIDC = {
  OIDC_ISSUER_URL: 'https://login.example.com',
  OIDC_CLIENT_ID: 'console',
  OIDC_CLIENT_SECRET: 'a-client-secret-never-repeated',
  OIDC_REDIRECT_URL: 'https://console.example.com/api/auth/oidc/callback',
  AUTH_ALLOWED_EMAIL_DOMAINS: 'example.com',
};

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('sign-in settings', () => {
  it.each(['127.0.0.1', '::1', 'localhost'])('runs without sign-in on loopback (%s), as before', (host) => {
    expect(loadConfig({ HOST: host }).auth).toEqual({ mode: 'none' });
  });

  it.each(['0.0.0.0', '::', '10.1.2.3', '192.168.1.20'])('refuses to start on %s without sign-in, and says how to configure it', (host) => {
    const error = errorOf({ HOST: host });
    expect(error.setting).toBe('HOST');
    for (const hint of ['OIDC_ISSUER_URL', 'AUTH_ALLOWED_EMAILS', 'AUTH_USERS_FILE', 'npm run user:add', '127.0.0.1']) {
      expect(error.message).toContain(hint);
    }
  });

  it('starts anywhere with OIDC, a users file, or both', () => {
    const oidc = loadConfig({ HOST: '0.0.0.0', ...OIDC }).auth;
    expect(oidc).toMatchObject({
      mode: 'required',
      usersFile: null,
      oidc: { clientId: 'console', scopes: ['openid', 'email', 'profile'], groupsClaim: 'groups', providerName: 'login.example.com' },
      session: { idleMs: 1_800_000, maxMs: 12 * 3_600_000 },
    });
    expect(loadConfig({ HOST: '0.0.0.0', AUTH_USERS_FILE: '/etc/console/users.json' }).auth).toMatchObject({
      mode: 'required',
      oidc: null,
      usersFile: '/etc/console/users.json',
    });
    expect(loadConfig({ HOST: '0.0.0.0', ...OIDC, AUTH_USERS_FILE: 'users.json' }).auth).toMatchObject({ mode: 'required', usersFile: 'users.json' });
  });

  it('also requires sign-in on loopback once it is configured', () => {
    expect(loadConfig({ AUTH_USERS_FILE: 'users.json' }).auth.mode).toBe('required');
  });

  it('reads the allow-list case-insensitively for e-mails and domains, exactly for groups', () => {
    const auth = loadConfig({
      ...OIDC,
      AUTH_ALLOWED_EMAILS: 'Ann@Example.org, bob@example.net',
      AUTH_ALLOWED_EMAIL_DOMAINS: '@Staff.Example.com',
      AUTH_ALLOWED_GROUPS: 'Console Operators,admins',
    }).auth;
    expect(auth.mode === 'required' && auth.oidc?.allowList).toEqual({
      emails: ['ann@example.org', 'bob@example.net'],
      emailDomains: ['staff.example.com'],
      groups: ['Console Operators', 'admins'],
    });
  });

  it.each([
    [{ ...OIDC, AUTH_ALLOWED_EMAIL_DOMAINS: '' }, 'AUTH_ALLOWED_EMAILS'],
    [{ ...OIDC, OIDC_CLIENT_ID: '' }, 'OIDC_CLIENT_ID'],
    [{ ...OIDC, OIDC_CLIENT_SECRET: ' ' }, 'OIDC_CLIENT_SECRET'],
    [{ ...OIDC, OIDC_REDIRECT_URL: '' }, 'OIDC_REDIRECT_URL'],
    [{ ...OIDC, OIDC_ISSUER_URL: 'http://login.example.com' }, 'OIDC_ISSUER_URL'],
    [{ ...OIDC, OIDC_ISSUER_URL: 'login.example.com' }, 'OIDC_ISSUER_URL'],
    [{ ...OIDC, OIDC_REDIRECT_URL: 'https://console.example.com/callback' }, 'OIDC_REDIRECT_URL'],
    [{ ...OIDC, OIDC_REDIRECT_URL: 'http://console.example.com/api/auth/oidc/callback' }, 'OIDC_REDIRECT_URL'],
    [{ ...OIDC, OIDC_SCOPES: 'email profile' }, 'OIDC_SCOPES'],
    [{ ...OIDC, OIDC_GROUPS_CLAIM: 'two words' }, 'OIDC_GROUPS_CLAIM'],
    [{ ...OIDC, AUTH_ALLOWED_EMAILS: 'not-an-address' }, 'AUTH_ALLOWED_EMAILS'],
    [{ ...OIDC, AUTH_ALLOWED_EMAIL_DOMAINS: 'localhost' }, 'AUTH_ALLOWED_EMAIL_DOMAINS'],
    [{ OIDC_CLIENT_ID: 'console' }, 'OIDC_ISSUER_URL'],
    [{ AUTH_ALLOWED_GROUPS: 'ops' }, 'AUTH_ALLOWED_GROUPS'],
    [{ AUTH_USERS_FILE: 'u.json', SESSION_IDLE_SECONDS: '2' }, 'SESSION_IDLE_SECONDS'],
    [{ AUTH_USERS_FILE: 'u.json', SESSION_IDLE_SECONDS: 'half an hour' }, 'SESSION_IDLE_SECONDS'],
    [{ AUTH_USERS_FILE: 'u.json', SESSION_MAX_HOURS: '0' }, 'SESSION_MAX_HOURS'],
    [{ AUTH_USERS_FILE: 'u.json', TRUST_PROXY: 'yes please' }, 'TRUST_PROXY'],
  ])('names the wrong setting in %j', (env, setting) => {
    const error = errorOf(env);
    expect(error.setting).toBe(setting);
    expect(error.message).not.toContain('a-client-secret-never-repeated');
  });

  it('allows plain http for a provider and console on this machine only', () => {
    const auth = loadConfig({
      ...OIDC,
      OIDC_ISSUER_URL: 'http://127.0.0.1:9000',
      OIDC_REDIRECT_URL: 'http://localhost:3000/api/auth/oidc/callback',
    }).auth;
    expect(auth.mode === 'required' && auth.oidc?.issuerUrl.href).toBe('http://127.0.0.1:9000/');
  });

  it('reads TRUST_PROXY as on, off, a hop count or proxy addresses', () => {
    const signIn = { AUTH_USERS_FILE: 'users.json' };
    expect(loadConfig(signIn).trustProxy).toBe(false);
    expect(loadConfig({ ...signIn, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ ...signIn, TRUST_PROXY: '10.0.0.1, 10.0.0.0/8' }).trustProxy).toBe('10.0.0.1,10.0.0.0/8');
    const hops = loadConfig({ ...signIn, TRUST_PROXY: '2' }).trustProxy;
    expect(typeof hops === 'function' && [hops('10.0.0.1', 0), hops('10.0.0.1', 1), hops('10.0.0.1', 2)]).toEqual([true, true, false]);
  });
});

describe('a proxy in front of the console without sign-in', () => {
  it.each(['true', '1', '127.0.0.1', 'TRUE'])('refuses to start with TRUST_PROXY=%s, saying sign-in is required behind a proxy', (value) => {
    const error = errorOf({ TRUST_PROXY: value });
    expect(error.setting).toBe('TRUST_PROXY');
    expect(error.message).toContain('Sign-in is required behind a proxy');
    expect(error.message).toContain('serves this machine only');
    for (const hint of ['OIDC_ISSUER_URL', 'AUTH_USERS_FILE']) expect(error.message).toContain(hint);
  });

  it('starts without sign-in when TRUST_PROXY is unset or false, and behind a proxy once sign-in is configured', () => {
    expect(loadConfig({}).auth).toEqual({ mode: 'none' });
    expect(loadConfig({ TRUST_PROXY: 'false' }).auth).toEqual({ mode: 'none' });
    expect(loadConfig({ TRUST_PROXY: '1', ...OIDC }).auth.mode).toBe('required');
  });
});
