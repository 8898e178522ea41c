import { randomBytes } from 'node:crypto';

export interface AccessTokenGrant {
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly expiresAtMs: number;
}

export type TokenLookup =
  | { readonly found: true; readonly grant: AccessTokenGrant }
  | { readonly found: false; readonly reason: 'unknown' | 'expired' };

/**
 * Access tokens the sandbox has issued or had registered. Tokens are opaque random strings (never
 * from the seeded PRNG: a token must not be guessable from the seed) and are only ever compared,
 * never logged or echoed.
 */
export class TokenStore {
  private readonly grants = new Map<string, AccessTokenGrant>();

  issue(grant: AccessTokenGrant): string {
    const token = `sbx_at_${randomBytes(32).toString('base64url')}`;
    this.grants.set(token, grant);
    return token;
  }

  /** A token that looks issued but is not: the API will refuse it (the invalid_token fault). */
  counterfeit(): string {
    return `sbx_at_${randomBytes(32).toString('base64url')}`;
  }

  register(token: string, grant: AccessTokenGrant): void {
    this.grants.set(token, grant);
  }

  lookup(token: string, nowMs: number): TokenLookup {
    const grant = this.grants.get(token);
    if (grant === undefined) return { found: false, reason: 'unknown' };
    if (grant.expiresAtMs <= nowMs) {
      this.grants.delete(token);
      return { found: false, reason: 'expired' };
    }
    return { found: true, grant };
  }

  revokeAll(): number {
    const count = this.grants.size;
    this.grants.clear();
    return count;
  }

  get size(): number {
    return this.grants.size;
  }
}
