import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountGroup, SortField, SortOrder } from '../../domain/account-group';
import type { AccountGroupList } from '../../domain/console-api';
import type { Problem } from '../../domain/problem';
import { sortGroups } from '../testing/brute-force';
import { startHarness, type Harness } from '../testing/console-harness';

// The real console server against the real sandbox over loopback: the signed pass-through path.
describe('GET /api/account-groups without filters (passed through to Upvest)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ sandbox: { accountGroups: 450, seed: 11 } });
  });
  afterAll(() => harness.close());
  afterEach(() => {
    harness.sandbox.control.clearFaults();
  });

  it.each<[SortField, SortOrder]>([
    ['created_at', 'ASC'],
    ['created_at', 'DESC'],
    ['updated_at', 'ASC'],
    ['updated_at', 'DESC'],
  ])('lists exactly what the sandbox holds, sorted by %s %s, page after page', async (sort, order) => {
    const expected = sortGroups(harness.sandbox.control.groups(), sort, order);
    const seen: AccountGroup[] = [];
    for (const offset of [0, 100, 200, 300, 400]) {
      const answer = await harness.api<AccountGroupList>(`/api/account-groups?sort=${sort}&order=${order}&offset=${offset}&limit=100`);
      expect(answer.status).toBe(200);
      expect(answer.body.meta).toMatchObject({
        offset,
        limit: 100,
        total_count: 450,
        count: Math.min(100, 450 - offset),
        source: 'upstream',
        complete: true,
      });
      expect(Date.parse(answer.body.meta.as_of)).not.toBeNaN();
      expect(answer.body.data).toEqual(expected.slice(offset, offset + 100));
      seen.push(...answer.body.data);
    }
    expect(new Set(seen.map((group) => group.id)).size).toBe(450);
  });

  it("uses Upvest's defaults when no parameter is given", async () => {
    const answer = await harness.api<AccountGroupList>('/api/account-groups');
    expect(answer.body.meta).toMatchObject({ offset: 0, limit: 100, count: 100, sort: 'created_at', order: 'ASC' });
    expect(answer.body.data).toEqual(sortGroups(harness.sandbox.control.groups(), 'created_at', 'ASC').slice(0, 100));
  });

  it('answers an offset past the end with an empty page and the right total', async () => {
    const answer = await harness.api<AccountGroupList>('/api/account-groups?offset=5000&limit=10');
    expect(answer.status).toBe(200);
    expect(answer.body.meta).toMatchObject({ count: 0, total_count: 450 });
    expect(answer.body.data).toEqual([]);
  });

  it('never sends invalid parameters to Upvest', async () => {
    harness.sandbox.control.resetCalls();
    const invalid: [string, string][] = [
      ['sort=name', 'sort'],
      ['order=asc', 'order'],
      ['offset=-3', 'offset'],
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=ten', 'limit'],
      ['status=SLEEPING', 'status'],
      ['type=', 'type'],
      ['page=2', 'page'],
      ['sort=created_at&sort=updated_at', 'sort'],
      ['q=two%20words', 'q'],
    ];
    const someId = harness.sandbox.control.groups()[0]?.id ?? '';
    const targets: [string, string][] = [
      ...invalid.map(([query, parameter]): [string, string] => [`/api/account-groups?${query}`, parameter]),
      // One group's call takes no parameters at all.
      [`/api/account-groups/${someId}?fields=all`, 'fields'],
    ];
    for (const [query, parameter] of targets) {
      const answer = await harness.api<Problem>(query);
      expect(answer.status, query).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({ status: 400, type: '/problems/invalid-parameter', parameter });
      expect(answer.body.detail).toContain(parameter);
      expect(answer.body.request_id).toEqual(answer.headers.get('x-request-id'));
    }
    expect(harness.sandbox.control.calls().counts.total).toBe(0);
  });

  it('coalesces identical concurrent calls into one upstream call', async () => {
    harness.sandbox.control.resetCalls();
    harness.sandbox.control.addFault({ target: 'account_groups', kind: 'latency', latency_ms: 300 });
    const answers = await Promise.all(
      Array.from({ length: 25 }, () => harness.api<AccountGroupList>('/api/account-groups?limit=7&sort=updated_at')),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect(harness.sandbox.control.calls().counts.list).toBe(1);
  });

  it('retries an injected 503 and then succeeds', async () => {
    harness.sandbox.control.resetCalls();
    harness.sandbox.control.addFault({ target: 'account_groups', kind: 'status', status: 503, count: 2 });
    const answer = await harness.api<AccountGroupList>('/api/account-groups?limit=5&offset=17');
    expect(answer.status).toBe(200);
    expect(answer.body.data).toHaveLength(5);
    expect(harness.sandbox.control.calls().counts.list).toBe(3);
  });

  it('passes on a lasting upstream failure as a problem with Upvest’s request ID', async () => {
    harness.sandbox.control.addFault({ target: 'account_groups', kind: 'status', status: 500 });
    const answer = await harness.api<Problem>('/api/account-groups?limit=5&offset=3');
    expect(answer.status).toBe(502);
    expect(answer.body).toMatchObject({ type: '/problems/upstream-error', upstream_status: 500 });
    const recent = harness.sandbox.control.calls().recent.at(-1);
    expect(recent?.status).toBe(500);
    expect(answer.body.upstream_request_id).toBe(recent?.request_id);
  });
});
