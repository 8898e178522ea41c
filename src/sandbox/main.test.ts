import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonOf } from './testing/raw-http';
import { TestClient } from './testing/test-client';

const MAIN = new URL('./main.ts', import.meta.url).pathname;
const children: ChildProcessWithoutNullStreams[] = [];

function start(env: Record<string, string>, args: readonly string[] = []): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
  children.push(child);
  return child;
}

function output(child: ChildProcessWithoutNullStreams, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString();
      if (until.test(text)) resolve(text);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => {
      if (until.test(text)) resolve(text);
      else reject(new Error(`exited before printing ${String(until)}:\n${text}`));
    });
  });
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm run sandbox (main.ts)', () => {
  it('generates credentials, prints a working env block for the console, and stops cleanly on SIGTERM', async () => {
    const child = start({ SANDBOX_PORT: '0', SANDBOX_ACCOUNT_GROUPS: '300', SANDBOX_SEED: '4' });
    const text = await output(child, /UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME=\S+/);
    const env = Object.fromEntries([...text.matchAll(/(UPVEST_API_[A-Z_]+)=(\S+)/g)].map((match) => [match[1] ?? '', match[2] ?? '']));
    expect(Object.keys(env).sort()).toEqual([
      'UPVEST_API_BASE_URL',
      'UPVEST_API_CLIENT_ID',
      'UPVEST_API_CLIENT_SECRET',
      'UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME',
      'UPVEST_API_KEY_ID',
    ]);
    expect(text).toMatch(/Account groups:\s+300 \(seed 4\)/);
    const keyFile = env.UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME ?? '';
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const privateKey = createPrivateKey(readFileSync(keyFile, 'utf8'));
    rmSync(dirname(keyFile), { recursive: true });
    const client = new TestClient(env.UPVEST_API_BASE_URL ?? '', {
      clientId: env.UPVEST_API_CLIENT_ID ?? '',
      clientSecret: env.UPVEST_API_CLIENT_SECRET ?? '',
      keyId: env.UPVEST_API_KEY_ID ?? '',
      privateKey,
      publicKey: privateKey,
    });
    const page = await client.get('/account_groups?limit=3', { token: await client.accessToken() });
    expect(page.status).toBe(200);
    expect(jsonOf(page)).toMatchObject({ meta: { total_count: 300, count: 3 } });

    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);
  });

  it('serves configured public keys and never prints a configured secret', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sandbox-main-test-'));
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const publicKeyFile = join(directory, 'public.pem');
    writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
    const child = start({ SANDBOX_CLIENT_ID: 'cid', SANDBOX_CLIENT_SECRET: 'configured-secret-xyz', SANDBOX_KEY_ID: 'kid-1', SANDBOX_PUBLIC_KEY_FILE: publicKeyFile, SANDBOX_ACCOUNT_GROUPS: '5' }, [
      '--port',
      '0',
    ]);
    const text = await output(child, /UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME=/);
    expect(text).not.toContain('configured-secret-xyz');
    expect(text).toContain('UPVEST_API_CLIENT_SECRET="$SANDBOX_CLIENT_SECRET"');
    const baseUrl = /UPVEST_API_BASE_URL=(\S+)/.exec(text)?.[1] ?? '';
    const client = new TestClient(baseUrl, { clientId: 'cid', clientSecret: 'configured-secret-xyz', keyId: 'kid-1', privateKey, publicKey });
    expect((await client.tokenRequest()).status).toBe(200);
    child.kill('SIGINT');
    expect(await exitCode(child)).toBe(0);
    rmSync(directory, { recursive: true });
  });

  it.each([
    [{ SANDBOX_PORT: 'eighty' }, /SANDBOX_PORT/],
    [{ SANDBOX_ACCOUNT_GROUPS: 'many' }, /SANDBOX_ACCOUNT_GROUPS/],
    [{ SANDBOX_KEY_ID: 'k', SANDBOX_PUBLIC_KEY_FILE: '/nonexistent/key.pem' }, /SANDBOX_PUBLIC_KEY_FILE/],
  ])('exits with code 2 naming the invalid setting %j', async (env, message) => {
    const child = start(env);
    const text = await output(child, message);
    expect(text).toMatch(/Invalid sandbox setting/);
    expect(await exitCode(child)).toBe(2);
  });
});
