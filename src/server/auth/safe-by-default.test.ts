import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../testing/run-main';

describe('safe by default', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'agc-start-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('refuses to start on a non-loopback address without sign-in, and says how to configure it', async () => {
    const { code, stderr } = await runMain({ HOST: '0.0.0.0' }, directory);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Invalid setting HOST: is "0\.0\.0\.0", which is not a loopback address/);
    expect(stderr).toContain('OIDC_ISSUER_URL');
    expect(stderr).toContain('AUTH_USERS_FILE');
  });

  it('refuses to start behind a proxy (TRUST_PROXY) without sign-in, even on loopback', async () => {
    const { code, stderr } = await runMain({ HOST: '127.0.0.1', TRUST_PROXY: '1' }, directory);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Invalid setting TRUST_PROXY: is set, so the console expects a reverse proxy in front, but no sign-in is configured/);
    expect(stderr).toContain('Sign-in is required behind a proxy');
  });

  it('refuses to start with a users file that does not exist, naming the setting', async () => {
    const { code, stderr } = await runMain({ HOST: '0.0.0.0', AUTH_USERS_FILE: join(directory, 'missing.json') }, directory);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Invalid setting AUTH_USERS_FILE: .*missing\.json: does not exist \(create it with `npm run user:add`\)/);
  });
});
