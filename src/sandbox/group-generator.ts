import type { AccountGroupStatus, AccountGroupType } from '../domain/account-group';
import type { GroupStore, NewGroupUser } from './group-store';
import { SeededRandom } from './seeded-random';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Groups span about three years before `endsAtMs`. */
const HISTORY_MS = 3 * 365 * DAY_MS;
/** The last month sees this many times more sign-ups per day than the first: a growing tenant. */
const GROWTH = 5;

export const STATUS_WEIGHTS: readonly (readonly [AccountGroupStatus, number])[] = [
  ['ACTIVE', 70],
  ['PENDING_APPROVAL', 8],
  ['CLOSING', 3],
  ['CLOSED', 12],
  ['LOCKED', 7],
];

export const TYPE_WEIGHTS: readonly (readonly [AccountGroupType, number])[] = [
  ['PERSONAL', 60],
  ['ISA', 12],
  ['FRENCH_PEA', 8],
  ['CHILD', 10],
  ['LEGAL_ENTITY', 10],
];

export interface GenerationOptions {
  readonly count: number;
  readonly seed: number;
  /** Every generated timestamp is at or before this instant. */
  readonly endsAtMs: number;
}

/**
 * Fills an empty store with `count` realistic groups, deterministically from the seed.
 *
 * IDs, statuses, types, users and account numbers depend only on the seed; timestamps are offsets
 * back from `endsAtMs`, so moving the end only shifts every date by the same amount. Created times
 * follow a growing sign-up rate over three years, with a few batch imports whose groups share one
 * exact created_at (ties the sort order must break by ID).
 */
export function generateGroups(store: GroupStore, options: GenerationOptions): void {
  if (store.size !== 0) throw new Error('generateGroups needs an empty store');
  const random = new SeededRandom(options.seed, 'groups');
  const people = new PeoplePool(store);
  const batches = planBatchImports(options.count, random);
  const startMs = options.endsAtMs - HISTORY_MS;
  let batchUntil = -1;
  let batchCreatedMs = 0;

  for (let i = 0; i < options.count; i++) {
    const naturalMs = startMs + Math.floor(growthCurve((i + random.next()) / Math.max(1, options.count)) * (HISTORY_MS - MINUTE_MS));
    const batchSize = batches.get(i);
    if (batchSize !== undefined && i > batchUntil) {
      batchUntil = i + batchSize - 1;
      batchCreatedMs = naturalMs - (naturalMs % 1000);
    }
    const createdMs = i <= batchUntil ? batchCreatedMs : naturalMs;
    const status = random.weighted(STATUS_WEIGHTS);
    const type = random.weighted(TYPE_WEIGHTS);
    store.add({
      createdMs,
      updatedMs: updatedAfter(createdMs, status, options.endsAtMs, random),
      status,
      type,
      users: usersFor(type, people, random),
    });
  }
  store.buildIndexes();
}

/**
 * Users for a new group of the given type: one owner mostly, sometimes two (joint PERSONAL, legal
 * entities with two representatives); a CHILD group has its child and one or two guardians. Adults
 * are often reused, so one person holds PERSONAL and ISA, or is guardian of a child.
 */
export function usersFor(type: string, people: PeoplePool, random: SeededRandom): NewGroupUser[] {
  switch (type) {
    case 'PERSONAL':
      return owners(random.chance(0.12) ? 2 : 1, 0.25, people, random);
    case 'ISA':
      return owners(1, 0.55, people, random);
    case 'FRENCH_PEA':
      return owners(1, 0.5, people, random);
    case 'LEGAL_ENTITY':
      return owners(random.chance(0.15) ? 2 : 1, 0.3, people, random);
    case 'CHILD': {
      const users: NewGroupUser[] = [{ user: people.newChild(), role: 'CHILD' }];
      const guardians = random.chance(0.55) ? 2 : 1;
      for (const user of distinctAdults(guardians, 0.8, people, random)) users.push({ user, role: 'GUARDIAN' });
      return users;
    }
    default:
      return owners(1, 0, people, random);
  }
}

function owners(count: number, reuseProbability: number, people: PeoplePool, random: SeededRandom): NewGroupUser[] {
  return distinctAdults(count, reuseProbability, people, random).map((user) => ({ user, role: 'OWNER' }));
}

function distinctAdults(count: number, reuseProbability: number, people: PeoplePool, random: SeededRandom): number[] {
  const chosen: number[] = [];
  while (chosen.length < count) {
    const candidate = random.chance(reuseProbability) ? people.existingAdult(random) : people.newAdult();
    if (!chosen.includes(candidate)) chosen.push(candidate);
  }
  return chosen;
}

/** Adults seen so far, to draw returning customers from. */
export class PeoplePool {
  private adults = new Int32Array(1024);
  private adultCount = 0;

  constructor(private readonly store: GroupStore) {}

  /** New users take their IDs from the store's ID stream, like new groups. */
  newAdult(): number {
    const user = this.store.users.addRandom(this.store.idRandom);
    this.remember(user);
    return user;
  }

  newChild(): number {
    return this.store.users.addRandom(this.store.idRandom);
  }

  /** A random adult already known, or a new one when there is none yet. */
  existingAdult(random: SeededRandom): number {
    if (this.adultCount === 0) return this.newAdult();
    return this.adults[random.int(this.adultCount)] ?? 0;
  }

  remember(user: number): void {
    if (this.adultCount >= this.adults.length) {
      const grown = new Int32Array(this.adults.length * 2);
      grown.set(this.adults);
      this.adults = grown;
    }
    this.adults[this.adultCount++] = user;
  }
}

/** Maps uniform [0, 1) to [0, 1) with density rising GROWTH-fold from start to end. */
function growthCurve(u: number): number {
  const k = Math.log(GROWTH);
  return Math.log(1 + u * (GROWTH - 1)) / k;
}

/** Start index → size of the batch imports: a handful even for small tenants, ~3 % of groups overall. */
function planBatchImports(count: number, random: SeededRandom): Map<number, number> {
  const batches = new Map<number, number>();
  if (count < 20) return batches;
  const batchCount = Math.max(3, Math.round(count / 2500));
  const maxSize = Math.max(3, Math.min(80, Math.floor(count / 100)));
  for (let b = 0; b < batchCount; b++) batches.set(random.int(count), random.between(2, maxSize));
  return batches;
}

function updatedAfter(createdMs: number, status: AccountGroupStatus, endsAtMs: number, random: SeededRandom): number {
  const room = Math.max(0, endsAtMs - createdMs);
  let offset: number;
  switch (status) {
    case 'PENDING_APPROVAL':
      // Often untouched since creation; otherwise a document or KYC update shortly after.
      offset = random.chance(0.4) ? 0 : random.between(MINUTE_MS, 2 * DAY_MS);
      break;
    case 'ACTIVE': {
      const activation = MINUTE_MS / 2 + random.exponential(DAY_MS);
      offset = random.chance(0.3) ? activation + random.next() * room : activation;
      break;
    }
    case 'CLOSING':
      // Closing takes days: these were initiated recently.
      offset = room - random.next() * 20 * DAY_MS;
      break;
    default:
      offset = DAY_MS + random.next() * room;
  }
  // An update that would fall after the data's end happened some time before it instead: clamping it to
  // the end instant would stack thousands of groups on one timestamp, which no real tenant shows.
  const bounded = offset > room ? random.next() * room : Math.max(0, offset);
  return createdMs + Math.floor(bounded);
}
