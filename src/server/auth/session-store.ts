import { createHash, randomBytes } from 'node:crypto';
import type { SignInMethod, SignedInUser } from '../../domain/auth-api';
import type { SessionSettings } from './auth-settings';

export interface Session {
  user: SignedInUser;
  method: SignInMethod;
  /**
   * For a password session, what the users file held for the person at sign-in (UsersDirectory's
   * credential): the session ends once the user is gone from the file or their password changed. Null for OIDC.
   */
  credential: string | null;
  createdAt: number;
  lastUsedAt: number;
}

/**
 * Server-side sessions, in memory: the browser holds only a random 256-bit ID (in an HttpOnly cookie),
 * the server holds who it belongs to. The map is keyed by a hash of the ID, so nothing kept in memory
 * can be replayed as a cookie. A restart signs everyone out.
 *
 * A session ends after `idleMs` without use, and `maxMs` after sign-in however much it is used.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly settings: SessionSettings,
    private readonly now: () => number,
  ) {}

  /** A new session and the ID to put in the cookie (the only place the ID ever goes). */
  create(user: SignedInUser, method: SignInMethod, credential: string | null = null): { id: string; session: Session } {
    const id = randomBytes(32).toString('base64url');
    const at = this.now();
    const session: Session = { user, method, credential, createdAt: at, lastUsedAt: at };
    this.sessions.set(key(id), session);
    return { id, session };
  }

  /** The live session for this ID, or null (unknown, signed out or expired; an expired one is dropped). */
  get(id: string): Session | null {
    const session = this.sessions.get(key(id));
    if (session === undefined) return null;
    if (this.now() >= this.expiresAt(session)) {
      this.sessions.delete(key(id));
      return null;
    }
    return session;
  }

  /** Marks the session as used now, pushing its idle expiry back (never past the absolute one). */
  touch(session: Session): void {
    session.lastUsedAt = this.now();
  }

  delete(id: string): void {
    this.sessions.delete(key(id));
  }

  /** When the session ends if not used before. */
  expiresAt(session: Session): number {
    return Math.min(session.lastUsedAt + this.settings.idleMs, this.absoluteExpiresAt(session));
  }

  absoluteExpiresAt(session: Session): number {
    return session.createdAt + this.settings.maxMs;
  }

  /** Drops expired sessions (called periodically; `get` also drops them as it meets them). */
  sweep(): void {
    const now = this.now();
    for (const [id, session] of this.sessions) {
      if (now >= this.expiresAt(session)) this.sessions.delete(id);
    }
  }

  get size(): number {
    return this.sessions.size;
  }
}

function key(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}
