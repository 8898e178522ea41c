import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { startHarness } from '../testing/console-harness';
import { hashPassword } from './password-hash';
import { plainHttpWarning } from './plain-http-warning';
import { addUser } from './users-file';

const OIDC = {
  OIDC_ISSUER_URL: 'https://login.example.com',
  OIDC_CLIENT_ID: 'console',
  OIDC_CLIENT_SECRET: 'a-client-secret',
  OIDC_REDIRECT_URL: 'https://console.example.com/api/auth/oidc/callback',
  AUTH_ALLOWED_EMAIL_DOMAINS: 'example.com',
};

const warningFor = (env: Record<string, string>): string | null => plainHttpWarning(loadConfig(env).auth);

describe('the warning about sign-in over plain HTTP', () => {
  it('is given for password sign-in on a network address with no HTTPS proxy in front', () => {
    const warning = warningFor({ HOST: '0.0.0.0', AUTH_USERS_FILE: 'users.json' });
    expect(warning).toContain('listens on 0.0.0.0 in plain HTTP');
    expect(warning).toContain('TRUST_PROXY is not set');
    expect(warning).toContain('passwords and session cookies travel in clear');
    expect(warning).toContain('cookies are not marked Secure');
  });

  it('names only session cookies when there is no password sign-in', () => {
    expect(warningFor({ HOST: '10.1.2.3', ...OIDC })).toContain(': session cookies travel in clear');
  });

  it.each<Record<string, string>>([
    { HOST: '127.0.0.1', AUTH_USERS_FILE: 'users.json' },
    { HOST: '::1', AUTH_USERS_FILE: 'users.json' },
    { HOST: '0.0.0.0', AUTH_USERS_FILE: 'users.json', TRUST_PROXY: '1' },
    { HOST: '0.0.0.0', ...OIDC, TRUST_PROXY: '10.0.0.5' },
    { HOST: '127.0.0.1' },
  ])('is not given for %j (this machine only, behind a proxy, or no sign-in)', (env) => {
    expect(warningFor(env)).toBeNull();
  });
});

// 127.0.0.2 is no loopback name to the console (it needs sign-in there) but binds on this machine only.
describe('the console started with password sign-in on a network address without TRUST_PROXY', () => {
  let directory: string;
  let usersFile: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'agc-plain-http-'));
    usersFile = join(directory, 'users.json');
    await addUser(usersFile, { username: 'alice', password: await hashPassword('alice-long-password') }, { replace: false });
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it.each<[Record<string, string>, boolean]>([
    [{}, true],
    [{ TRUST_PROXY: '1' }, false],
  ])('with %j logs a warning at start: %s', async (extra, warned) => {
    const harness = await startHarness({ env: { HOST: '127.0.0.2', AUTH_USERS_FILE: usersFile, LOG_LEVEL: 'warn', ...extra } });
    try {
      const warnings = harness.logs
        .map((line) => JSON.parse(line) as { level: number; msg: string; host?: string })
        .filter((line) => line.level === 40 && line.msg.includes('plain HTTP'));
      expect(warnings).toEqual(
        warned ? [expect.objectContaining({ host: '127.0.0.2', msg: expect.stringContaining('passwords and session cookies travel in clear') as unknown })] : [],
      );
    } finally {
      await harness.close();
    }
  });
});
