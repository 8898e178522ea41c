import { clientAddressKey } from '../client-address-key';

/**
 * Slows down password guessing, per username and per client address: a few failures are free, then each
 * further attempt must wait 1 s, 2 s, 4 s … up to 30 s after the last failure. An attempt made too early is
 * refused before the password is even checked (no scrypt work for a guesser). A success clears the
 * username's count; failures are forgotten after a quiet quarter of an hour.
 *
 * Unknown usernames count exactly like known ones, so the answer never tells whether a user exists.
 * Addresses count as clientAddressKey says: an IPv6 client by its /64, which it cannot leave.
 */

export interface ThrottlePolicy {
  /** Failures allowed before any wait. */
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A key with no failure for this long starts over. */
  forgetAfterMs: number;
}

export const USERNAME_POLICY: ThrottlePolicy = { freeFailures: 5, baseDelayMs: 1000, maxDelayMs: 30_000, forgetAfterMs: 15 * 60_000 };
/** Colleagues behind one office address share it: more room before it slows down. */
export const ADDRESS_POLICY: ThrottlePolicy = { freeFailures: 20, baseDelayMs: 1000, maxDelayMs: 30_000, forgetAfterMs: 15 * 60_000 };

interface Entry {
  failures: number;
  lastFailureAt: number;
}

/** Keys tracked at most; the oldest are forgotten first, so a flood of names cannot exhaust memory. */
const MAX_KEYS = 50_000;

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    private readonly policies: { username: ThrottlePolicy; address: ThrottlePolicy } = {
      username: USERNAME_POLICY,
      address: ADDRESS_POLICY,
    },
  ) {}

  /**
   * Asks to check a password now. When allowed, the attempt already counts as a failure (until
   * `succeeded`), so that a burst of parallel guesses cannot all slip through before the first one fails.
   */
  tryAttempt(username: string, address: string): { allowed: true } | { allowed: false; retryAfterMs: number } {
    const addressKey = `a:${clientAddressKey(address)}`;
    const waitMs = Math.max(this.waitFor(`u:${username}`, this.policies.username), this.waitFor(addressKey, this.policies.address));
    if (waitMs > 0) return { allowed: false, retryAfterMs: waitMs };
    this.fail(`u:${username}`, this.policies.username);
    this.fail(addressKey, this.policies.address);
    return { allowed: true };
  }

  /** The password was right: the username starts over, and the address gets its attempt back. */
  succeeded(username: string, address: string): void {
    this.entries.delete(`u:${username}`);
    const addressKey = `a:${clientAddressKey(address)}`;
    const entry = this.entries.get(addressKey);
    if (entry !== undefined) {
      if (entry.failures <= 1) this.entries.delete(addressKey);
      else entry.failures -= 1;
    }
  }

  /** Drops what has been forgotten anyway (called periodically). */
  sweep(): void {
    const now = this.now();
    const longest = Math.max(this.policies.username.forgetAfterMs, this.policies.address.forgetAfterMs);
    for (const [key, entry] of this.entries) {
      if (now - entry.lastFailureAt > longest) this.entries.delete(key);
    }
  }

  private waitFor(key: string, policy: ThrottlePolicy): number {
    const entry = this.current(key, policy);
    if (entry === null || entry.failures < policy.freeFailures) return 0;
    const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (entry.failures - policy.freeFailures));
    return Math.max(0, entry.lastFailureAt + delay - this.now());
  }

  private fail(key: string, policy: ThrottlePolicy): void {
    const failures = (this.current(key, policy)?.failures ?? 0) + 1;
    // Re-inserted so that Map order is least-recently-failed first.
    this.entries.delete(key);
    this.entries.set(key, { failures, lastFailureAt: this.now() });
    if (this.entries.size > MAX_KEYS) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  private current(key: string, policy: ThrottlePolicy): Entry | null {
    const entry = this.entries.get(key);
    if (entry === undefined) return null;
    if (this.now() - entry.lastFailureAt > policy.forgetAfterMs) {
      this.entries.delete(key);
      return null;
    }
    return entry;
  }
}
