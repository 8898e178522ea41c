import type { AccountGroupStatus } from '../domain/account-group';
import { PeoplePool, TYPE_WEIGHTS, usersFor } from './group-generator';
import type { GroupStore } from './group-store';
import { isoTime } from './iso-time';
import type { SeededRandom } from './seeded-random';

/** Upvest's account-group lifecycle (API.md): the only status moves the sandbox makes on its own. */
export const LIFECYCLE_TRANSITIONS: readonly (readonly [AccountGroupStatus, AccountGroupStatus])[] = [
  ['PENDING_APPROVAL', 'ACTIVE'],
  ['ACTIVE', 'LOCKED'],
  ['ACTIVE', 'CLOSING'],
  ['LOCKED', 'ACTIVE'],
  ['CLOSING', 'CLOSED'],
];

export interface GroupChange {
  readonly kind: 'created' | 'status_changed';
  readonly id: string;
  readonly from: string | null;
  readonly to: string;
  readonly updated_at: string;
}

type ChangeChoice = 'create' | readonly [AccountGroupStatus, AccountGroupStatus];

/** Weighted so that a long run keeps the mix of statuses roughly where generation put it. */
const CHANGE_WEIGHTS: readonly (readonly [ChangeChoice, number])[] = [
  ['create', 20],
  [['PENDING_APPROVAL', 'ACTIVE'], 25],
  [['ACTIVE', 'LOCKED'], 10],
  [['ACTIVE', 'CLOSING'], 10],
  [['LOCKED', 'ACTIVE'], 15],
  [['CLOSING', 'CLOSED'], 20],
];

const RANDOM_PROBES = 64;

/**
 * Applies random lifecycle changes: new PENDING_APPROVAL groups and status moves along the
 * lifecycle, each one moving updated_at to `nowMs`. Groups are never deleted. Deterministic given the
 * random stream and the store's state.
 */
export class LifecycleSimulator {
  private readonly people: PeoplePool;

  constructor(
    private readonly store: GroupStore,
    private readonly random: SeededRandom,
  ) {
    this.people = new PeoplePool(store);
    // Returning customers of new groups are the adults that exist already, weighted by their groups.
    store.forEachMembership((user, role) => {
      if (role !== 'CHILD') this.people.remember(user);
    });
  }

  apply(count: number, nowMs: number): GroupChange[] {
    const changes: GroupChange[] = [];
    for (let i = 0; i < count; i++) changes.push(this.applyOne(nowMs));
    return changes;
  }

  /** Creates a PENDING_APPROVAL group as a new sign-up would. */
  createGroup(nowMs: number): GroupChange {
    const type = this.random.weighted(TYPE_WEIGHTS);
    const index = this.store.add({
      createdMs: nowMs,
      updatedMs: nowMs,
      status: 'PENDING_APPROVAL',
      type,
      users: usersFor(type, this.people, this.random),
    });
    return { kind: 'created', id: this.store.ids.format(index), from: null, to: 'PENDING_APPROVAL', updated_at: isoTime(nowMs) };
  }

  private applyOne(nowMs: number): GroupChange {
    const choice = this.random.weighted(CHANGE_WEIGHTS);
    if (choice === 'create') return this.createGroup(nowMs);
    const [from, to] = choice;
    const group = this.findWithStatus(from);
    if (group < 0) return this.createGroup(nowMs);
    const updatedMs = Math.max(nowMs, this.store.createdMs(group));
    this.store.update(group, { status: to, updatedMs });
    return { kind: 'status_changed', id: this.store.ids.format(group), from, to, updated_at: isoTime(updatedMs) };
  }

  /** A random group with the status: random probes first, then a scan from a random start. */
  private findWithStatus(status: AccountGroupStatus): number {
    const code = this.store.statuses.find(status);
    const size = this.store.size;
    if (code < 0 || size === 0) return -1;
    for (let probe = 0; probe < RANDOM_PROBES; probe++) {
      const group = this.random.int(size);
      if (this.store.statusCode(group) === code) return group;
    }
    const start = this.random.int(size);
    for (let step = 0; step < size; step++) {
      const group = (start + step) % size;
      if (this.store.statusCode(group) === code) return group;
    }
    return -1;
  }
}
