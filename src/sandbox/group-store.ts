import {
  ACCOUNT_GROUP_STATUSES,
  ACCOUNT_GROUP_TYPES,
  ACCOUNT_GROUP_USER_TYPES,
  type AccountGroup,
  type SortField,
  type SortOrder,
} from '../domain/account-group';
import { AccountNumberAllocator, formatAccountNumber } from './account-numbers';
import { isoTime } from './iso-time';
import { SeededRandom } from './seeded-random';
import { SortedIndex } from './sorted-index';
import { UuidTable, type UuidWords } from './uuid-table';
import { Vocabulary } from './vocabulary';

export interface NewGroupUser {
  /** Index in `store.users`. */
  readonly user: number;
  readonly role: string;
}

export interface NewGroup {
  /** A random version-4 ID when absent. */
  readonly id?: UuidWords;
  readonly createdMs: number;
  readonly updatedMs: number;
  readonly status: string;
  readonly type: string;
  readonly users: readonly NewGroupUser[];
  /** The next unused number when absent. */
  readonly accountNumber?: number;
  /** Fields a newer API version might add; served after the documented ones. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface GroupChanges {
  readonly status?: string;
  readonly type?: string;
  readonly users?: readonly NewGroupUser[];
  readonly updatedMs?: number;
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface ListSelection {
  readonly groups: readonly number[];
  readonly totalCount: number;
}

/** Fields every group has; `extra` may not override them. */
export const DOCUMENTED_FIELDS = [
  'id',
  'created_at',
  'updated_at',
  'users',
  'status',
  'type',
  'securities_account_number',
] as const;

/**
 * All account groups, column by column (typed arrays), with sorted indexes by created_at and by
 * updated_at. A group is a number (its index, which is also its index in `ids`); JSON is written on
 * demand, which at a page of 1000 costs about a millisecond and keeps a million groups near 100 MB
 * instead of the gigabyte that objects and pre-serialised strings would take.
 *
 * Sort order, for both fields: by the timestamp (millisecond precision, as served), ties broken by
 * the group ID in the same direction (ID compared as lower-case text). DESC is exactly the reverse of
 * ASC, so every group has one position and offset pages never skip or repeat one.
 */
export class GroupStore {
  readonly ids: UuidTable;
  readonly users: UuidTable;
  readonly statuses = new Vocabulary(ACCOUNT_GROUP_STATUSES);
  readonly types = new Vocabulary(ACCOUNT_GROUP_TYPES);
  readonly roles = new Vocabulary(ACCOUNT_GROUP_USER_TYPES);
  readonly byCreated: SortedIndex;
  readonly byUpdated: SortedIndex;
  /** Draws new group and user IDs; the generator uses it first, later creations continue it. */
  readonly idRandom: SeededRandom;
  private readonly accountNumbers: AccountNumberAllocator;

  private capacity: number;
  private count = 0;
  private created: Float64Array;
  private updated: Float64Array;
  private statusCodes: Uint8Array;
  private typeCodes: Uint8Array;
  private accountNumberColumn: Uint32Array;
  private userStart: Uint32Array;
  private userCount: Uint8Array;
  private userRefs: Int32Array;
  private userRoles: Uint8Array;
  private userRefsLength = 0;
  private readonly extras = new Map<number, Readonly<Record<string, unknown>>>();
  private indexed = false;

  constructor(seed: number, expectedGroups = 1024) {
    this.capacity = Math.max(16, expectedGroups);
    this.ids = new UuidTable(this.capacity);
    this.users = new UuidTable(this.capacity);
    this.idRandom = new SeededRandom(seed, 'ids');
    this.accountNumbers = new AccountNumberAllocator(new SeededRandom(seed, 'account-numbers'));
    this.created = new Float64Array(this.capacity);
    this.updated = new Float64Array(this.capacity);
    this.statusCodes = new Uint8Array(this.capacity);
    this.typeCodes = new Uint8Array(this.capacity);
    this.accountNumberColumn = new Uint32Array(this.capacity);
    this.userStart = new Uint32Array(this.capacity);
    this.userCount = new Uint8Array(this.capacity);
    this.userRefs = new Int32Array(Math.ceil(this.capacity * 1.5));
    this.userRoles = new Uint8Array(this.userRefs.length);
    this.byCreated = new SortedIndex((a, b) => this.compareBy(this.created, a, b));
    this.byUpdated = new SortedIndex((a, b) => this.compareBy(this.updated, a, b));
  }

  get size(): number {
    return this.count;
  }

  /**
   * Adds a group. Before `buildIndexes` (bulk generation) the indexes are left alone; after it, the
   * group is inserted into both.
   */
  add(group: NewGroup): number {
    if (group.users.length > 255) throw new RangeError('a group has at most 255 users');
    if (this.count >= this.capacity) this.grow(this.capacity * 2);
    const index = group.id === undefined ? this.ids.addRandom(this.idRandom) : this.ids.add(...group.id);
    if (index !== this.count) throw new Error('group and ID tables out of step');
    this.count++;
    this.created[index] = group.createdMs;
    this.updated[index] = group.updatedMs;
    this.statusCodes[index] = this.statuses.code(group.status);
    this.typeCodes[index] = this.types.code(group.type);
    this.accountNumberColumn[index] = group.accountNumber ?? this.accountNumbers.allocate();
    this.writeUsers(index, group.users);
    if (group.extra !== undefined) this.extras.set(index, group.extra);
    if (this.indexed) {
      this.byCreated.insert(index);
      this.byUpdated.insert(index);
    }
    return index;
  }

  buildIndexes(): void {
    const all = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) all[i] = i;
    this.byCreated.load(all);
    this.byUpdated.load(all);
    this.indexed = true;
  }

  update(index: number, changes: GroupChanges): void {
    this.assertGroup(index);
    const newUpdatedMs = changes.updatedMs !== undefined && changes.updatedMs !== this.updated[index] ? changes.updatedMs : null;
    if (newUpdatedMs !== null && this.indexed) this.byUpdated.remove(index);
    if (changes.status !== undefined) this.statusCodes[index] = this.statuses.code(changes.status);
    if (changes.type !== undefined) this.typeCodes[index] = this.types.code(changes.type);
    if (changes.users !== undefined) this.writeUsers(index, changes.users);
    if (changes.extra !== undefined) this.extras.set(index, changes.extra);
    if (newUpdatedMs !== null) {
      this.updated[index] = newUpdatedMs;
      if (this.indexed) this.byUpdated.insert(index);
    }
  }

  /** Reserves an explicitly chosen account number; false when it is taken. */
  claimAccountNumber(accountNumber: number): boolean {
    return this.accountNumbers.claim(accountNumber);
  }

  findGroup(id: string): number {
    return this.ids.findText(id);
  }

  findUser(id: string): number {
    return this.users.findText(id);
  }

  createdMs(index: number): number {
    return this.created[index] ?? 0;
  }

  updatedMs(index: number): number {
    return this.updated[index] ?? 0;
  }

  status(index: number): string {
    return this.statuses.name(this.statusCodes[index] ?? 0);
  }

  type(index: number): string {
    return this.types.name(this.typeCodes[index] ?? 0);
  }

  statusCode(index: number): number {
    return this.statusCodes[index] ?? 0;
  }

  groupUsers(index: number): NewGroupUser[] {
    const start = this.userStart[index] ?? 0;
    const count = this.userCount[index] ?? 0;
    const out: NewGroupUser[] = [];
    for (let k = start; k < start + count; k++) {
      out.push({ user: this.userRefs[k] ?? 0, role: this.roles.name(this.userRoles[k] ?? 0) });
    }
    return out;
  }

  /** Every (user, role) pairing of every group, including lists replaced since (rare, harmless for sampling). */
  forEachMembership(visit: (user: number, role: string) => void): void {
    for (let k = 0; k < this.userRefsLength; k++) visit(this.userRefs[k] ?? 0, this.roles.name(this.userRoles[k] ?? 0));
  }

  /** A page of groups in the given order. */
  select(sort: SortField, order: SortOrder, offset: number, limit: number): ListSelection {
    const index = sort === 'created_at' ? this.byCreated : this.byUpdated;
    const groups = order === 'ASC' ? index.slice(offset, limit) : index.sliceDescending(offset, limit);
    return { groups, totalCount: this.count };
  }

  /** A page of one user's groups, in the same order as `select`. */
  selectForUser(user: number, sort: SortField, order: SortOrder, offset: number, limit: number): ListSelection {
    const matches: number[] = [];
    for (let group = 0; group < this.count; group++) {
      const start = this.userStart[group] ?? 0;
      const end = start + (this.userCount[group] ?? 0);
      for (let k = start; k < end; k++) {
        if (this.userRefs[k] === user) {
          matches.push(group);
          break;
        }
      }
    }
    const column = sort === 'created_at' ? this.created : this.updated;
    const direction = order === 'ASC' ? 1 : -1;
    matches.sort((a, b) => direction * this.compareBy(column, a, b));
    return { groups: matches.slice(offset, offset + limit), totalCount: matches.length };
  }

  /** The group as Upvest serialises it, field order included. */
  toJson(index: number): string {
    const start = this.userStart[index] ?? 0;
    const end = start + (this.userCount[index] ?? 0);
    let users = '';
    for (let k = start; k < end; k++) {
      if (k > start) users += ',';
      users += `{"id":"${this.users.format(this.userRefs[k] ?? 0)}","type":${this.roles.jsonOf(this.userRoles[k] ?? 0)}}`;
    }
    const extra = this.extras.get(index);
    return (
      `{"id":"${this.ids.format(index)}",` +
      `"created_at":"${isoTime(this.created[index] ?? 0)}",` +
      `"updated_at":"${isoTime(this.updated[index] ?? 0)}",` +
      `"users":[${users}],` +
      `"status":${this.statuses.jsonOf(this.statusCodes[index] ?? 0)},` +
      `"type":${this.types.jsonOf(this.typeCodes[index] ?? 0)},` +
      `"securities_account_number":"${formatAccountNumber(this.accountNumberColumn[index] ?? 0)}"` +
      (extra === undefined ? '' : extraFieldsJson(extra)) +
      '}'
    );
  }

  /** A fresh object copy of the group. */
  toAccountGroup(index: number): AccountGroup {
    this.assertGroup(index);
    return {
      id: this.ids.format(index),
      created_at: isoTime(this.createdMs(index)),
      updated_at: isoTime(this.updatedMs(index)),
      users: this.groupUsers(index).map(({ user, role }) => ({ id: this.users.format(user), type: role })),
      status: this.status(index),
      type: this.type(index),
      securities_account_number: formatAccountNumber(this.accountNumberColumn[index] ?? 0),
      ...structuredClone(this.extras.get(index) ?? {}),
    };
  }

  private compareBy(column: Float64Array, a: number, b: number): number {
    const difference = (column[a] ?? 0) - (column[b] ?? 0);
    return difference !== 0 ? difference : this.ids.compare(a, b);
  }

  private writeUsers(index: number, users: readonly NewGroupUser[]): void {
    // A replaced user list stays behind in userRefs: changing users is rare (control endpoint only).
    if (this.userRefsLength + users.length > this.userRefs.length) {
      const grownLength = Math.max(this.userRefs.length * 2, this.userRefsLength + users.length);
      this.userRefs = copyInto(new Int32Array(grownLength), this.userRefs);
      this.userRoles = copyInto(new Uint8Array(grownLength), this.userRoles);
    }
    this.userStart[index] = this.userRefsLength;
    this.userCount[index] = users.length;
    for (const { user, role } of users) {
      this.userRefs[this.userRefsLength] = user;
      this.userRoles[this.userRefsLength] = this.roles.code(role);
      this.userRefsLength++;
    }
  }

  private grow(capacity: number): void {
    this.capacity = capacity;
    this.created = copyInto(new Float64Array(capacity), this.created);
    this.updated = copyInto(new Float64Array(capacity), this.updated);
    this.statusCodes = copyInto(new Uint8Array(capacity), this.statusCodes);
    this.typeCodes = copyInto(new Uint8Array(capacity), this.typeCodes);
    this.accountNumberColumn = copyInto(new Uint32Array(capacity), this.accountNumberColumn);
    this.userStart = copyInto(new Uint32Array(capacity), this.userStart);
    this.userCount = copyInto(new Uint8Array(capacity), this.userCount);
  }

  private assertGroup(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) throw new RangeError(`no group ${index}`);
  }
}

function extraFieldsJson(extra: Readonly<Record<string, unknown>>): string {
  let out = '';
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) continue;
    out += `,${JSON.stringify(name)}:${JSON.stringify(value)}`;
  }
  return out;
}

function copyInto<T extends Float64Array | Uint32Array | Int32Array | Uint8Array>(target: T, source: T): T {
  target.set(source.subarray(0, Math.min(source.length, target.length)));
  return target;
}
