/**
 * Caps re-sends to a share of the calls made, the retry budget of Finagle and gRPC. Backoff spreads
 * retries out in time but does not reduce them: when Upvest fails for everyone, every call would still
 * be sent `maxAttempts` times. With a budget, each call deposits `ratio` of a re-send and each re-send
 * spends one, so a failing Upvest sees at most (1 + ratio) times the calls, plus `minPerSecond`
 * re-sends that a quiet console may always make (one lone call still gets all its attempts).
 */

export interface RetryBudgetOptions {
  /** Re-sends earned per call; default 0.2. */
  readonly ratio?: number;
  /** Re-sends earned per second whatever the traffic; default 1. */
  readonly minPerSecond?: number;
  /** Most re-sends saved up; default 20 (also the budget at start). */
  readonly capacity?: number;
  /** Milliseconds, monotonic. */
  readonly now?: () => number;
}

export class RetryBudget {
  readonly #ratio: number;
  readonly #minPerMs: number;
  readonly #capacity: number;
  readonly #now: () => number;
  #balance: number;
  #updatedAt: number;
  #denied = 0;

  constructor(options: RetryBudgetOptions = {}) {
    this.#ratio = nonNegative(options.ratio ?? 0.2, 'ratio');
    this.#minPerMs = nonNegative(options.minPerSecond ?? 1, 'minPerSecond') / 1000;
    this.#capacity = nonNegative(options.capacity ?? 20, 'capacity');
    this.#now = options.now ?? (() => performance.now());
    this.#balance = this.#capacity;
    this.#updatedAt = this.#now();
  }

  /** A call is starting (its first attempt). */
  deposit(): void {
    this.#refill();
    this.#balance = Math.min(this.#capacity, this.#balance + this.#ratio);
  }

  /** True, and spends one, when a re-send is affordable. */
  tryWithdraw(): boolean {
    this.#refill();
    if (this.#balance < 1) {
      this.#denied += 1;
      return false;
    }
    this.#balance -= 1;
    return true;
  }

  /** Re-sends refused so far. */
  get denied(): number {
    return this.#denied;
  }

  #refill(): void {
    const now = this.#now();
    this.#balance = Math.min(this.#capacity, this.#balance + Math.max(0, now - this.#updatedAt) * this.#minPerMs);
    this.#updatedAt = now;
  }
}

function nonNegative(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`retry budget ${name} must be ≥ 0; got ${value}.`);
  return value;
}
