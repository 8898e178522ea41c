import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountGroupSchema } from '../domain/account-group';
import { AccountNumberAllocator } from './account-numbers';
import { GroupStore } from './group-store';
import { SeededRandom } from './seeded-random';
import { parseUuid, UuidTable } from './uuid-table';

function storeWith(created: readonly number[]): GroupStore {
  const store = new GroupStore(1, 4);
  for (const ms of created) {
    store.add({ createdMs: ms, updatedMs: ms, status: 'ACTIVE', type: 'PERSONAL', users: [{ user: store.users.addRandom(store.idRandom), role: 'OWNER' }] });
  }
  store.buildIndexes();
  return store;
}

describe('GroupStore', () => {
  it('orders by timestamp, ties by id in the same direction; DESC is the reverse of ASC', () => {
    const store = storeWith([5, 1, 5, 5, 3, 1]);
    const ascending = store.select('created_at', 'ASC', 0, 100).groups;
    const keys = ascending.map((index) => [store.createdMs(index), store.ids.format(index)] as const);
    expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1)));
    expect(store.select('created_at', 'DESC', 0, 100).groups).toEqual([...ascending].reverse());
    expect(store.select('created_at', 'DESC', 1, 2).groups).toEqual([...ascending].reverse().slice(1, 3));
  });

  it('keeps the updated_at index right as groups change (grows past its initial capacity)', () => {
    const store = storeWith(Array.from({ length: 40 }, (_, i) => i * 1000));
    store.update(3, { updatedMs: 10_000_000, status: 'LOCKED' });
    store.add({ createdMs: 5, updatedMs: 20_000_000, status: 'PENDING_APPROVAL', type: 'ISA', users: [] });
    expect(store.select('updated_at', 'DESC', 0, 2).groups).toEqual([40, 3]);
    expect(store.select('created_at', 'ASC', 0, 2).groups).toEqual([0, 40]);
    expect(store.size).toBe(41);
  });

  it('serialises valid account groups, field order as Upvest, with extra fields after', () => {
    const store = storeWith([Date.UTC(2025, 0, 2, 3, 4, 5, 6)]);
    store.update(0, { extra: { nickname: 'a "quoted" name' }, status: 'NEW_STATUS' });
    const json = store.toJson(0);
    expect(Object.keys(JSON.parse(json) as object)).toEqual(['id', 'created_at', 'updated_at', 'users', 'status', 'type', 'securities_account_number', 'nickname']);
    expect(JSON.parse(json)).toEqual(store.toAccountGroup(0));
    expect(accountGroupSchema.parse(JSON.parse(json))).toMatchObject({ created_at: '2025-01-02T03:04:05.006Z', status: 'NEW_STATUS', nickname: 'a "quoted" name' });
  });

  it("finds one user's groups and sorts them like the list", () => {
    const store = storeWith([3, 1, 2]);
    const shared = store.users.addRandom(store.idRandom);
    store.update(0, { users: [{ user: shared, role: 'OWNER' }] });
    store.update(2, { users: [{ user: shared, role: 'GUARDIAN' }] });
    expect(store.selectForUser(shared, 'created_at', 'ASC', 0, 10)).toEqual({ groups: [2, 0], totalCount: 2 });
    expect(store.selectForUser(shared, 'created_at', 'DESC', 1, 10)).toEqual({ groups: [2], totalCount: 2 });
  });
});

describe('UuidTable', () => {
  it('round-trips UUIDs and orders them like their lower-case text', () => {
    fc.assert(
      fc.property(fc.array(fc.uuid(), { minLength: 2, maxLength: 50 }), (uuids) => {
        const table = new UuidTable(2);
        const indexes = uuids.map((uuid) => table.intern(parseUuid(uuid) ?? [0, 0, 0, 0]));
        uuids.forEach((uuid, i) => {
          expect(table.format(indexes[i] ?? -1)).toBe(uuid.toLowerCase());
          expect(table.findText(uuid.toUpperCase())).toBe(indexes[i]);
        });
        const a = indexes[0] ?? 0;
        const b = indexes[1] ?? 0;
        const [textA, textB] = [table.format(a), table.format(b)];
        expect(Math.sign(table.compare(a, b))).toBe(textA === textB ? 0 : textA < textB ? -1 : 1);
      }),
    );
  });

  it('refuses text that is not a UUID', () => {
    expect(parseUuid('not-a-uuid')).toBeNull();
    expect(parseUuid('0b9a6f2e4c1d4e8a9f3b7d5c2a1e6b90')).toBeNull();
    expect(new UuidTable().findText('x')).toBe(-1);
  });
});

describe('AccountNumberAllocator', () => {
  it('hands out unique 9-digit numbers and knows which are taken', () => {
    const allocator = new AccountNumberAllocator(new SeededRandom(1, 'n'));
    const numbers = Array.from({ length: 50_000 }, () => allocator.allocate());
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.every((n) => n >= 100_000_000 && n <= 999_999_999)).toBe(true);
    expect(allocator.isTaken(numbers[123] ?? 0)).toBe(true);
    expect(allocator.claim(numbers[0] ?? 0)).toBe(false);
    expect(allocator.claim(42)).toBe(true);
    expect(allocator.claim(42)).toBe(false);
  });

  it('skips a number claimed before the sequence reaches it', () => {
    const probe = new AccountNumberAllocator(new SeededRandom(2, 'n'));
    const upcoming = [probe.allocate(), probe.allocate()];
    const allocator = new AccountNumberAllocator(new SeededRandom(2, 'n'));
    expect(allocator.claim(upcoming[1] ?? 0)).toBe(true);
    expect(allocator.allocate()).toBe(upcoming[0]);
    expect(allocator.allocate()).not.toBe(upcoming[1]);
  });
});
