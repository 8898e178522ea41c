import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { SignedInUser } from '../../domain/auth-api';
import { hashPassword, verifyPassword } from './password-hash';
import { isReadableByOthers, normaliseUsername, readUsersFile, usersFileVersion, type UserRecord } from './users-file';

/** Who signed in with a password, and the credential their session is bound to (see `stillValid`). */
export interface VerifiedUser {
  user: SignedInUser;
  credential: string;
}

/**
 * The users file as the sign-in route and the sessions see it: loaded at start (a missing or broken file
 * stops the start), re-read when it changes on disk, and the last good version kept if a change cannot be read.
 */
export class UsersDirectory {
  private users = new Map<string, UserRecord>();
  private version: string | null = null;
  /** The check of the file in progress: concurrent requests share one instead of each stat-ing and re-reading. */
  private refreshing: Promise<void> | null = null;
  /** The broken state last reported, so that a file that stays unreadable is logged once, not at every request. */
  private reportedFailure: string | null = null;
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
  async verify(username: string, password: string): Promise<VerifiedUser | null> {
    await this.refreshIfChanged();
    const user = this.users.get(normaliseUsername(username));
    const matches = await verifyPassword(password, user?.password ?? (await this.dummyHash));
    if (user === undefined || !matches) return null;
    return {
      user: {
        id: user.username,
        ...(user.name === undefined ? {} : { name: user.name }),
        ...(user.email === undefined ? {} : { email: user.email }),
      },
      credential: credentialOf(user),
    };
  }

  /**
   * Whether a session started with `credential` may go on: the user is still in the file (as it is now on
   * disk) with the same password hash. Removing a user or replacing their password (`user:add --replace`,
   * which always salts afresh) ends their sessions.
   */
  async stillValid(username: string, credential: string): Promise<boolean> {
    await this.refreshIfChanged();
    const user = this.users.get(username);
    return user !== undefined && credentialOf(user) === credential;
  }

  private refreshIfChanged(): Promise<void> {
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refresh(): Promise<void> {
    let version: string | null = null;
    try {
      version = await usersFileVersion(this.path);
      if (version === this.version || version === this.reportedFailure) return;
      await this.reload();
      this.reportedFailure = null;
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'unknown';
      // A broken version of the file is known by its version; a missing file by why it cannot be read.
      const failure = version ?? `unreadable: ${reason}`;
      if (failure === this.reportedFailure) return;
      this.reportedFailure = failure;
      this.logger.error({ users_file: this.path, reason }, 'the users file changed but cannot be read: keeping the users loaded before');
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

/** A digest of the stored password hash: it changes with every new password, and keeps the scrypt hash out of the sessions. */
function credentialOf(user: UserRecord): string {
  return createHash('sha256').update(user.password).digest('base64url');
}
