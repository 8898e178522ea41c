import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter, LimiterClosedError, type Release } from './concurrency-limiter';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyLimiter', () => {
  it('grants up to max slots at once and queues the rest', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const granted: number[] = [];
    const releases: Release[] = [];
    for (let index = 0; index < 5; index += 1) {
      void limiter.acquire().then((release) => {
        granted.push(index);
        releases.push(release);
      });
    }
    await tick();
    expect(granted).toEqual([0, 1]);
    expect({ inFlight: limiter.inFlight, queued: limiter.queued }).toEqual({ inFlight: 2, queued: 3 });

    releases[0]?.();
    releases[0]?.(); // releasing twice must not free a second slot
    await tick();
    expect(granted).toEqual([0, 1, 2]);
    expect({ inFlight: limiter.inFlight, queued: limiter.queued }).toEqual({ inFlight: 2, queued: 2 });
  });

  it('hands a released slot to the oldest waiter, not to a newcomer', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const release = await limiter.acquire();
    const order: string[] = [];
    void limiter.acquire().then((next) => {
      order.push('waiter');
      next();
    });
    release();
    void limiter.acquire().then((next) => {
      order.push('newcomer');
      next();
    });
    await tick();
    expect(order).toEqual(['waiter', 'newcomer']);
    expect(limiter.inFlight).toBe(0);
  });

  it('removes an aborted waiter from the queue and rejects it with the abort reason', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const release = await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const behind = limiter.acquire();
    expect(limiter.queued).toBe(2);
    controller.abort(new Error('caller gave up'));
    await expect(aborted).rejects.toThrow('caller gave up');
    expect(limiter.queued).toBe(1);
    release();
    const next = await behind;
    expect(limiter.inFlight).toBe(1);
    next();
    expect(limiter.inFlight).toBe(0);
  });

  it('rejects at once with an already aborted signal', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await expect(limiter.acquire(AbortSignal.abort(new Error('early')))).rejects.toThrow('early');
    expect(limiter.inFlight).toBe(0);
  });

  it('releases the slot when a task run through it fails', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('task failed')))).rejects.toThrow('task failed');
    expect(limiter.inFlight).toBe(0);
    await expect(limiter.run(() => Promise.resolve(7))).resolves.toBe(7);
  });

  it('rejects waiters and later callers once closed', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await limiter.acquire();
    const waiting = limiter.acquire();
    limiter.close();
    await expect(waiting).rejects.toBeInstanceOf(LimiterClosedError);
    await expect(limiter.acquire()).rejects.toBeInstanceOf(LimiterClosedError);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses max %s', (max) => {
    expect(() => new ConcurrencyLimiter(max)).toThrow(RangeError);
  });
});
