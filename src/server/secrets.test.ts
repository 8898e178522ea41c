import { execFile } from 'node:child_process';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/console-harness';
import { sendRaw } from './testing/raw-http';

// A whole session (start, token, list, detail, facets, export, refresh, readiness, errors of every kind)
// with every log line and every response (status line, headers and body) kept; then every secret the
// console held or used is looked for in all of it: the client secret, the private key (as configured,
// encrypted, and as its plain PEM and DER), its passphrase, every access token Upvest handed out and
// every signature value the console sent (both read off the wire by a recording proxy).

const ROOT = resolve(import.meta.dirname, '../..');

describe('secrets never appear in a log line or a response', () => {
  let harness: Harness;
  const responses: string[] = [];

  const call = async (path: string, init?: RequestInit): Promise<number> => {
    const answer = await harness.api(path, init);
    responses.push(`${answer.status}\n${[...answer.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${answer.text}`);
    return answer.status;
  };

  beforeAll(async () => {
    harness = await startHarness({
      startMirror: true,
      recordUpstream: true,
      keyPassphrase: randomBytes(18).toString('base64url'),
      readinessCacheMs: 0,
      env: { LOG_LEVEL: 'trace' },
    });
    await harness.console.mirror.whenComplete();
    const { control } = harness.sandbox;
    const group = control.groups()[9];
    if (group === undefined) throw new Error('the sandbox holds too few groups');

    // The happy path.
    expect(await call('/api/ready')).toBe(200);
    expect(await call('/api/status')).toBe(200);
    expect(await call('/api/account-groups?limit=20&sort=updated_at&order=DESC')).toBe(200);
    expect(await call(`/api/account-groups?q=${group.users[0]?.id ?? ''}`)).toBe(200);
    expect(await call(`/api/account-groups/${group.id}`)).toBe(200);
    expect(await call('/api/account-groups/facets?status=LOCKED')).toBe(200);
    expect(await call('/api/account-groups/export.csv?type=ISA')).toBe(200);
    expect(await call('/api/account-groups/refresh', { method: 'POST' })).toBe(200);

    // Errors of every kind, ours and Upvest's.
    expect(await call('/api/account-groups?limit=0')).toBe(400);
    expect(await call('/api/account-groups/0b9a6f2e-5c1d-4e8f-9a2b-3c4d5e6f7a8b')).toBe(404);
    expect(await call('/api/account-groups', { method: 'DELETE' })).toBe(405);
    for (const fault of [
      { target: 'token', kind: 'status', status: 401 },
      { target: 'token', kind: 'invalid_token' },
      { target: 'token', kind: 'malformed_json' },
      { target: 'account_groups', kind: 'status', status: 403 },
      { target: 'account_groups', kind: 'status', status: 500 },
      { target: 'account_groups', kind: 'malformed_json' },
      { target: 'account_groups', kind: 'truncated_body' },
      { target: 'account_groups', kind: 'rate_limit' },
    ] as const) {
      control.revokeTokens();
      control.addFault(fault);
      expect(await call(`/api/account-groups/${group.id}`)).toBeGreaterThanOrEqual(400);
      expect(await call('/api/account-groups/refresh', { method: 'POST' })).toBe(200);
      expect(await call('/api/ready')).toBe(503);
      control.clearFaults();
    }
    const oversized = await sendRaw(harness.console.url, `GET /api/status HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    responses.push(`${oversized.status}\n${JSON.stringify(oversized.headers)}\n\n${oversized.body}`);
    expect(await call('/api/account-groups?limit=2')).toBe(200);
  }, 60_000);
  afterAll(() => harness.close());

  /** Every form a secret could take in a log line or a body: as is, JSON-escaped, and piece by piece. */
  function secretForms(): [string, string][] {
    const { secrets, upstream } = harness;
    if (upstream === null || secrets.passphrase === null) throw new Error('the harness must record upstream and encrypt the key');
    const traffic = upstream.traffic();
    const pemLines = (pem: string): string[] => pem.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----') && !line.includes(':'));
    const der = createPrivateKey(secrets.privateKeyPem).export({ type: 'pkcs8', format: 'der' });
    // A cut-off secret is still a leak: the short ones are also looked for 16 characters at a time.
    const windows = (name: string, value: string): [string, string][] =>
      Array.from({ length: Math.max(1, value.length - 15) }, (_, start): [string, string] => [`${name} (part)`, value.slice(start, start + 16)]);
    const forms: [string, string][] = [
      ...windows('client secret', secrets.clientSecret),
      ...windows('key passphrase', secrets.passphrase),
      ...traffic.accessTokens.flatMap((token) => windows('access token', token)),
      ['private key (DER, base64)', der.toString('base64')],
      ['private key (DER, hex)', der.toString('hex')],
      ...pemLines(secrets.privateKeyPem).map((line): [string, string] => ['private key (PEM line)', line]),
      ...pemLines(secrets.configuredKeyPem).map((line): [string, string] => ['encrypted private key (PEM line)', line]),
      ...traffic.accessTokens.map((token): [string, string] => ['access token', token]),
      ...traffic.bearerTokens.map((token): [string, string] => ['access token sent', token]),
      ...traffic.signatures.map((signature): [string, string] => ['signature value', /^sig1=:([^:]+):$/.exec(signature)?.[1] ?? signature]),
    ];
    return forms;
  }

  it('has something to look for, and somewhere to look', () => {
    const traffic = harness.upstream?.traffic();
    // Several tokens (each fault round revokes the last one) and many signatures.
    expect(traffic?.accessTokens.length).toBeGreaterThanOrEqual(3);
    expect(traffic?.signatures.length).toBeGreaterThanOrEqual(30);
    expect(harness.logs.length).toBeGreaterThan(100);
    // The Upvest client's own request log lines are among them.
    expect(harness.logs.some((line) => line.includes('"upvest request"'))).toBe(true);
    expect(responses.length).toBeGreaterThan(30);
  });

  it('finds no secret in any log line', () => {
    const leaks: string[] = [];
    for (const [name, value] of secretForms()) {
      for (const line of harness.logs) if (line.includes(value)) leaks.push(`${name} in log line: ${line.slice(0, 200)}`);
    }
    expect(leaks).toEqual([]);
  });

  it('finds no secret in any response', () => {
    const leaks: string[] = [];
    for (const [name, value] of secretForms()) {
      for (const response of responses) if (response.includes(value)) leaks.push(`${name} in response: ${response.slice(0, 200)}`);
    }
    expect(leaks).toEqual([]);
  });

  it('logs no credential-bearing field unless redacted', () => {
    const carriers = /"(authorization|signature|client_secret|clientSecret|access_token|accessToken|passphrase|privateKey)":/;
    const offending = harness.logs.filter((line) => carriers.test(line) && !/"\[redacted\]"/.test(line));
    expect(offending).toEqual([]);
  });
});

describe('the bundle: scripts/check-bundle.mjs and what the SPA is built from', () => {
  const run = promisify(execFile);
  let work: string;

  /** Runs the script with no UPVEST_* settings of the machine, from an empty directory (no .env). */
  const checkBundle = async (...args: string[]): Promise<{ code: number; output: string }> => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('UPVEST_')));
    try {
      const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'scripts/check-bundle.mjs'), ...args], { cwd: work, env });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
  };
  const bundle = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(work, 'dist-'));
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    return dir;
  };
  const cleanFiles = {
    'index.html': '<!doctype html><title>Console</title><script type="module" crossorigin src="/assets/index-abc.js"></script>',
    'assets/index-abc.js': 'const e=fetch("/api/account-groups");export{e};',
  };
  const vectors = JSON.parse(readFileSync(join(ROOT, 'src/upvest/fixtures/upvest-vectors.json'), 'utf8')) as {
    accessToken: string;
    vectors: { key: { privateKeyPem: string; passphrase: string } }[];
  };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'check-bundle-'));
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('passes a clean bundle', async () => {
    const result = await checkBundle(bundle(cleanFiles));
    expect(result).toMatchObject({ code: 0 });
    expect(result.output).toMatch(/2 file\(s\)/);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['signing code', { 'assets/sign.js': 'h["Signature-Input"]=x' }, /assets\/sign\.js: signing code/],
    ['a credential field', { 'assets/a.js': 'body.set("client_secret",s)' }, /credential field/],
    ['a private key', { 'assets/k.js': '"-----BEGIN EC PRIVATE KEY-----\\nMHcC"' }, /private key/],
    ['a setting name of a secret', { 'assets/s.js': 'process.env.UPVEST_API_CLIENT_SECRET' }, /secret setting name/],
    ['a test access token', { 'assets/t.js': `t="${vectors.accessToken}"` }, /test access token/],
    ['a test key passphrase', { 'assets/p.js': `p="${vectors.vectors[0]?.key.passphrase ?? ''}"` }, /test key passphrase/],
    ['one line of a test private key', { 'assets/l.js': `l="${vectors.vectors[0]?.key.privateKeyPem.split('\n')[4] ?? ''}"` }, /test private key/],
    ['an inline script', { 'index.html': '<!doctype html><script>window.x=1</script>' }, /index\.html: inline <script>/],
  ])('flags %s, naming the file and the rule but never the value', async (_name, planted, finding) => {
    const result = await checkBundle(bundle({ ...cleanFiles, ...planted }));
    expect(result.code).toBe(1);
    expect(result.output).toMatch(finding);
    for (const value of Object.values(planted)) {
      for (const secret of [vectors.accessToken, vectors.vectors[0]?.key.passphrase ?? '-']) {
        if (value.includes(secret)) expect(result.output).not.toContain(secret);
      }
    }
  });

  it('reads the precompressed copies as what the browser unpacks', async () => {
    const dir = bundle(cleanFiles);
    writeFileSync(join(dir, 'assets/index-abc.js.br'), brotliCompressSync('h["signature-input"]=x'));
    writeFileSync(join(dir, 'assets/index-abc.js.gz'), gzipSync(`t="${vectors.accessToken}"`));
    const result = await checkBundle(dir);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/assets\/index-abc\.js\.br: signing code/);
    expect(result.output).toMatch(/assets\/index-abc\.js\.gz: test access token/);
  });

  it("flags the operator's own secrets, from .env", async () => {
    const secret = `s3cr3t-${randomBytes(12).toString('hex')}`;
    const envFile = join(work, 'operator.env');
    writeFileSync(envFile, `UPVEST_API_CLIENT_SECRET=${secret}\n`);
    const result = await checkBundle('--env-file', envFile, bundle({ ...cleanFiles, 'assets/leak.js': `x="${secret}"` }));
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/assets\/leak\.js: client secret/);
    expect(result.output).not.toContain(secret);
  });

  it('fails, rather than passes, when there is nothing to check', async () => {
    expect((await checkBundle()).code).toBe(2); // no dist/ in an empty directory
    expect((await checkBundle(join(work, 'missing'))).code).toBe(2);
    const empty = mkdtempSync(join(work, 'empty-'));
    expect((await checkBundle(empty)).code).toBe(2);
  });

  it('finds nothing in the sources the SPA is built from (src/web, src/domain)', async () => {
    const result = await checkBundle(join(ROOT, 'src/web'), join(ROOT, 'src/domain'));
    expect(result).toMatchObject({ code: 0 });
  });

  it('no source of the SPA or the domain imports server, Upvest-client or sandbox code', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((entry) => entry.isFile() && /\.(ts|tsx|js|mjs)$/.test(entry.name))
        .map((entry) => join(entry.parentPath, entry.name));
    const imports = /(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g;
    const offending: string[] = [];
    for (const file of [...sources(join(ROOT, 'src/web')), ...sources(join(ROOT, 'src/domain'))]) {
      for (const match of readFileSync(file, 'utf8').matchAll(imports)) {
        if (/(^|\/)(server|upvest|sandbox)(\/|$)/.test(match[1] ?? '')) offending.push(`${file}: ${match[1] ?? ''}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
