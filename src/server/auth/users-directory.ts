import type { FastifyBaseLogger } from 'fastify';
import type { SignedInUser } from '../../domain/auth-api';
import { hashPassword, verifyPassword } from './password-hash';
import { isReadableByOthers, normaliseUsername, readUsersFile, usersFileVersion, type UserRecord } from './users-file';

/**
 * The users file as the sign-in route sees it: loaded at start (a missing or broken file stops the start),
 * re-read when it changes on disk, and the last good version kept if a change cannot be read.
 */
export class UsersDirectory {
  private users = new Map<string, UserRecord>();
  private version: string | null = null;
  /** Checked when the username is unknown, so that unknown users cost the same time as wrong passwords. */
  private readonly dummyHash: Promise<string>;

  constructor(
    readonly path: string,
    private readonly logger: FastifyBaseLogger,
  ) {
    this.dummyHash = hashPassword(`no such user ${String(Math.random())}`);
    this.dummyHash.catch(() => undefined); // awaited where used
  }

  /** Throws UsersFileError when the file is missing or invalid. */
  async load(): Promise<void> {
    await this.reload();
    if (await isReadableByOthers(this.path)) {
      this.logger.warn({ users_file: this.path }, 'the users file can be read by other accounts on this machine: chmod 600 it');
    }
  }

  get size(): number {
    return this.users.size;
  }

  /** The user when the password is right; null for a wrong password or an unknown username alike. */
  async verify(username: string, password: string): Promise<SignedInUser | null> {
    await this.refreshIfChanged();
    const user = this.users.get(normaliseUsername(username));
    const matches = await verifyPassword(password, user?.password ?? (await this.dummyHash));
    if (user === undefined || !matches) return null;
    return {
      id: user.username,
      ...(user.name === undefined ? {} : { name: user.name }),
      ...(user.email === undefined ? {} : { email: user.email }),
    };
  }

  private async refreshIfChanged(): Promise<void> {
    try {
      if ((await usersFileVersion(this.path)) !== this.version) await this.reload();
    } catch (error) {
      this.logger.error(
        { users_file: this.path, reason: error instanceof Error ? error.message : 'unknown' },
        'the users file changed but cannot be read: keeping the users loaded before',
      );
    }
  }

  private async reload(): Promise<void> {
    const version = await usersFileVersion(this.path).catch(() => null);
    const file = await readUsersFile(this.path);
    this.users = new Map(file.users.map((user) => [user.username, user]));
    this.version = version;
    this.logger.info({ users_file: this.path, users: this.users.size }, 'users file loaded');
  }
}
