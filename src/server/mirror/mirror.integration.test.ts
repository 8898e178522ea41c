import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_GROUP_STATUSES,
  ACCOUNT_GROUP_TYPES,
  SORT_FIELDS,
  SORT_ORDERS,
  type AccountGroup,
} from '../../domain/account-group';
import type { AccountGroupList, ConsoleStatus, Facets, RefreshResponse } from '../../domain/console-api';
import { formatAccountGroupQuery, type AccountGroupQuery } from '../../domain/list-query';
import { bruteForceMatches, bruteForcePage, sortGroups } from '../testing/brute-force';
import { startHarness, type Harness } from '../testing/console-harness';

// The mirror inside the real console server, syncing from the real sandbox over loopback, checked against
// a brute-force answer over the sandbox's own data.

function byId(groups: Iterable<AccountGroup>): AccountGroup[] {
  return [...groups].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

async function refresh(harness: Harness): Promise<RefreshResponse> {
  const answer = await harness.api<RefreshResponse>('/api/account-groups/refresh', { method: 'POST' });
  expect(answer.status).toBe(200);
  return answer.body;
}

function expectMirrorEqualsSandbox(harness: Harness): void {
  expect(byId(harness.console.mirror.store.all())).toEqual(byId(harness.sandbox.control.groups()));
}

describe('the mirror against the sandbox', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ sandbox: { accountGroups: 3200, seed: 23 }, startMirror: true });
    await harness.console.mirror.whenComplete();
  });
  afterAll(() => harness.close());
  afterEach(() => {
    harness.sandbox.control.clearFaults();
  });

  it('holds exactly the sandbox’s groups, field for field, after the first sync', async () => {
    expectMirrorEqualsSandbox(harness);
    const status = (await harness.api<ConsoleStatus>('/api/status')).body;
    expect(status.mirror).toMatchObject({ state: 'ready', count: 3200, complete: true, progress: null, last_error: null });
  });

  // Queries first, while the data still has the sandbox's realistic spread; the sync tests below change it a lot.
  it('answers random filters, searches, sorts and pages exactly like a brute force over the sandbox', async () => {
    const groups = harness.sandbox.control.groups();
    const sample = groups.filter((_, index) => index % 97 === 0);
    const searchTerm = fc.oneof(
      fc.constant(null),
      fc.constantFrom(...sample.map((group) => group.id)),
      fc.constantFrom(...sample.map((group) => group.id.slice(0, 8))),
      fc.constantFrom(...sample.map((group) => group.id.slice(0, 7))),
      fc.constantFrom(...sample.map((group) => group.securities_account_number)),
      fc.constantFrom(...sample.map((group) => group.securities_account_number.slice(0, 8))),
      fc.constantFrom(...sample.flatMap((group) => group.users.map((user) => user.id))),
      fc.constantFrom(...sample.flatMap((group) => group.users.map((user) => user.id.toUpperCase().slice(0, 12)))),
      fc.constant('000000000'),
    );
    const query = fc.record({
      sort: fc.constantFrom(...SORT_FIELDS),
      order: fc.constantFrom(...SORT_ORDERS),
      status: fc.subarray([...ACCOUNT_GROUP_STATUSES]),
      type: fc.subarray([...ACCOUNT_GROUP_TYPES]),
      q: searchTerm,
      limit: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constantFrom(100, 1000)),
      offsetHint: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3300 }), fc.constant(-1)),
    });

    await fc.assert(
      fc.asyncProperty(query, async ({ offsetHint, ...rest }) => {
        const matches = bruteForceMatches(groups, { status: rest.status, type: rest.type, q: rest.q?.toLowerCase() ?? null });
        // -1: the last page boundary exactly, where off-by-one errors live.
        const offset = offsetHint === -1 ? Math.max(0, matches.length - rest.limit) : offsetHint;
        const parsed: AccountGroupQuery = { ...rest, q: rest.q?.toLowerCase() ?? null, offset };
        const params = formatAccountGroupQuery({ ...parsed, q: rest.q }, 'list');
        const answer = await harness.api<AccountGroupList>(`/api/account-groups?${params.toString()}`);
        expect(answer.status).toBe(200);
        const expected = bruteForcePage(groups, parsed);
        expect(answer.body.meta.total_count).toBe(expected.total);
        expect(answer.body.meta.count).toBe(expected.data.length);
        expect(answer.body.data.map((group) => group.id)).toEqual(expected.data.map((group) => group.id));
        expect(answer.body.data).toEqual(expected.data);
      }),
      { numRuns: 150 },
    );
  });

  it('counts facets exactly like a brute force', async () => {
    const groups = harness.sandbox.control.groups();
    const owner = groups[5]?.users[0]?.id ?? '';
    const filters = fc.record({
      status: fc.subarray([...ACCOUNT_GROUP_STATUSES]),
      type: fc.subarray([...ACCOUNT_GROUP_TYPES]),
      q: fc.constantFrom(null, owner, owner.slice(0, 8)),
    });
    await fc.assert(
      fc.asyncProperty(filters, async (filter) => {
        const params = formatAccountGroupQuery(filter, 'facets');
        const answer = await harness.api<Facets>(`/api/account-groups/facets?${params.toString()}`);
        expect(answer.status).toBe(200);
        const count = (values: readonly AccountGroup[], field: 'status' | 'type', value: string) =>
          values.filter((group) => group[field] === value).length;
        const underTypeAndSearch = bruteForceMatches(groups, { ...filter, status: [] });
        const underStatusAndSearch = bruteForceMatches(groups, { ...filter, type: [] });
        for (const status of ACCOUNT_GROUP_STATUSES) {
          expect(answer.body.status[status] ?? 0).toBe(count(underTypeAndSearch, 'status', status));
        }
        for (const type of ACCOUNT_GROUP_TYPES) {
          expect(answer.body.type[type] ?? 0).toBe(count(underStatusAndSearch, 'type', type));
        }
        expect(answer.body.total_count).toBe(bruteForceMatches(groups, filter).length);
        expect(answer.body.complete).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('exports every match as CSV, in order', async () => {
    const groups = harness.sandbox.control.groups();
    const answer = await harness.api('/api/account-groups/export.csv?status=LOCKED,CLOSING&sort=updated_at&order=DESC');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="account-groups-.*\.csv"$/);
    const lines = answer.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,securities_account_number,type,status,owner_user_ids,user_ids,created_at,updated_at');
    const expected = sortGroups(bruteForceMatches(groups, { status: ['LOCKED', 'CLOSING'], type: [], q: null }), 'updated_at', 'DESC');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(expected.map((group) => group.id));
    const firstRow = lines[1]?.split(',');
    const first = expected[0];
    if (first === undefined || firstRow === undefined) throw new Error('expected at least one locked or closing group');
    expect(firstRow.slice(1, 4)).toEqual([first.securities_account_number, first.type, first.status]);
  });

  it('makes exactly one upstream call for an incremental sync when nothing changed', async () => {
    harness.sandbox.control.resetCalls();
    const answer = await refresh(harness);
    expect(answer.started).toBe(true);
    expect(harness.sandbox.control.calls().counts).toMatchObject({ list: 1, token: 0, total: 1 });
  });

  it('converges in one incremental sync after random changes', async () => {
    harness.sandbox.control.applyChanges(120);
    const created = harness.sandbox.control.createGroup({ status: 'LOCKED', type: 'ISA' });
    const [someone] = harness.sandbox.control.groups();
    if (someone === undefined) throw new Error('the sandbox holds no groups');
    harness.sandbox.control.updateGroup(someone.id, { status: 'CLOSING' });
    await refresh(harness);
    expectMirrorEqualsSandbox(harness);
    expect(harness.console.mirror.store.get(created.id)).toEqual(created);
  });

  it('does not miss changes made while a sync is paging', async () => {
    // Enough changes for the incremental sync to need several pages, then more changes between pages.
    harness.sandbox.control.applyChanges(2600);
    let pages = 0;
    const stopListening = harness.sandbox.control.onListRequest(() => {
      pages += 1;
      if (pages <= 3) harness.sandbox.control.applyChanges(40);
    });
    try {
      await refresh(harness);
    } finally {
      stopListening();
    }
    expect(pages).toBeGreaterThan(1);
    await refresh(harness);
    expectMirrorEqualsSandbox(harness);
  });

  it('keeps serving the last good state when Upvest fails in the middle of a sync, then recovers by itself', async () => {
    const before = byId(harness.console.mirror.store.all());
    harness.sandbox.control.applyChanges(2500);
    let pages = 0;
    const stopListening = harness.sandbox.control.onListRequest(() => {
      pages += 1;
      // After the first page, Upvest fails for good: retries cannot get through.
      if (pages === 1) harness.sandbox.control.addFault({ target: 'account_groups', kind: 'status', status: 500 });
    });
    try {
      await refresh(harness);
    } finally {
      stopListening();
    }

    const status = (await harness.api<ConsoleStatus>('/api/status')).body.mirror;
    expect(status.state).toBe('stale');
    expect(status.last_error?.upstream_request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(status.complete).toBe(true);
    // Nothing lost, nothing duplicated: every group is still there, once (plus what the first page brought).
    const during = byId(harness.console.mirror.store.all()).map((group) => group.id);
    expect(new Set(during).size).toBe(during.length);
    expect(during).toEqual(expect.arrayContaining(before.map((group) => group.id)));
    const sandboxIds = new Set(harness.sandbox.control.groups().map((group) => group.id));
    expect(during.every((id) => sandboxIds.has(id))).toBe(true);
    const list = await harness.api<AccountGroupList>('/api/account-groups?status=ACTIVE&limit=5');
    expect(list.status).toBe(200);
    expect(list.body.meta.complete).toBe(true);

    harness.sandbox.control.clearFaults();
    await refresh(harness);
    expect((await harness.api<ConsoleStatus>('/api/status')).body.mirror).toMatchObject({ state: 'ready', last_error: null });
    expectMirrorEqualsSandbox(harness);
  });

  it('marks answers partial with progress while the first sync is still running', async () => {
    const slow = await startHarness({ sandbox: { accountGroups: 6000, seed: 5 }, startMirror: false });
    try {
      // Nothing read yet: the answer reflects no moment of Upvest's data, and must not claim to be fresh.
      const unread = await slow.api<AccountGroupList>('/api/account-groups?status=ACTIVE&limit=10');
      expect(unread.body.meta).toMatchObject({ source: 'mirror', complete: false, total_count: 0, as_of: '1970-01-01T00:00:00.000Z' });

      slow.sandbox.control.addFault({ target: 'account_groups', kind: 'latency', latency_ms: 400 });
      const startedAt = Date.now();
      slow.console.mirror.start();
      let status = (await slow.api<ConsoleStatus>('/api/status')).body.mirror;
      for (let tries = 0; tries < 50 && (status.progress?.total ?? null) === null; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = (await slow.api<ConsoleStatus>('/api/status')).body.mirror;
      }
      expect(status).toMatchObject({ state: 'syncing', complete: false, progress: { total: 6000 } });
      const partial = await slow.api<AccountGroupList>('/api/account-groups?status=ACTIVE&limit=10');
      expect(partial.status).toBe(200);
      expect(partial.body.meta).toMatchObject({ source: 'mirror', complete: false });
      const facets = await slow.api<Facets>('/api/account-groups/facets');
      expect(facets.body.complete).toBe(false);
      expect(facets.body.total_count).toBeLessThan(6000);
      // Partial data is as old as the start of the sync that is reading it, however late one asks.
      const passStart = Date.parse(partial.body.meta.as_of);
      expect(passStart).toBeGreaterThanOrEqual(startedAt);
      expect(passStart).toBeLessThanOrEqual(startedAt + 250);
      expect(facets.body.as_of).toBe(partial.body.meta.as_of);

      // A refresh during the first sync answers with its progress instead of waiting for it to end.
      const refreshed = await refresh(slow);
      expect(refreshed).toMatchObject({ started: false, mirror: { state: 'syncing', complete: false } });
      expect(slow.console.mirror.complete).toBe(false);

      slow.sandbox.control.clearFaults();
      await slow.console.mirror.whenComplete();
      const done = await slow.api<AccountGroupList>('/api/account-groups?status=ACTIVE&limit=10');
      expect(done.body.meta.complete).toBe(true);
      expect(done.body.meta.total_count).toBe(
        slow.sandbox.control.groups().filter((group) => group.status === 'ACTIVE').length,
      );
    } finally {
      await slow.close();
    }
  });
});
