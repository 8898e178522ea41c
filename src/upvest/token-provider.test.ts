import { describe, expect, it } from 'vitest';
import { refreshMarginMs, TokenProvider, type TokenGrant } from './token-provider';

interface Deferred {
  resolve: (grant: TokenGrant) => void;
  reject: (error: Error) => void;
}

/** A token requester the test completes by hand, counting how often it was asked. */
function manualRequester(): { requester: () => Promise<TokenGrant>; pending: Deferred[] } {
  const pending: Deferred[] = [];
  return {
    pending,
    requester: () => new Promise<TokenGrant>((resolve, reject) => pending.push({ resolve, reject })),
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('TokenProvider', () => {
  it('uses a margin of 10 % of the lifetime, at most 60 s', () => {
    expect(refreshMarginMs(100_000)).toBe(10_000);
    expect(refreshMarginMs(1_800_000)).toBe(60_000);
  });

  it('has one fetch in flight however many callers wait', async () => {
    const { requester, pending } = manualRequester();
    const provider = new TokenProvider(requester, () => 0);
    const waiting = Array.from({ length: 50 }, () => provider.getToken());
    expect(pending).toHaveLength(1);
    pending[0]?.resolve({ accessToken: 'one', expiresInSeconds: 60 });
    expect(await Promise.all(waiting)).toEqual(Array.from({ length: 50 }, () => 'one'));
    expect(await provider.getToken()).toBe('one');
    expect(pending).toHaveLength(1);
  });

  it('shares a failure with every waiter, then tries again on the next call', async () => {
    const { requester, pending } = manualRequester();
    const provider = new TokenProvider(requester, () => 0);
    const waiting = [provider.getToken(), provider.getToken()];
    pending[0]?.reject(new Error('refused'));
    for (const result of await Promise.allSettled(waiting)) expect(result.status).toBe('rejected');
    const retry = provider.getToken();
    expect(pending).toHaveLength(2);
    pending[1]?.resolve({ accessToken: 'two', expiresInSeconds: 60 });
    expect(await retry).toBe('two');
  });

  it('drops a token on invalidate only while it is still the current one', async () => {
    const { requester, pending } = manualRequester();
    const provider = new TokenProvider(requester, () => 0);
    const first = provider.getToken();
    pending[0]?.resolve({ accessToken: 'one', expiresInSeconds: 60 });
    await first;

    provider.invalidate('one');
    const second = provider.getToken();
    provider.invalidate('one'); // a late caller that also saw the 401 for "one"
    provider.getToken().catch(() => undefined);
    expect(pending).toHaveLength(2);
    pending[1]?.resolve({ accessToken: 'two', expiresInSeconds: 60 });
    expect(await second).toBe('two');
    provider.invalidate('one');
    expect(await provider.getToken()).toBe('two');
    expect(pending).toHaveLength(2);
  });

  it('counts the lifetime from when the request was sent', async () => {
    let now = 1_000_000;
    const { requester, pending } = manualRequester();
    const provider = new TokenProvider(requester, () => now);
    const first = provider.getToken();
    now += 5_000; // Upvest takes 5 s to answer
    pending[0]?.resolve({ accessToken: 'one', expiresInSeconds: 100 });
    await first;
    now = 1_000_000 + 89_999;
    expect(await provider.getToken()).toBe('one');
    now = 1_000_000 + 90_000;
    void provider.getToken();
    expect(pending).toHaveLength(2);
  });

  it('lets an aborting caller stop waiting while the fetch goes on for the others', async () => {
    const { requester, pending } = manualRequester();
    const provider = new TokenProvider(requester, () => 0);
    const controller = new AbortController();
    const impatient = provider.getToken(controller.signal);
    const patient = provider.getToken();
    controller.abort(new Error('gave up'));
    await expect(impatient).rejects.toThrow('gave up');
    await tick();
    pending[0]?.resolve({ accessToken: 'one', expiresInSeconds: 60 });
    expect(await patient).toBe('one');
    expect(pending).toHaveLength(1);
  });
});
