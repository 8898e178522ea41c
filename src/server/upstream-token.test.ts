import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountGroupList } from '../domain/console-api';
import type { Problem } from '../domain/problem';
import { startHarness, type Harness } from './testing/console-harness';

// The access token, as the console server obtains and reuses it from a real sandbox.
describe('access token', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('100 concurrent cold requests cause exactly one token request', async () => {
    const started = await startHarness();
    harness = started;
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, index) => started.api(`/api/account-groups?limit=1&offset=${index}`)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 100 }, () => 200));
    const { counts } = started.sandbox.control.calls();
    expect(counts.token).toBe(1);
    expect(counts.list).toBe(100);
  });

  it('refreshes a token shortly before it expires', async () => {
    harness = await startHarness({ sandbox: { tokenTtlSeconds: 2 } });
    expect((await harness.api('/api/account-groups?limit=1')).status).toBe(200);
    expect((await harness.api('/api/account-groups?limit=2')).status).toBe(200);
    expect(harness.sandbox.control.calls().counts.token).toBe(1);
    await sleep(2_100);
    expect((await harness.api('/api/account-groups?limit=3')).status).toBe(200);
    const { counts, by_status } = harness.sandbox.control.calls();
    expect(counts.token).toBe(2);
    // Refreshed before use: the sandbox never had to refuse an expired token.
    expect(by_status['401']).toBeUndefined();
  });

  it('drops a refused token and fetches a new one once', async () => {
    const started = await startHarness();
    harness = started;
    expect((await started.api('/api/account-groups?limit=1')).status).toBe(200);
    started.sandbox.control.revokeTokens();
    started.sandbox.control.resetCalls();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) => started.api<AccountGroupList>(`/api/account-groups?limit=1&offset=${index}`)),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const { counts, by_status } = started.sandbox.control.calls();
    expect(counts.token).toBe(1);
    expect(by_status['401']).toBeGreaterThan(0);
  });

  it("says the console's credentials were refused when Upvest keeps refusing the token", async () => {
    harness = await startHarness();
    harness.sandbox.control.addFault({ target: 'token', kind: 'status', status: 401 });
    const answer = await harness.api<Problem>('/api/account-groups?limit=1');
    expect(answer.status).toBe(502);
    expect(answer.body).toMatchObject({ type: '/problems/upstream-credentials-refused', upstream_status: 401 });
    expect(answer.body.detail).toMatch(/UPVEST_API_/);
    expect(answer.text).not.toContain(harness.secrets.clientSecret);
  });

  it('is ready and alive while Upvest answers (failures: upstream-load.test.ts)', async () => {
    harness = await startHarness();
    expect((await harness.api('/api/ready')).status).toBe(200);
    expect((await harness.api('/api/health')).status).toBe(200);
  });
});
