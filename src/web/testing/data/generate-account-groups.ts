import type { AccountGroup, AccountGroupStatus, AccountGroupType } from '../../../domain/account-group';

/**
 * A deterministic tenant for component tests: the same seed always gives the same groups, so a test
 * can compute what it expects from the dataset instead of hard-coding results.
 */

/** The dataset's "now": every created/updated time lies before it. */
export const DATASET_NOW = Date.parse('2026-11-20T12:00:00.000Z');

const STATUS_WEIGHTS: ReadonlyArray<readonly [AccountGroupStatus, number]> = [
  ['ACTIVE', 62],
  ['PENDING_APPROVAL', 9],
  ['LOCKED', 8],
  ['CLOSING', 6],
  ['CLOSED', 15],
];

const TYPE_WEIGHTS: ReadonlyArray<readonly [AccountGroupType, number]> = [
  ['PERSONAL', 55],
  ['LEGAL_ENTITY', 12],
  ['FRENCH_PEA', 8],
  ['ISA', 12],
  ['CHILD', 13],
];

const DAY_MS = 86_400_000;

/** mulberry32: small, fast and good enough for test data. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickWeighted<T>(random: () => number, weights: ReadonlyArray<readonly [T, number]>): T {
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [value, weight] of weights) {
    roll -= weight;
    if (roll < 0) return value;
  }
  const last = weights[weights.length - 1];
  if (last === undefined) throw new Error('pickWeighted needs at least one weight');
  return last[0];
}

function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = (8 + Math.floor(random() * 4)).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export interface GenerateOptions {
  count?: number;
  seed?: number;
}

export function generateAccountGroups({ count = 300, seed = 20261120 }: GenerateOptions = {}): AccountGroup[] {
  const random = createRandom(seed);
  // A pool smaller than the number of groups, so some owners hold several groups.
  const userPool = Array.from({ length: Math.max(1, Math.floor(count * 0.7)) }, () => uuid(random));
  const pickUser = (): string => userPool[Math.floor(random() * userPool.length)] ?? uuid(random);

  return Array.from({ length: count }, (_, index): AccountGroup => {
    const type = pickWeighted(random, TYPE_WEIGHTS);
    const createdAt = DATASET_NOW - Math.floor(random() * 900 * DAY_MS) - DAY_MS;
    const updatedAt = Math.min(DATASET_NOW, createdAt + Math.floor(random() * 120 * DAY_MS));
    const users =
      type === 'CHILD'
        ? [
            { id: uuid(random), type: 'CHILD' },
            { id: pickUser(), type: 'GUARDIAN' },
          ]
        : Array.from({ length: type === 'LEGAL_ENTITY' ? 1 + Math.floor(random() * 3) : 1 }, () => ({
            id: pickUser(),
            type: 'OWNER',
          }));
    return {
      id: uuid(random),
      created_at: new Date(createdAt).toISOString(),
      updated_at: new Date(updatedAt).toISOString(),
      users,
      status: pickWeighted(random, STATUS_WEIGHTS),
      type,
      securities_account_number: String(1_000_000_000 + index * 7919 + Math.floor(random() * 7000)),
    };
  });
}
