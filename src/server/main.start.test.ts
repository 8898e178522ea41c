import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from './testing/run-main';

// What an operator sees when `npm start` cannot start: the setting to fix, never key material.

const PASSPHRASE = 'the-right-passphrase-42';
const keyPair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ENCRYPTED_PEM = keyPair.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }).toString();
const PUBLIC_PEM = keyPair.publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('starting the console', () => {
  let directory: string;
  let live: Record<string, string>;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'agc-main-'));
    await writeFile(join(directory, 'key.pem'), ENCRYPTED_PEM, { mode: 0o600 });
    await writeFile(join(directory, 'public.pem'), PUBLIC_PEM);
    live = {
      // Never contacted: the key is loaded before anything is sent.
      UPVEST_API_BASE_URL: 'https://sandbox.upvest.co',
      UPVEST_API_CLIENT_ID: 'client-under-test',
      UPVEST_API_CLIENT_SECRET: 'secret-under-test',
      UPVEST_API_KEY_ID: 'key-under-test',
      UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME: join(directory, 'key.pem'),
      UPVEST_API_HTTP_SIGN_PRIVATE_KEY_PASSPHRASE: PASSPHRASE,
    };
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('reads .env from its working directory', async () => {
    const withEnvFile = await mkdtemp(join(directory, 'env-'));
    await writeFile(join(withEnvFile, '.env'), 'MIRROR_SYNC_INTERVAL_SECONDS=never\n');
    const { code, stderr } = await runMain({}, withEnvFile);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Invalid setting MIRROR_SYNC_INTERVAL_SECONDS: /);
  });

  // Side by side: each case is a process start that mostly waits on tsx.
  it.concurrent.for<[string, Record<string, string>, string, RegExp]>([
    ['a wrong passphrase', { UPVEST_API_HTTP_SIGN_PRIVATE_KEY_PASSPHRASE: 'not-the-passphrase' }, 'UPVEST_API_HTTP_SIGN_PRIVATE_KEY_PASSPHRASE', /wrong passphrase/],
    ['a missing passphrase', { UPVEST_API_HTTP_SIGN_PRIVATE_KEY_PASSPHRASE: '' }, 'UPVEST_API_HTTP_SIGN_PRIVATE_KEY_PASSPHRASE', /missing passphrase/],
    ['a key ID with a quote', { UPVEST_API_KEY_ID: 'key"id' }, 'UPVEST_API_KEY_ID', /key ID must be printable ASCII/],
    ['a public key file', { UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME: 'public.pem' }, 'UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME', /public key/],
    ['key text that is no key', { UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME: '', UPVEST_API_HTTP_SIGN_PRIVATE_KEY: 'hello' }, 'UPVEST_API_HTTP_SIGN_PRIVATE_KEY', /not a PEM key/],
  ])('names the setting to fix for %s, without key material', async ([, change, setting, reason], { expect }) => {
    const { code, stderr } = await runMain({ ...live, ...change }, directory);
    expect(code).toBe(2);
    expect(stderr.startsWith(`Invalid setting ${setting}: Cannot load the signing key: `)).toBe(true);
    expect(stderr).toMatch(reason);
    expect(stderr).not.toContain(PASSPHRASE);
    expect(stderr).not.toContain('secret-under-test');
    for (const line of ENCRYPTED_PEM.split('\n').filter((text) => text.length > 20)) expect(stderr).not.toContain(line);
  });
});
