import { describe, expect, it } from 'vitest';
import type { AccountGroupList, ConsoleStatus } from '../domain/console-api';
import { PROBLEM_TYPES, type Problem } from '../domain/problem';
import type { FaultSpec } from '../sandbox/sandbox';
import type { FailedEvent, SyncedEvent } from './mirror/mirror-sync';
import { startHarness, type Harness } from './testing/console-harness';
import { expectMirrorEqualsSandbox, expectProblem } from './testing/expectations';

// How much the console asks of Upvest when Upvest struggles: bounded attempts, bounded concurrency,
// identical calls joined; readiness that tells whether Upvest answers; a mirror that heals on its own.

/** The Upvest client's attempts per call (first try included), see src/upvest/retry-policy.ts. */
const MAX_ATTEMPTS = 4;

/** Each test has a console of its own, closed when the test ends, so that the tests can run side by side. */
async function harnessFor(options?: Parameters<typeof startHarness>[0]): Promise<Harness & AsyncDisposable> {
  const harness = await startHarness(options);
  return Object.assign(harness, { [Symbol.asyncDispose]: () => harness.close() });
}

describe('load on Upvest while it fails', () => {
  it.concurrent.for<[string, FaultSpec]>([
    ['503', { target: 'account_groups', kind: 'status', status: 503 }],
    ['429', { target: 'account_groups', kind: 'rate_limit' }],
    ['dropped connections', { target: 'account_groups', kind: 'drop_connection' }],
    ['no answer in time', { target: 'account_groups', kind: 'latency', latency_ms: 120_000 }],
  ])('a call facing lasting %s makes a bounded number of attempts, then answers', async ([, fault], { expect }) => {
    await using started = await harnessFor({ env: { UPVEST_TIMEOUT_MS: '300' } });
    expect((await started.api('/api/account-groups?limit=1')).status).toBe(200);
    started.sandbox.control.resetCalls();
    started.sandbox.control.addFault(fault);
    const answer = await started.api<Problem>('/api/account-groups?limit=2');
    expect(answer.status).toBeGreaterThanOrEqual(429);
    // The sandbox logs a call when its connection closes, which may be just after the console answered.
    await expect.poll(() => started.sandbox.control.calls().counts.list).toBe(MAX_ATTEMPTS);
    expect(started.sandbox.control.calls().counts.token).toBe(0);
  });

  it.concurrent('distinct calls facing a lasting 503 cost Upvest a share more than the calls, not four times as many', async () => {
    await using started = await harnessFor();
    expect((await started.api('/api/account-groups?limit=1')).status).toBe(200);
    started.sandbox.control.resetCalls();
    started.sandbox.control.addFault({ target: 'account_groups', kind: 'status', status: 503 });
    const calls = 80;
    const answers = await Promise.all(Array.from({ length: calls }, (_, offset) => started.api<Problem>(`/api/account-groups?limit=2&offset=${offset}`)));
    for (const answer of answers) expectProblem(answer, { status: 503, type: PROBLEM_TYPES.upstreamError });
    // The retry budget (src/upvest/retry-budget.ts): 0.2 re-sends per call, 20 saved up, 1 a second over the test's run.
    const sent = started.sandbox.control.calls().counts.list;
    expect(sent).toBeGreaterThan(calls);
    expect(sent).toBeLessThan(calls * 1.2 + 20 + 30);
    expect(sent).toBeLessThan(calls * MAX_ATTEMPTS);
  });

  it.concurrent('joins identical concurrent calls into one chain of attempts, even while they fail', async () => {
    await using started = await harnessFor();
    const id = started.sandbox.control.groups()[3]?.id ?? '';
    expect((await started.api('/api/account-groups?limit=1')).status).toBe(200);
    started.sandbox.control.resetCalls();
    started.sandbox.control.addFault({ target: 'account_groups', kind: 'status', status: 503 });
    // Each attempt takes 1.5 s, so the chain outlasts the arrival of all 60 requests even on a loaded machine:
    // a request arriving after the chain ended would rightly start a chain of its own.
    started.sandbox.control.addFault({ target: 'account_groups', kind: 'latency', latency_ms: 1_500 });
    const answers = await Promise.all([
      ...Array.from({ length: 30 }, () => started.api<Problem>('/api/account-groups?limit=9&offset=9')),
      ...Array.from({ length: 30 }, () => started.api<Problem>(`/api/account-groups/${id}`)),
    ]);
    for (const answer of answers) expectProblem(answer, { status: 503, type: PROBLEM_TYPES.upstreamError });
    const { counts } = started.sandbox.control.calls();
    expect(counts.list).toBe(MAX_ATTEMPTS);
    expect(counts.get).toBe(MAX_ATTEMPTS);
  });

  it.concurrent('never has more requests in flight towards Upvest than UPVEST_MAX_CONCURRENCY, retries and mirror included', async () => {
    await using started = await harnessFor({
      recordUpstream: true,
      sandbox: { accountGroups: 2500 },
      env: { UPVEST_MAX_CONCURRENCY: '3', MIRROR_PAGES_IN_FLIGHT: '4' },
    });
    const proxy = started.upstream;
    if (proxy === null) throw new Error('the harness has no recording proxy');
    started.sandbox.control.addFault({ target: 'all', kind: 'latency', latency_ms: 30 });
    started.sandbox.control.addFault({ target: 'account_groups', kind: 'status', status: 503, rate: 0.3 });
    proxy.resetStats();
    const [answers] = await Promise.all([
      Promise.all(Array.from({ length: 60 }, (_, index) => started.api(`/api/account-groups?limit=3&offset=${index}`))),
      started.api('/api/account-groups/refresh', { method: 'POST' }),
    ]);
    expect(answers.every((answer) => answer.status === 200 || answer.status === 503)).toBe(true);
    expect(proxy.traffic().requests).toBeGreaterThan(60);
    // At the cap, never above it: the limit was reached, so it was tested.
    expect(proxy.maxInFlight()).toBe(3);
  });
});

describe('/api/ready', () => {
  it.concurrent('is 503 while Upvest cannot be used and 200 again once it can, without a restart', async () => {
    await using started = await harnessFor({ readinessCacheMs: 0 });
    expect((await started.api('/api/ready')).status).toBe(200);

    // No token can be obtained.
    started.sandbox.control.revokeTokens();
    started.sandbox.control.addFault({ target: 'token', kind: 'status', status: 500 });
    const noToken = expectProblem(await started.api('/api/ready'), { status: 503, type: PROBLEM_TYPES.upstreamError });
    expect(noToken.title).toMatch(/^Not ready: /);
    expect(started.sandbox.control.calls().recent.map((call) => call.request_id)).toContain(noToken.upstream_request_id);
    started.sandbox.control.clearFaults();
    expect((await started.api('/api/ready')).status).toBe(200);

    // A token is at hand, but the API itself is down: holding a token is not being ready.
    started.sandbox.control.addFault({ target: 'account_groups', kind: 'drop_connection' });
    expectProblem(await started.api('/api/ready'), { status: 503, type: PROBLEM_TYPES.upstreamUnavailable, title: 'Not ready: Upvest cannot be reached' });
    started.sandbox.control.clearFaults();
    expect((await started.api('/api/ready')).status).toBe(200);

    // Upvest refuses the console's credentials.
    started.sandbox.control.addFault({ target: 'account_groups', kind: 'status', status: 401 });
    expectProblem(await started.api('/api/ready'), { status: 503, type: PROBLEM_TYPES.upstreamCredentialsRefused });
    started.sandbox.control.clearFaults();
    expect((await started.api<{ status: string }>('/api/ready')).body.status).toBe('ready');
    // Liveness never depended on Upvest.
    expect((await started.api('/api/health')).status).toBe(200);
  });

  it.concurrent('shares one check between concurrent probes and reuses a fresh answer, so probes cannot hammer Upvest', async () => {
    await using started = await harnessFor({ readinessCacheMs: 60_000 });
    started.sandbox.control.addFault({ target: 'account_groups', kind: 'latency', latency_ms: 200 });
    started.sandbox.control.resetCalls();
    const probes = await Promise.all(Array.from({ length: 20 }, () => started.api('/api/ready')));
    expect(probes.every((probe) => probe.status === 200)).toBe(true);
    expect(started.sandbox.control.calls().counts.list).toBe(1);

    started.sandbox.control.addFault({ target: 'account_groups', kind: 'status', status: 500 });
    expect((await started.api('/api/ready')).status).toBe(200);
    expect(started.sandbox.control.calls().counts.list).toBe(1);
  });
});

describe('the mirror heals by itself', () => {
  it.concurrent('backs off while Upvest fails, keeps its last good state, and catches up on its own timer once Upvest is back', async () => {
    await using started = await harnessFor({ startMirror: true, env: { MIRROR_SYNC_INTERVAL_SECONDS: '1' } });
    const { mirror } = started.console;
    await mirror.whenComplete();
    const nextFailure = (): Promise<FailedEvent> =>
      new Promise((resolve) => {
        const unsubscribe = mirror.on('failed', (event) => {
          unsubscribe();
          resolve(event);
        });
      });
    const nextSuccess = (): Promise<SyncedEvent> =>
      new Promise((resolve) => {
        const unsubscribe = mirror.on('synced', (event) => {
          unsubscribe();
          resolve(event);
        });
      });

    started.sandbox.control.addFault({ target: 'account_groups', kind: 'status', status: 500 });
    const changed = started.sandbox.control.applyChanges(25);
    const failed = await nextFailure();
    // Backing off: the next attempt comes later than the normal one-second period.
    expect(failed.retryInMs).toBeGreaterThan(1_000);
    const stale = (await started.api<ConsoleStatus>('/api/status')).body.mirror;
    expect(stale).toMatchObject({ state: 'stale', complete: true });
    expect(stale.next_sync_in_seconds).toBeGreaterThan(1);
    const locked = await started.api<AccountGroupList>('/api/account-groups?status=LOCKED&limit=1000');
    expect(locked.status).toBe(200);

    started.sandbox.control.clearFaults();
    await nextSuccess();
    expect((await started.api<ConsoleStatus>('/api/status')).body.mirror).toMatchObject({ state: 'ready', last_error: null });
    expect(changed.length).toBe(25);
    expectMirrorEqualsSandbox(started);
  });
});
