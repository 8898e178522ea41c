/**
 * Mirror bench: loads N synthetic account groups into the mirror store and measures what the console
 * needs at a million groups (RSS ≤ 1 GB, filtered sorted page and facets p95 ≤ 20 ms).
 *
 *   npx tsx bench/mirror-bench.ts [sizes...]            e.g. npx tsx bench/mirror-bench.ts 100000 1000000
 *   node --expose-gc --import tsx bench/mirror-bench.ts  (RSS after a forced gc: the honest figure)
 *
 * `runMirrorBench(sizes)` returns the rows for the project-wide `npm run bench`.
 */
import { pathToFileURL } from 'node:url';
import {
  ACCOUNT_GROUP_STATUSES,
  ACCOUNT_GROUP_TYPES,
  type AccountGroup,
  type AccountGroupStatus,
  type AccountGroupType,
  type SortField,
  type SortOrder,
} from '../src/domain/account-group';
import type { AccountGroupQuery } from '../src/domain/list-query';
import { exportAccountGroupsCsv } from '../src/server/mirror/account-groups-csv';
import { MirrorStore } from '../src/server/mirror/mirror-store';

export interface MirrorBenchRow {
  groups: number;
  /** Upserting every group in pages of 1000, as a first sync does. */
  load_upsert_ms: number;
  /** The one sort at the end of a first load. */
  load_settle_ms: number;
  rss_mb: number;
  heap_mb: number;
  array_buffers_mb: number;
  page_p50_ms: number;
  page_p95_ms: number;
  search_page_p50_ms: number;
  search_page_p95_ms: number;
  /** Share of search samples that found their group (a sanity check: they search for existing keys). */
  search_hit_rate: number;
  facets_p50_ms: number;
  facets_p95_ms: number;
  csv_rows_per_s: number;
  upsert_1000_ms: number;
}

const PAGE = 1000;
const QUERY_SAMPLES = 200;

export async function runMirrorBench(sizes: readonly number[] = [100_000, 1_000_000]): Promise<MirrorBenchRow[]> {
  const rows: MirrorBenchRow[] = [];
  for (const size of sizes) {
    collectGarbage();
    rows.push(await benchOneSize(size));
    collectGarbage();
  }
  return rows;
}

async function benchOneSize(size: number): Promise<MirrorBenchRow> {
  const generator = new GroupGenerator(size, 0x5eed + size);
  const store = new MirrorStore();

  // Only the store's work counts: pages are generated outside the clock, as they come off the wire.
  let upsertMs = 0;
  for (let offset = 0; offset < size; offset += PAGE) {
    const page = generator.page(offset, Math.min(PAGE, size - offset));
    const start = performance.now();
    store.upsert(page);
    upsertMs += performance.now() - start;
  }
  const settleStart = performance.now();
  store.settle();
  const settleMs = performance.now() - settleStart;

  collectGarbage();
  const memory = process.memoryUsage();

  const random = mulberry32(42);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;

  // Staff mostly look at the groups needing attention, newest first, near the first pages.
  const pageTimes: number[] = [];
  const searchTimes: number[] = [];
  let searchHits = 0;
  for (let i = 0; i < QUERY_SAMPLES; i++) {
    const withSearch = i % 5 === 4;
    const query = randomQuery(random, pick, generator, withSearch);
    const total = store.facets(query).total_count;
    // A quarter of the samples jump deep, up to the last page: the worst case of a scan.
    if (!withSearch && i % 4 === 1) query.offset = Math.max(0, Math.floor(random() * total) - query.limit);
    const start = performance.now();
    const result = store.query(query);
    (withSearch ? searchTimes : pageTimes).push(performance.now() - start);
    if (withSearch && result.total > 0) searchHits++;
  }

  const facetTimes: number[] = [];
  for (let i = 0; i < QUERY_SAMPLES; i++) {
    const query = randomQuery(random, pick, generator, i % 5 === 4);
    const start = performance.now();
    store.facets(query);
    facetTimes.push(performance.now() - start);
  }

  const csvStart = performance.now();
  let csvRows = -1; // the header
  for await (const chunk of exportAccountGroupsCsv(store, {
    sort: 'created_at',
    order: 'DESC',
    status: [],
    type: [],
    q: null,
  })) {
    const text = chunk as string | Buffer;
    const s = typeof text === 'string' ? text : text.toString('utf8');
    for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) csvRows++;
  }
  const csvSeconds = (performance.now() - csvStart) / 1000;

  const upsertTimes: number[] = [];
  for (let round = 0; round < 5; round++) {
    const changed = generator.changedBatch(random, 1000, round);
    const start = performance.now();
    store.upsert(changed);
    store.settle();
    upsertTimes.push(performance.now() - start);
  }

  return {
    groups: store.size,
    load_upsert_ms: round(upsertMs),
    load_settle_ms: round(settleMs),
    rss_mb: round(memory.rss / 1e6),
    heap_mb: round(memory.heapUsed / 1e6),
    array_buffers_mb: round(memory.arrayBuffers / 1e6),
    page_p50_ms: percentile(pageTimes, 0.5),
    page_p95_ms: percentile(pageTimes, 0.95),
    search_page_p50_ms: percentile(searchTimes, 0.5),
    search_page_p95_ms: percentile(searchTimes, 0.95),
    search_hit_rate: round(searchHits / Math.max(1, searchTimes.length)),
    facets_p50_ms: percentile(facetTimes, 0.5),
    facets_p95_ms: percentile(facetTimes, 0.95),
    csv_rows_per_s: Math.round(csvRows / csvSeconds),
    upsert_1000_ms: percentile(upsertTimes, 0.5),
  };
}

function randomQuery(
  random: () => number,
  pick: <T>(values: readonly T[]) => T,
  generator: GroupGenerator,
  withSearch: boolean,
): AccountGroupQuery {
  const attention: AccountGroupStatus[][] = [['LOCKED', 'CLOSING'], ['LOCKED'], ['PENDING_APPROVAL'], ['ACTIVE'], []];
  const status = pick(attention);
  const type: AccountGroupType[] = random() < 0.3 ? [pick(ACCOUNT_GROUP_TYPES)] : [];
  let q: string | null = null;
  if (withSearch) {
    const sample = generator.group(Math.floor(random() * generator.size));
    const user = sample.users[0];
    q = pick([
      sample.id,
      sample.id.slice(0, 8),
      sample.securities_account_number,
      user === undefined ? sample.id : user.id.slice(0, 13),
    ]);
  }
  return {
    sort: pick<SortField>(['created_at', 'updated_at']),
    order: pick<SortOrder>(['DESC', 'ASC']),
    offset: Math.floor(random() * 5) * 100,
    limit: pick([25, 50, 100, 100, 100, 1000]),
    // A search is how staff find the one group a ticket names: usually without other filters.
    status: q !== null ? [] : status.length === 0 && type.length === 0 ? ['LOCKED'] : status,
    type: q !== null ? [] : type,
    q,
  };
}

/**
 * Deterministic synthetic tenant: group i is the same on every call, so a bench can regenerate a group
 * to change it without holding all of them in memory.
 */
class GroupGenerator {
  private static readonly START = Date.UTC(2020, 0, 1);
  private static readonly SPAN = Date.UTC(2025, 10, 1) - GroupGenerator.START;

  constructor(
    readonly size: number,
    private readonly seed: number,
  ) {}

  page(offset: number, count: number): AccountGroup[] {
    return Array.from({ length: count }, (_, i) => this.group(offset + i));
  }

  group(index: number): AccountGroup {
    const random = mulberry32(this.seed ^ Math.imul(index + 1, 0x9e3779b1));
    // Growth: more groups were opened recently than five years ago.
    const createdMs =
      GroupGenerator.START + Math.floor(GroupGenerator.SPAN * Math.pow(index / this.size, 0.7)) + Math.floor(random() * 60_000);
    const status = weighted(random, STATUS_WEIGHTS);
    const type = weighted(random, TYPE_WEIGHTS);
    // Most groups are touched once, when approved; some years later when closed or locked.
    const untilNow = Date.UTC(2025, 10, 1) - createdMs;
    const updatedMs =
      createdMs + (status === 'PENDING_APPROVAL' ? 0 : Math.floor(random() < 0.7 ? random() * 86_400_000 : random() * untilNow));
    const users: AccountGroup['users'] = [];
    // About one person in six holds several groups: reuse the owner of an earlier group.
    const ownerSource = index > 10 && random() < 0.15 ? Math.floor(random() * index) : index;
    users.push({ id: uuid(mulberry32(this.seed ^ Math.imul(ownerSource + 7, 0x85ebca6b))), type: 'OWNER' });
    if (type === 'CHILD') users.push({ id: uuid(random), type: 'CHILD' });
    else if (random() < 0.1) users.push({ id: uuid(random), type: 'OWNER' });
    return {
      id: uniqueUuid(index, random),
      created_at: timestamp(createdMs, random),
      updated_at: timestamp(updatedMs, random),
      users,
      status,
      type,
      securities_account_number: String(100_000_000 + ((index * 7919 + 12_345) % 900_000_000)),
    };
  }

  /** `count` random existing groups with a new status and a later updated_at. */
  changedBatch(random: () => number, count: number, round: number): AccountGroup[] {
    return Array.from({ length: count }, () => {
      const group = this.group(Math.floor(random() * this.size));
      return {
        ...group,
        status: ACCOUNT_GROUP_STATUSES[Math.floor(random() * ACCOUNT_GROUP_STATUSES.length)] ?? 'LOCKED',
        updated_at: new Date(Date.UTC(2025, 10, 2) + round * 60_000 + Math.floor(random() * 60_000)).toISOString(),
      };
    });
  }
}

const STATUS_WEIGHTS: readonly [AccountGroupStatus, number][] = [
  ['ACTIVE', 80],
  ['CLOSED', 10],
  ['PENDING_APPROVAL', 5],
  ['LOCKED', 3],
  ['CLOSING', 2],
];
const TYPE_WEIGHTS: readonly [AccountGroupType, number][] = [
  ['PERSONAL', 75],
  ['ISA', 8],
  ['CHILD', 7],
  ['LEGAL_ENTITY', 5],
  ['FRENCH_PEA', 5],
];

function weighted<T>(random: () => number, weights: readonly [T, number][]): T {
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  let roll = random() * total;
  for (const [value, weight] of weights) {
    roll -= weight;
    if (roll < 0) return value;
  }
  const last = weights[weights.length - 1];
  if (last === undefined) throw new Error('No weights');
  return last[0];
}

function timestamp(ms: number, random: () => number): string {
  const micros = String(Math.floor(random() * 1000)).padStart(3, '0');
  return new Date(ms).toISOString().replace('Z', `${micros}Z`);
}

function uuid(random: () => number): string {
  let hex = '';
  for (let i = 0; i < 4; i++) hex += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A random-looking UUID whose last 8 hex digits are a bijection of the index, so no two collide. */
function uniqueUuid(index: number, random: () => number): string {
  const unique = (Math.imul(index, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0');
  return uuid(random).slice(0, 28) + unique;
}

function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  if ((globalThis as { gc?: unknown }).gc === undefined) {
    console.warn('Run with `node --expose-gc --import tsx bench/mirror-bench.ts` for RSS after a full gc.');
  }
  const rows = await runMirrorBench(sizes.length > 0 ? sizes : undefined);
  console.table(rows);
}
