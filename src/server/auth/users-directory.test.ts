import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { hashPassword } from './password-hash';
import { UsersDirectory } from './users-directory';
import { addUser, readUsersFile, type UserRecord } from './users-file';

const FAST = { ln: 10, r: 8, p: 1 };

describe('UsersDirectory: sessions bound to the users file', () => {
  let directory: string;
  let path: string;
  let logs: { level: number; msg: string }[];
  let users: UsersDirectory;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'agc-users-directory-'));
    path = join(directory, 'users.json');
    await addUser(path, { username: 'alice', password: await hashPassword('alice-password-1', FAST) }, { replace: false });
    await addUser(path, { username: 'bob', password: await hashPassword('bob-password-12', FAST) }, { replace: false });
    logs = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString('utf8').split('\n')) if (line !== '') logs.push(JSON.parse(line) as { level: number; msg: string });
        callback();
      },
    });
    users = new UsersDirectory(path, createLogger('info', sink));
    await users.load();
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  /** Writes the file as an editor or a script would: a new file renamed over the old one. */
  async function rewrite(list: UserRecord[] | string): Promise<void> {
    const temporary = `${path}.tmp`;
    await writeFile(temporary, typeof list === 'string' ? list : JSON.stringify({ users: list }), { mode: 0o600 });
    await rename(temporary, path);
  }

  async function credential(username: string, password: string): Promise<string> {
    const verified = await users.verify(username, password);
    if (verified === null) throw new Error(`${username} cannot sign in`);
    return verified.credential;
  }

  it('keeps a session valid while the file lists the person with the same password', async () => {
    const alice = await credential('alice', 'alice-password-1');
    expect(await users.stillValid('alice', alice)).toBe(true);
    await addUser(path, { username: 'carol', password: await hashPassword('carol-password', FAST) }, { replace: false });
    expect(await users.stillValid('alice', alice)).toBe(true);
  });

  it('ends it once the person is removed from the file', async () => {
    const alice = await credential('alice', 'alice-password-1');
    const bob = await credential('bob', 'bob-password-12');
    await rewrite((await readUsersFile(path)).users.filter((user) => user.username !== 'alice'));
    expect(await users.stillValid('alice', alice)).toBe(false);
    expect(await users.stillValid('bob', bob)).toBe(true);
  });

  it('ends it once the password is replaced, even by the same password (a new salt)', async () => {
    const alice = await credential('alice', 'alice-password-1');
    await addUser(path, { username: 'alice', password: await hashPassword('alice-password-1', FAST) }, { replace: true });
    expect(await users.stillValid('alice', alice)).toBe(false);
    expect(await users.stillValid('alice', await credential('alice', 'alice-password-1'))).toBe(true);
  });

  it('keeps the users loaded before while the file cannot be read, and says so once, not at every check', async () => {
    const alice = await credential('alice', 'alice-password-1');
    await rewrite('{ not json');
    for (let check = 0; check < 5; check += 1) expect(await users.stillValid('alice', alice)).toBe(true);
    await rm(path);
    for (let check = 0; check < 5; check += 1) expect(await users.stillValid('alice', alice)).toBe(true);
    expect(logs.filter((line) => line.level === 50).map((line) => line.msg)).toEqual([
      'the users file changed but cannot be read: keeping the users loaded before',
      'the users file changed but cannot be read: keeping the users loaded before',
    ]);
  });

  it('reads a changed file once for many concurrent checks', async () => {
    const alice = await credential('alice', 'alice-password-1');
    await addUser(path, { username: 'carol', password: await hashPassword('carol-password', FAST) }, { replace: false });
    const loadsBefore = logs.filter((line) => line.msg === 'users file loaded').length;
    const answers = await Promise.all(Array.from({ length: 20 }, () => users.stillValid('alice', alice)));
    expect(answers.every(Boolean)).toBe(true);
    expect(logs.filter((line) => line.msg === 'users file loaded').length - loadsBefore).toBe(1);
  });
});
