/**
 * Nonces of accepted signatures, remembered until their signature expires: a replay inside the
 * window is refused, and after it the signature is refused as expired anyway, so nothing older needs
 * remembering. Expired entries are swept as new ones arrive, so memory follows the request rate times
 * the window, not the uptime.
 */
export class NonceCache {
  private readonly expiries = new Map<string, number>();
  private nextSweepAt = 0;

  has(scope: string, nonce: string, nowMs: number): boolean {
    const expiresAt = this.expiries.get(cacheKey(scope, nonce));
    return expiresAt !== undefined && expiresAt >= nowMs;
  }

  remember(scope: string, nonce: string, expiresAtMs: number, nowMs: number): void {
    this.expiries.set(cacheKey(scope, nonce), expiresAtMs);
    if (nowMs >= this.nextSweepAt || this.expiries.size > 100_000) this.sweep(nowMs);
  }

  get size(): number {
    return this.expiries.size;
  }

  clear(): void {
    this.expiries.clear();
  }

  private sweep(nowMs: number): void {
    for (const [key, expiresAt] of this.expiries) {
      if (expiresAt < nowMs) this.expiries.delete(key);
    }
    this.nextSweepAt = nowMs + 10_000;
  }
}

function cacheKey(scope: string, nonce: string): string {
  return `${scope}\n${nonce}`;
}
