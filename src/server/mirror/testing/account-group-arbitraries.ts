import fc from 'fast-check';
import {
  ACCOUNT_GROUP_STATUSES,
  ACCOUNT_GROUP_TYPES,
  SORT_FIELDS,
  SORT_ORDERS,
  type AccountGroup,
  type AccountGroupStatus,
  type AccountGroupType,
} from '../../../domain/account-group';
import type { AccountGroupQuery } from '../../../domain/list-query';
import { referenceKeys } from './reference-mirror';

/**
 * Generators for mirror tests. Small pools on purpose: IDs repeat (so upserts update), users are
 * shared between groups, IDs share eight-character prefixes and differ only in case, timestamps tie
 * (the same instant written with other offsets or fraction digits), enum values include ones this
 * console does not know, and groups carry extra fields.
 */

const ID_STEMS = ['0c1f7a56', '0c1f7a57', 'abcdef12', 'ABCDEF12', 'ffffffff'];
const ID_TAILS = ['', '-0000-4000-8000-000000000001', '-0000-4000-8000-000000000002', '-a1b2', '-A1B2'];
export const idArbitrary = fc.tuple(fc.constantFrom(...ID_STEMS), fc.constantFrom(...ID_TAILS)).map(([s, t]) => s + t);

const USER_IDS = ['user-0001-aaaa', 'USER-0001-AAAA', 'user-0002-bbbb', 'usr7', 'abcdef12-9999', 'ffffffff-user'];
const USER_TYPES = ['OWNER', 'OWNER', 'CHILD', 'GUARDIAN', 'TRUSTEE'];
export const userArbitrary = fc
  .record({ id: fc.constantFrom(...USER_IDS), type: fc.constantFrom(...USER_TYPES), extra: fc.boolean() })
  .map(({ id, type, extra }) => (extra ? { id, type, since: '2020-01-01' } : { id, type }));

const SECURITIES_ACCOUNT_NUMBERS = ['123456789', '123456780', '1234567', '98765432', '000000001', ''];

export const UNKNOWN_STATUSES = ['FROZEN', 'ARCHIVED'] as const;
export const UNKNOWN_TYPES = ['JOINT'] as const;
export const statusArbitrary = fc.constantFrom<string>(...ACCOUNT_GROUP_STATUSES, ...UNKNOWN_STATUSES);
export const typeArbitrary = fc.constantFrom<string>(...ACCOUNT_GROUP_TYPES, ...UNKNOWN_TYPES);

const BASE_SECONDS = [Date.UTC(2024, 2, 1, 10, 0, 0), Date.UTC(2024, 2, 1, 10, 0, 1), Date.UTC(2025, 0, 31, 23, 59, 59)];
const MICROS = [0, 1, 500_000, 999_999];
const ZONES = [
  { suffix: 'Z', minutes: 0 },
  { suffix: '+01:00', minutes: 60 },
  { suffix: '-05:30', minutes: -330 },
];

/** RFC 3339 timestamps over few instants, in many spellings, and now and then not a timestamp. */
export const timestampArbitrary = fc.oneof(
  { weight: 20, arbitrary: fc.record({
    base: fc.constantFrom(...BASE_SECONDS),
    micros: fc.constantFrom(...MICROS),
    zone: fc.constantFrom(...ZONES),
    digits: fc.integer({ min: 0, max: 9 }),
    beyondMicros: fc.integer({ min: 0, max: 999 }),
  }).map(({ base, micros, zone, digits, beyondMicros }) => {
    const local = new Date(base + zone.minutes * 60_000).toISOString().slice(0, 19);
    // Enough digits to carry the microseconds; digits past six are cut when comparing.
    const needed = micros === 0 ? 0 : String(micros).padStart(6, '0').replace(/0+$/, '').length;
    const count = Math.max(digits, needed);
    const fraction = (String(micros).padStart(6, '0') + String(beyondMicros).padStart(3, '0')).slice(0, count);
    return `${local}${count > 0 ? '.' + fraction : ''}${zone.suffix}`;
  }) },
  { weight: 1, arbitrary: fc.constantFrom('not-a-date', '') },
);

const extraValueArbitrary = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
  fc.record({ nested: fc.integer() }),
);

export const accountGroupArbitrary: fc.Arbitrary<AccountGroup> = fc
  .record({
    id: idArbitrary,
    created_at: timestampArbitrary,
    updated_at: timestampArbitrary,
    users: fc.array(userArbitrary, { maxLength: 3 }),
    status: statusArbitrary,
    type: typeArbitrary,
    securities_account_number: fc.constantFrom(...SECURITIES_ACCOUNT_NUMBERS),
    extras: fc.dictionary(fc.constantFrom('x_note', 'x_flags', 'nested'), extraValueArbitrary, { maxKeys: 2 }),
  })
  .map(({ extras, ...group }) => ({ ...group, ...extras }));

/** A query whose search term is drawn from the data at hand when the test runs. */
export interface QuerySeed {
  sort: AccountGroupQuery['sort'];
  order: AccountGroupQuery['order'];
  offset: number;
  limit: number;
  status: AccountGroupStatus[];
  type: AccountGroupType[];
  term: null | { group: number; key: number; length: number } | { junk: string };
}

export const querySeedArbitrary: fc.Arbitrary<QuerySeed> = fc.record({
  sort: fc.constantFrom(...SORT_FIELDS),
  order: fc.constantFrom(...SORT_ORDERS),
  offset: fc.oneof(fc.constant(0), fc.nat(30)),
  limit: fc.integer({ min: 1, max: 30 }),
  status: fc.subarray([...ACCOUNT_GROUP_STATUSES]),
  type: fc.subarray([...ACCOUNT_GROUP_TYPES]),
  term: fc.oneof(
    fc.constant(null),
    fc.record({ group: fc.nat(), key: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ junk: fc.constantFrom('zz', 'abcdef1', 'abcdef12', '0c1f7a5', '0c1f7a56-0000', '12345678') }),
  ),
});

/** Resolves a seed against the groups held: the term is a piece of one of their keys, lower-cased as the parser leaves it. */
export function resolveQuery(seed: QuerySeed, groups: readonly AccountGroup[]): AccountGroupQuery {
  let q: string | null = null;
  if (seed.term !== null) {
    if ('junk' in seed.term) {
      q = seed.term.junk;
    } else {
      const group = groups[seed.term.group % Math.max(1, groups.length)];
      const keys = group === undefined ? [] : referenceKeys(group);
      const key = keys[seed.term.key % Math.max(1, keys.length)] ?? 'zz';
      q = key.slice(0, Math.min(key.length, seed.term.length)).toLowerCase();
    }
  }
  const { term: _term, ...rest } = seed;
  return { ...rest, q };
}
