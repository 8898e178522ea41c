import { describe, expect, it } from 'vitest';
import type { AccountGroup } from '../domain/account-group';
import { generateGroups, STATUS_WEIGHTS, TYPE_WEIGHTS } from './group-generator';
import { GroupStore } from './group-store';

const END = Date.UTC(2026, 10, 26);
const DAY = 86_400_000;

function generate(count: number, seed: number, endsAtMs = END): GroupStore {
  const store = new GroupStore(seed, count);
  generateGroups(store, { count, seed, endsAtMs });
  return store;
}

function groupsOf(store: GroupStore): AccountGroup[] {
  return Array.from({ length: store.size }, (_, index) => store.toAccountGroup(index));
}

const large = groupsOf(generate(20_000, 1));

function share<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.filter(predicate).length / items.length;
}

describe('generated data', () => {
  it('is the same for the same seed and differs for another seed', () => {
    const json = (store: GroupStore): string[] => Array.from({ length: store.size }, (_, index) => store.toJson(index));
    expect(json(generate(3000, 5))).toEqual(json(generate(3000, 5)));
    expect(json(generate(3000, 6))).not.toEqual(json(generate(3000, 5)));
  });

  it('only shifts timestamps when the end instant moves', () => {
    const early = groupsOf(generate(500, 3, END));
    const later = groupsOf(generate(500, 3, END + 7 * DAY));
    for (const [index, group] of early.entries()) {
      const moved = later[index];
      expect(moved).toMatchObject({ id: group.id, status: group.status, type: group.type, users: group.users, securities_account_number: group.securities_account_number });
      expect(Date.parse(moved?.created_at ?? '') - Date.parse(group.created_at)).toBe(7 * DAY);
      expect(Date.parse(moved?.updated_at ?? '') - Date.parse(group.updated_at)).toBe(7 * DAY);
    }
  });

  it.each(STATUS_WEIGHTS.map(([status, weight]) => [status, weight] as const))('has about %s %i %% of statuses', (status, weight) => {
    expect(Math.abs(share(large, (group) => group.status === status) - weight / 100)).toBeLessThan(0.015);
  });

  it.each(TYPE_WEIGHTS.map(([type, weight]) => [type, weight] as const))('has about %s %i %% of types', (type, weight) => {
    expect(Math.abs(share(large, (group) => group.type === type) - weight / 100)).toBeLessThan(0.015);
  });

  it('spreads created_at over about three years, growing, with exact ties', () => {
    const created = large.map((group) => Date.parse(group.created_at));
    expect(Math.min(...created)).toBeGreaterThanOrEqual(END - 3 * 365 * DAY);
    expect(Math.min(...created)).toBeLessThan(END - 3 * 365 * DAY + 30 * DAY);
    expect(Math.max(...created)).toBeLessThanOrEqual(END);
    expect(Math.max(...created)).toBeGreaterThan(END - 2 * DAY);
    const firstYear = created.filter((ms) => ms < END - 2 * 365 * DAY).length;
    const lastYear = created.filter((ms) => ms >= END - 365 * DAY).length;
    expect(lastYear).toBeGreaterThan(2 * firstYear);
    const counts = new Map<number, number>();
    for (const ms of created) counts.set(ms, (counts.get(ms) ?? 0) + 1);
    expect([...counts.values()].filter((n) => n > 1).length).toBeGreaterThanOrEqual(3);
  });

  it('keeps updated_at between created_at and the end', () => {
    for (const group of large) {
      expect(Date.parse(group.updated_at)).toBeGreaterThanOrEqual(Date.parse(group.created_at));
      expect(Date.parse(group.updated_at)).toBeLessThanOrEqual(END);
    }
    expect(share(large, (group) => group.updated_at !== group.created_at)).toBeGreaterThan(0.9);
  });

  it('has unique UUID v4 ids and unique 9-digit securities account numbers', () => {
    for (const group of large) expect(group.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(large.map((group) => group.id)).size).toBe(large.length);
    for (const group of large) expect(group.securities_account_number).toMatch(/^\d{9}$/);
    expect(new Set(large.map((group) => group.securities_account_number)).size).toBe(large.length);
  });

  it('gives CHILD groups a child and one or two guardians, others one or two owners', () => {
    for (const group of large) {
      const roles = group.users.map((user) => user.type).sort();
      if (group.type === 'CHILD') {
        expect(roles.filter((role) => role === 'CHILD')).toHaveLength(1);
        expect(roles.filter((role) => role === 'GUARDIAN').length).toBeGreaterThanOrEqual(1);
        expect(roles.filter((role) => role === 'GUARDIAN').length).toBeLessThanOrEqual(2);
      } else {
        expect(roles.every((role) => role === 'OWNER')).toBe(true);
        expect(roles.length).toBeGreaterThanOrEqual(1);
        expect(roles.length).toBeLessThanOrEqual(2);
      }
      expect(new Set(group.users.map((user) => user.id)).size).toBe(group.users.length);
    }
    const ownedByOne = share(large.filter((group) => group.type !== 'CHILD'), (group) => group.users.length === 1);
    expect(ownedByOne).toBeGreaterThan(0.8);
    expect(ownedByOne).toBeLessThan(0.95);
  });

  it('shares users across groups, e.g. one person with PERSONAL and ISA', () => {
    const typesByUser = new Map<string, Set<string>>();
    for (const group of large) {
      for (const user of group.users) typesByUser.set(user.id, (typesByUser.get(user.id) ?? new Set()).add(group.type));
    }
    const both = [...typesByUser.values()].filter((types) => types.has('PERSONAL') && types.has('ISA')).length;
    expect(both).toBeGreaterThan(large.length * 0.02);
    const guardiansWithOwnGroups = large
      .flatMap((group) => group.users.filter((user) => user.type === 'GUARDIAN'))
      .filter((user) => (typesByUser.get(user.id)?.size ?? 0) > 1 || [...(typesByUser.get(user.id) ?? [])].some((type) => type !== 'CHILD'));
    expect(guardiansWithOwnGroups.length).toBeGreaterThan(0);
  });
});
