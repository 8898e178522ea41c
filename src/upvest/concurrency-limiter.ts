/**
 * Caps the requests in flight towards Upvest (its rate limits are per client ID and unpublished, so the
 * console must not burst). Callers beyond the cap wait in arrival order; a caller whose signal aborts
 * leaves the queue at once, and a released slot passes straight to the next waiter so that a newcomer
 * cannot overtake the queue.
 */

export type Release = () => void;

interface Waiter {
  readonly grant: (release: Release) => void;
  readonly fail: (reason: Error) => void;
}

export class LimiterClosedError extends Error {
  constructor() {
    super('The concurrency limiter is closed.');
    this.name = 'LimiterClosedError';
  }
}

export class ConcurrencyLimiter {
  readonly #max: number;
  #active = 0;
  #closed = false;
  /** A Set keeps insertion order and removes an aborted waiter in O(1). */
  readonly #waiters = new Set<Waiter>();

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxConcurrency must be a whole number ≥ 1; got ${max}.`);
    this.#max = max;
  }

  get inFlight(): number {
    return this.#active;
  }

  get queued(): number {
    return this.#waiters.size;
  }

  /** Resolves with a release function once a slot is free; rejects with the abort reason on abort. */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (this.#closed) return Promise.reject(new LimiterClosedError());
    if (signal?.aborted === true) return Promise.reject(abortError(signal));
    if (this.#active < this.#max && this.#waiters.size === 0) {
      this.#active += 1;
      return Promise.resolve(this.#releaser());
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = (): void => {
        this.#waiters.delete(waiter);
        if (signal !== undefined) reject(abortError(signal));
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        fail: (reason) => {
          signal?.removeEventListener('abort', onAbort);
          reject(reason);
        },
      };
      this.#waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  /** Rejects every waiter and every later acquire; slots already held are released as usual. */
  close(): void {
    this.#closed = true;
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const waiter of waiters) waiter.fail(new LimiterClosedError());
  }

  #releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#handOver();
    };
  }

  #handOver(): void {
    const next = this.#waiters.values().next();
    if (next.done === true) {
      this.#active -= 1;
      return;
    }
    // The slot stays counted as active: it moves to the next waiter.
    this.#waiters.delete(next.value);
    next.value.grant(this.#releaser());
  }
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('Aborted while waiting for a slot.');
}
