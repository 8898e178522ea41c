import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../password-hash';
import { readUsersFile } from '../users-file';

const SCRIPT = new URL('./user-add.ts', import.meta.url).pathname;
const TSX = new URL('../../../../node_modules/.bin/tsx', import.meta.url).pathname;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run user:add` as an operator runs it, with the password piped on stdin. */
function userAdd(args: string[], stdin: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [SCRIPT, ...args], { env: { ...process.env, AUTH_USERS_FILE: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

describe('npm run user:add', () => {
  let directory: string;
  let file: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'agc-user-add-'));
    file = join(directory, 'users.json');
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('adds a user with the password from stdin, hashed, in a file of mode 0600', async () => {
    const run = await userAdd(['--file', file, '--username', 'Alice', '--name', 'Alice Doe', '--email', 'alice@staff.example'], 'piped-password-123\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Added user "alice"');
    expect(run.stdout + run.stderr).not.toContain('piped-password-123');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const [user] = (await readUsersFile(file)).users;
    expect(user).toMatchObject({ username: 'alice', name: 'Alice Doe', email: 'alice@staff.example' });
    expect(await verifyPassword('piped-password-123', user?.password ?? '')).toBe(true);
  });

  it('refuses a duplicate unless --replace is given', async () => {
    const duplicate = await userAdd(['--file', file, '--username', 'alice'], 'another-password-456\n');
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toContain('already has a user "alice"');
    const replaced = await userAdd(['--file', file, '--username', 'alice', '--replace'], 'another-password-456\n');
    expect(replaced.code).toBe(0);
    const [user] = (await readUsersFile(file)).users;
    expect(await verifyPassword('another-password-456', user?.password ?? '')).toBe(true);
  });

  it('refuses a password shorter than 12 characters, and bad arguments, without touching the file', async () => {
    const short = await userAdd(['--file', file, '--username', 'bob'], 'short-pw\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('at least 12 characters');
    const noUsername = await userAdd(['--file', file], 'long-enough-password\n');
    expect(noUsername.code).toBe(2);
    expect(noUsername.stderr).toContain('--username is required');
    const unknownFlag = await userAdd(['--file', file, '--username', 'bob', '--password', 'x'], 'long-enough-password\n');
    expect(unknownFlag.code).toBe(2);
    expect((await readUsersFile(file)).users.map((user) => user.username)).toEqual(['alice']);
  });
});
