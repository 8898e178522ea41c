import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { parsePasswordHash, PasswordHashFormatError } from './password-hash';

/**
 * The users file: staff who sign in with a password when there is no identity provider.
 *
 *   { "users": [ { "username": "alice", "name": "Alice Doe", "email": "alice@example.com",
 *                  "password": "$scrypt$ln=15,r=8,p=1$...$..." } ] }
 *
 * Written only by `npm run user:add` (atomically, mode 0600); read by the console at start and again
 * whenever it changes, so added users can sign in without a restart.
 */

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@+-]{0,63}$/;

const userRecordSchema = z.object({
  username: z.string().regex(USERNAME_PATTERN, 'lower-case letters, digits and . _ @ + -, up to 64 characters'),
  name: z.string().min(1).max(200).optional(),
  email: z.string().min(3).max(320).includes('@').optional(),
  password: z.string(),
});
export type UserRecord = z.infer<typeof userRecordSchema>;

const usersFileSchema = z.object({ users: z.array(userRecordSchema) });
export type UsersFile = z.infer<typeof usersFileSchema>;

export class UsersFileError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'UsersFileError';
  }
}

/** Usernames are compared case-insensitively and without surrounding spaces. */
export function normaliseUsername(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

export async function readUsersFile(path: string): Promise<UsersFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsersFileError(path, code === 'ENOENT' ? 'does not exist (create it with `npm run user:add`).' : `cannot be read (${code ?? 'error'}).`);
  }
  return parseUsersFile(path, text);
}

export function parseUsersFile(path: string, text: string): UsersFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsersFileError(path, 'is not valid JSON.');
  }
  const parsed = usersFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // Never the value: it could be a password hash.
    throw new UsersFileError(path, `is not a users file: ${issue?.message ?? 'invalid'} at ${issue?.path.join('.') ?? '?'}.`);
  }
  const seen = new Set<string>();
  parsed.data.users.forEach((user, index) => {
    if (seen.has(user.username)) throw new UsersFileError(path, `lists "${user.username}" twice.`);
    seen.add(user.username);
    try {
      parsePasswordHash(user.password);
    } catch (error) {
      if (error instanceof PasswordHashFormatError) throw new UsersFileError(path, `users.${index}.password ${error.message}.`);
      throw error;
    }
  });
  return parsed.data;
}

/** The file's identity on disk, to notice that it changed. */
export async function usersFileVersion(path: string): Promise<string> {
  const info = await stat(path);
  return `${info.mtimeMs}:${info.size}:${info.ino}`;
}

/** Whether anyone but the owner may read the file (hashes are still worth guarding). */
export async function isReadableByOthers(path: string): Promise<boolean> {
  const info = await stat(path);
  return (info.mode & 0o077) !== 0;
}

export type AddUserResult = 'added' | 'replaced';

/**
 * Adds (or with `replace`, replaces) a user and writes the file atomically: a temporary file of mode
 * 0600 beside it, flushed, then renamed over the old one, so a crash never leaves half a file.
 */
export async function addUser(path: string, user: UserRecord, options: { replace: boolean }): Promise<AddUserResult> {
  let file: UsersFile = { users: [] };
  try {
    file = await readUsersFile(path);
  } catch (error) {
    if (!(error instanceof UsersFileError) || (await exists(path))) throw error;
  }
  const index = file.users.findIndex((existing) => existing.username === user.username);
  if (index !== -1 && !options.replace) {
    throw new UsersFileError(path, `already has a user "${user.username}" (add --replace to change it).`);
  }
  const users = index === -1 ? [...file.users, user] : file.users.map((existing, at) => (at === index ? user : existing));
  await writeAtomically(path, `${JSON.stringify({ users }, null, 2)}\n`);
  return index === -1 ? 'added' : 'replaced';
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    // The umask could have narrowed the mode given to open(); make it exactly 0600.
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
