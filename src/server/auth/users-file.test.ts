import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from './password-hash';
import { addUser, readUsersFile, UsersFileError } from './users-file';

describe('the users file', () => {
  let directory: string;
  let path: string;
  let hash: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'agc-users-file-'));
    path = join(directory, 'users.json');
    hash = await hashPassword('a-password-of-length', { ln: 10, r: 8, p: 1 });
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('is created with mode 0600, leaves no temporary file, and reads back', async () => {
    expect(await addUser(path, { username: 'alice', name: 'Alice', email: 'a@x.example', password: hash }, { replace: false })).toBe('added');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(directory)).toEqual(['users.json']);
    expect(await readUsersFile(path)).toEqual({ users: [{ username: 'alice', name: 'Alice', email: 'a@x.example', password: hash }] });
  });

  it('refuses a duplicate unless asked to replace it', async () => {
    await addUser(path, { username: 'alice', password: hash }, { replace: false });
    await expect(addUser(path, { username: 'alice', password: hash }, { replace: false })).rejects.toThrow(/already has a user "alice"/);
    expect(await addUser(path, { username: 'alice', name: 'New', password: hash }, { replace: true })).toBe('replaced');
    expect((await readUsersFile(path)).users).toEqual([{ username: 'alice', name: 'New', password: hash }]);
  });

  it('never overwrites a file it cannot read as a users file', async () => {
    await writeFile(path, 'not json');
    await expect(addUser(path, { username: 'alice', password: hash }, { replace: false })).rejects.toThrow(UsersFileError);
    expect(await readFile(path, 'utf8')).toBe('not json');
  });

  it.each([
    ['{"users": [{"username": "alice"}]}', /users\.0\.password/],
    ['{"users": [{"username": "Alice Doe", "password": "x"}]}', /users\.0\.username/],
    ['{"users": [{"username": "alice", "password": "plain-text-password"}]}', /users\.0\.password is not a/],
    ['[]', /is not a users file/],
  ])('explains what is wrong with %s, without repeating values', async (text, message) => {
    await writeFile(path, text);
    const error = await readUsersFile(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsersFileError);
    expect(String(error)).toMatch(message);
    expect(String(error)).not.toContain('plain-text-password');
  });

  it('refuses the same username twice', async () => {
    await writeFile(path, JSON.stringify({ users: [{ username: 'a', password: hash }, { username: 'a', password: hash }] }));
    await expect(readUsersFile(path)).rejects.toThrow(/lists "a" twice/);
  });

  it('says how to create a missing file', async () => {
    await expect(readUsersFile(path)).rejects.toThrow(/npm run user:add/);
  });
});
