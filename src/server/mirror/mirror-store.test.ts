import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountGroup } from '../../domain/account-group';
import type { AccountGroupQuery } from '../../domain/list-query';
import { MirrorStore } from './mirror-store';
import {
  accountGroupArbitrary,
  querySeedArbitrary,
  resolveQuery,
} from './testing/account-group-arbitraries';
import { ReferenceMirror } from './testing/reference-mirror';

function group(overrides: Partial<AccountGroup> & { id: string }): AccountGroup {
  return {
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-02T00:00:00Z',
    users: [],
    status: 'ACTIVE',
    type: 'PERSONAL',
    securities_account_number: '100000001',
    ...overrides,
  };
}

const ALL: AccountGroupQuery = {
  sort: 'created_at',
  order: 'ASC',
  offset: 0,
  limit: 1000,
  status: [],
  type: [],
  q: null,
};

describe('MirrorStore against a brute-force reference', () => {
  it('answers query, facets, matches and get like the reference after every round of upserts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(accountGroupArbitrary, { maxLength: 14 }), { minLength: 1, maxLength: 6 }),
        fc.array(querySeedArbitrary, { minLength: 1, maxLength: 5 }),
        (batches, seeds) => {
          const store = new MirrorStore();
          const reference = new ReferenceMirror();
          for (const batch of batches) {
            expect(store.upsert(batch)).toEqual(reference.upsert(batch));
            expect(store.size).toBe(reference.groups.length);
            expect(store.maxUpdatedAt()).toBe(reference.maxUpdatedAt());
            for (const seed of seeds) {
              const query = resolveQuery(seed, reference.groups);
              expect(store.query(query)).toEqual(reference.query(query));
              expect(store.facets(query)).toEqual(reference.facets(query));
              expect([...store.matches(query)]).toEqual(reference.matches(query));
            }
          }
          for (const expected of reference.groups) expect(store.get(expected.id)).toEqual(expected);
          expect([...store.all()]).toEqual(reference.groups);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('pages through every match exactly once, in both orders, at any page size', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(accountGroupArbitrary, { selector: (g) => g.id, minLength: 1, maxLength: 25 }),
        querySeedArbitrary,
        fc.integer({ min: 1, max: 7 }),
        (groups, seed, limit) => {
          const store = new MirrorStore();
          store.upsert(groups);
          const reference = new ReferenceMirror();
          reference.upsert(groups);
          const query = resolveQuery(seed, groups);
          const expected = reference.matches(query);
          const paged: AccountGroup[] = [];
          for (let offset = 0; offset <= expected.length; offset += limit) {
            const page = store.query({ ...query, offset, limit });
            expect(page.total).toBe(expected.length);
            paged.push(...page.data);
          }
          expect(paged).toEqual(expected);
          const reversed = store.query({ ...query, order: query.order === 'ASC' ? 'DESC' : 'ASC', offset: 0, limit: 1000 });
          expect(reversed.data).toEqual([...expected].reverse());
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('MirrorStore upsert', () => {
  it('tells one stable slot per ID, whether the group was inserted, changed or unchanged', () => {
    const store = new MirrorStore();
    const a = group({ id: 'a' });
    const b = group({ id: 'b' });
    const first: number[] = [];
    store.upsert([a, b, a], (slot) => first.push(slot));
    const again: number[] = [];
    store.upsert([b, { ...a, status: 'LOCKED' }], (slot) => again.push(slot));
    expect(first).toEqual([0, 1, 0]);
    expect(again).toEqual([1, 0]);
  });
});

describe('MirrorStore search', () => {
  const store = new MirrorStore();
  store.upsert([
    group({ id: '0c1f7a56-1111-4000-8000-000000000001', securities_account_number: '123456789' }),
    group({
      id: '0c1f7a56-2222-4000-8000-000000000002',
      securities_account_number: '1234567',
      users: [{ id: 'A9B8C7D6-USER', type: 'OWNER' }],
    }),
    group({ id: '0c1f7a5', securities_account_number: '555' }),
  ]);
  const idsFor = (q: string): string[] => store.query({ ...ALL, q }).data.map((g) => g.id);

  it('matches a term of 7 characters only exactly', () => {
    expect(idsFor('0c1f7a5')).toEqual(['0c1f7a5']);
    expect(idsFor('1234567')).toEqual(['0c1f7a56-2222-4000-8000-000000000002']);
    expect(idsFor('a9b8c7d')).toEqual([]);
  });

  it('matches a term of 8 characters or more also as a prefix of ID, account number and user ID', () => {
    expect(idsFor('0c1f7a56')).toEqual(['0c1f7a56-1111-4000-8000-000000000001', '0c1f7a56-2222-4000-8000-000000000002']);
    expect(idsFor('0c1f7a56-2222')).toEqual(['0c1f7a56-2222-4000-8000-000000000002']);
    expect(idsFor('12345678')).toEqual(['0c1f7a56-1111-4000-8000-000000000001']);
    expect(idsFor('a9b8c7d6')).toEqual(['0c1f7a56-2222-4000-8000-000000000002']);
  });

  it('matches the whole key of any length and nothing longer than it', () => {
    expect(idsFor('555')).toEqual(['0c1f7a5']);
    expect(idsFor('123456789')).toEqual(['0c1f7a56-1111-4000-8000-000000000001']);
    expect(idsFor('1234567890')).toEqual([]);
  });

  it('ignores case on both sides', () => {
    expect(idsFor('A9B8C7D6-user')).toEqual(['0c1f7a56-2222-4000-8000-000000000002']);
    expect(idsFor('0C1F7A56-2222')).toEqual(['0c1f7a56-2222-4000-8000-000000000002']);
  });

  it('finds a group under its new keys after an update and not under the old ones', () => {
    const local = new MirrorStore();
    local.upsert([group({ id: 'g-1', users: [{ id: 'old-user-1', type: 'OWNER' }], securities_account_number: '111111111' })]);
    local.upsert([group({ id: 'g-1', users: [{ id: 'new-user-1', type: 'OWNER' }], securities_account_number: '222222222' })]);
    const hits = (q: string): number => local.query({ ...ALL, q }).total;
    expect([hits('old-user-1'), hits('111111111'), hits('new-user-1'), hits('222222222')]).toEqual([0, 0, 1, 1]);
  });
});

describe('MirrorStore data ownership', () => {
  it('returns what was put in, unknown fields included, and nobody can change the store through it', () => {
    const input = group({
      id: 'g-1',
      users: [{ id: 'u-1', type: 'OWNER', since: '2020' }],
      status: 'FROZEN',
      extra: { nested: [1, 'two', null] },
    });
    const store = new MirrorStore();
    store.upsert([input]);
    const snapshot = structuredClone(input);
    input.status = 'CLOSED';
    input.users.push({ id: 'u-2', type: 'OWNER' });

    const fromGet = store.get('g-1');
    expect(fromGet).toEqual(snapshot);
    if (fromGet === undefined) throw new Error('missing');
    fromGet.status = 'LOCKED';
    fromGet.users.length = 0;
    const [fromQuery] = store.query(ALL).data;
    if (fromQuery === undefined) throw new Error('missing');
    fromQuery.id = 'changed';
    for (const g of store.matches(ALL)) g.type = 'ISA';

    expect(store.get('g-1')).toEqual(snapshot);
    expect([...store.all()]).toEqual([snapshot]);
    expect(store.facets({ status: [], type: [], q: 'u-1' }).status).toEqual({
      PENDING_APPROVAL: 0,
      ACTIVE: 0,
      CLOSING: 0,
      CLOSED: 0,
      LOCKED: 0,
      FROZEN: 1,
    });
  });

  it('tells inserted, updated and unchanged groups apart', () => {
    const store = new MirrorStore();
    expect(store.upsert([group({ id: 'a' }), group({ id: 'b' })])).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(store.upsert([group({ id: 'a' }), group({ id: 'b', status: 'LOCKED' }), group({ id: 'c' })])).toEqual({
      inserted: 1,
      updated: 1,
      unchanged: 1,
    });
    expect(store.get('b')?.status).toBe('LOCKED');
  });

  it('treats IDs as case-sensitive for identity', () => {
    const store = new MirrorStore();
    store.upsert([group({ id: 'abc' }), group({ id: 'ABC', status: 'LOCKED' })]);
    expect(store.size).toBe(2);
    expect(store.get('ABC')?.status).toBe('LOCKED');
    expect(store.get('abc')?.status).toBe('ACTIVE');
  });
});

describe('MirrorStore facets and counts', () => {
  it('lists an unknown enum value only while a group carries it', () => {
    const store = new MirrorStore();
    store.upsert([group({ id: 'a', status: 'FROZEN', type: 'JOINT' })]);
    expect(store.facets({ status: [], type: [], q: null })).toEqual({
      total_count: 1,
      status: { PENDING_APPROVAL: 0, ACTIVE: 0, CLOSING: 0, CLOSED: 0, LOCKED: 0, FROZEN: 1 },
      type: { PERSONAL: 0, LEGAL_ENTITY: 0, FRENCH_PEA: 0, ISA: 0, CHILD: 0, JOINT: 1 },
    });
    // Filtering on known values hides the group but the facet still names its value.
    expect(store.facets({ status: ['ACTIVE'], type: [], q: null }).type).toMatchObject({ JOINT: 0 });
    store.upsert([group({ id: 'a', status: 'ACTIVE', type: 'ISA' })]);
    const facets = store.facets({ status: [], type: [], q: null });
    expect(Object.keys(facets.status)).not.toContain('FROZEN');
    expect(Object.keys(facets.type)).not.toContain('JOINT');
    expect(facets.status.ACTIVE).toBe(1);
  });

  it('keeps the high-water mark from going back and ignores unreadable timestamps', () => {
    const store = new MirrorStore();
    expect(store.maxUpdatedAt()).toBeNull();
    store.upsert([group({ id: 'a', updated_at: 'garbage' })]);
    expect(store.maxUpdatedAt()).toBeNull();
    store.upsert([group({ id: 'a', updated_at: '2024-05-01T10:00:00.5+02:00' })]);
    store.upsert([group({ id: 'b', updated_at: '2024-05-01T08:00:00.4Z' })]);
    expect(store.maxUpdatedAt()).toBe('2024-05-01T10:00:00.5+02:00');
    store.upsert([group({ id: 'a', updated_at: '2024-05-01T08:00:00.6Z' })]);
    expect(store.maxUpdatedAt()).toBe('2024-05-01T08:00:00.6Z');
    store.upsert([group({ id: 'a', updated_at: '2023-01-01T00:00:00Z' })]);
    expect(store.maxUpdatedAt()).toBe('2024-05-01T08:00:00.6Z');
  });
});

describe('MirrorStore at sizes that take the large-batch paths', () => {
  it('sorts, merges and pages thousands of groups like the reference', () => {
    // Above 4096 slots the sort is a radix sort and big searches scan the order with a bitmap.
    const random = fc.sample(fc.tuple(fc.nat(50), fc.nat(3), fc.nat(4)), { numRuns: 9000, seed: 7 });
    const statuses = ['ACTIVE', 'LOCKED', 'CLOSING', 'FROZEN'];
    const groups = random.map(([minute, status, user], i) =>
      group({
        id: `${i % 2 === 0 ? 'aaaaaaaa' : 'bbbbbbbb'}-${String((i * 7919) % 9000).padStart(5, '0')}`,
        created_at: `2024-01-01T00:${String(minute).padStart(2, '0')}:00Z`,
        updated_at: `2024-02-01T00:00:${String(minute % 60).padStart(2, '0')}.${i % 3}Z`,
        status: statuses[status] ?? 'ACTIVE',
        users: [{ id: `user-${user}-xxxxxxxx`, type: 'OWNER' }],
      }),
    );
    const store = new MirrorStore();
    const reference = new ReferenceMirror();
    for (let i = 0; i < groups.length; i += 3000) {
      const batch = groups.slice(i, i + 3000);
      store.upsert(batch);
      reference.upsert(batch);
    }
    store.settle();
    // A small change batch into a large, settled order takes the binary-search merge.
    const changes = groups.slice(0, 40).map((g, i) => ({ ...g, status: 'LOCKED', updated_at: `2024-03-01T00:00:0${i % 10}Z` }));
    store.upsert(changes);
    reference.upsert(changes);
    const queries: AccountGroupQuery[] = [
      { ...ALL, sort: 'updated_at', order: 'DESC', offset: 17, limit: 500 },
      { ...ALL, sort: 'created_at', order: 'ASC', offset: 4000, limit: 1000, status: ['LOCKED'] },
      { ...ALL, sort: 'created_at', order: 'DESC', offset: 100, limit: 300, q: 'aaaaaaaa' },
      { ...ALL, sort: 'updated_at', order: 'ASC', offset: 0, limit: 50, q: 'user-2-xxxxxxxx', status: ['ACTIVE'] },
    ];
    for (const query of queries) {
      expect(store.query(query)).toEqual(reference.query(query));
      expect(store.facets(query)).toEqual(reference.facets(query));
    }
    expect([...store.matches(queries[2] ?? ALL)]).toEqual(reference.matches(queries[2] ?? ALL));
  });
});

describe('MirrorStore.matches during upserts', () => {
  it('yields every group at most once and never one that stopped matching', () => {
    const store = new MirrorStore();
    store.upsert(Array.from({ length: 50 }, (_, i) => group({ id: `g-${String(i).padStart(2, '0')}`, status: 'LOCKED' })));
    const query = { ...ALL, status: ['LOCKED' as const] };
    const seen: string[] = [];
    let round = 0;
    for (const g of store.matches(query)) {
      seen.push(g.id);
      expect(g.status).toBe('LOCKED');
      round++;
      // Unlock a group further down, move another one to the front of the order, add a new one.
      store.upsert([
        group({ id: `g-${String(49 - round).padStart(2, '0')}`, status: 'ACTIVE' }),
        group({ id: `g-${String(round + 20).padStart(2, '0')}`, status: 'LOCKED', created_at: '2000-01-01T00:00:00Z' }),
        group({ id: `new-${round}`, status: 'LOCKED' }),
      ]);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.every((id) => id.startsWith('g-'))).toBe(true);
  });
});
