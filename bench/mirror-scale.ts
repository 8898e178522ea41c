import { Pool, type Dispatcher } from 'undici';
import type { AccountGroup } from '../src/domain/account-group';
import type { AccountGroupList } from '../src/domain/console-api';
import { TsChild } from './lib/child-process';
import type { MirrorBenchRow } from './mirror-bench';
import { CpuMeter, readProcessMemory } from './lib/proc-stats';
import { randomBelow, seededRandom } from './lib/random';
import type { Section, SectionContext, SectionResult } from './lib/section';
import { QUIET_MIRROR_ENV, startStack, type Stack } from './lib/stack';
import { roundTo, summarize } from './lib/stats';
import { formatCell, renderTable } from './lib/table';
import { TARGETS } from './lib/targets';

/**
 * The mirror at tenant scale, over HTTP against a console child process synced from a standalone sandbox:
 * first sync time, RSS, filtered pages and facets, CSV export, and the cost of an incremental sync that
 * finds nothing new. Then the in-process figures of bench/mirror-bench.ts, in a process of their own.
 */


const MIRROR_BENCH_PREFIX = 'MIRROR_BENCH_ROWS '; // printed by lib/mirror-bench-child.ts

export interface QueryFigure {
  groups: number;
  kind: 'page' | 'facets';
  query: string;
  /** Matches of the filter (the first sample's total for searches). */
  matches: number;
  samples: number;
  p50_ms: number;
  p95_ms: number;
  max_ms: number;
}

export interface ScaleFigure {
  groups: number;
  sandbox_start_s: number;
  console_start_s: number;
  first_sync_s: number;
  sync_groups_per_s: number;
  sync_console_cpu_percent: number;
  sync_sandbox_cpu_percent: number;
  sync_other_cpu_percent: number;
  queries_console_cpu_percent: number;
  queries_other_cpu_percent: number;
  rss_after_sync_mb: number;
  peak_rss_after_sync_mb: number;
  rss_after_queries_mb: number;
  peak_rss_end_mb: number;
  export_rows: number;
  export_s: number;
  export_rows_per_s: number;
  export_mb_per_s: number;
  refresh_ms: number;
  refresh_upstream_calls: number;
  refresh_upstream_list_calls: number;
  /**
   * Groups whose updated_at is within the mirror's incremental overlap of the newest one: an incremental
   * sync reads all of them, so more than a page of 1000 means more than one upstream call even when nothing changed.
   */
  groups_in_newest_overlap: number;
  queries: QueryFigure[];
}

interface QueryCombo {
  kind: 'page' | 'facets';
  label: string;
  /** Query string without offset; `{q}` is replaced by a search sample. */
  query: string;
  limit?: number;
  /** `random`: anywhere within the matches (a deep page costs a longer scan); `first-pages`: one of the first 10 pages. */
  offsets: 'random' | 'first-pages' | 'none';
  search?: 'id' | 'account' | 'user-prefix' | 'user';
}

const COMBOS: readonly QueryCombo[] = [
  { kind: 'page', label: 'status=LOCKED,CLOSING updated_at DESC', query: 'status=LOCKED,CLOSING&sort=updated_at&order=DESC', limit: 50, offsets: 'random' },
  { kind: 'page', label: 'status=ACTIVE type=PERSONAL created_at DESC', query: 'status=ACTIVE&type=PERSONAL&sort=created_at&order=DESC', limit: 50, offsets: 'random' },
  { kind: 'page', label: 'status=ACTIVE type=PERSONAL created_at DESC, first 10 pages', query: 'status=ACTIVE&type=PERSONAL&sort=created_at&order=DESC', limit: 50, offsets: 'first-pages' },
  { kind: 'page', label: 'type=ISA,CHILD created_at ASC limit 100', query: 'type=ISA,CHILD&sort=created_at&order=ASC', limit: 100, offsets: 'random' },
  { kind: 'page', label: 'status=PENDING_APPROVAL type=LEGAL_ENTITY updated_at ASC', query: 'status=PENDING_APPROVAL&type=LEGAL_ENTITY&sort=updated_at&order=ASC', limit: 50, offsets: 'random' },
  { kind: 'page', label: 'q=<group id>', query: 'q={q}', limit: 50, offsets: 'none', search: 'id' },
  { kind: 'page', label: 'q=<securities account number>', query: 'q={q}', limit: 50, offsets: 'none', search: 'account' },
  { kind: 'page', label: 'q=<user id prefix, 13 chars>', query: 'q={q}&sort=updated_at&order=DESC', limit: 50, offsets: 'none', search: 'user-prefix' },
  { kind: 'page', label: 'status=ACTIVE,LOCKED q=<user id>', query: 'status=ACTIVE,LOCKED&q={q}', limit: 50, offsets: 'none', search: 'user' },
  { kind: 'facets', label: '(no filter)', query: '', offsets: 'none' },
  { kind: 'facets', label: 'status=LOCKED,CLOSING', query: 'status=LOCKED,CLOSING', offsets: 'none' },
  { kind: 'facets', label: 'status=ACTIVE type=ISA', query: 'status=ACTIVE&type=ISA', offsets: 'none' },
  { kind: 'facets', label: 'q=<user id>', query: 'q={q}', offsets: 'none', search: 'user' },
];

export const mirrorScaleSection: Section = {
  name: 'mirror-scale',
  async run(context: SectionContext): Promise<SectionResult> {
    const sizes = context.quick ? [20_000] : [100_000, 1_000_000];
    const samples = context.quick ? 30 : 200;
    const figures: ScaleFigure[] = [];
    for (const groups of sizes) {
      const stack = await startStack({
        accountGroups: groups,
        consoleEnv: QUIET_MIRROR_ENV,
        syncTimeoutMs: 600_000,
        consoleNodeOptions: context.consoleNodeOptions, progress: context.progress,
      });
      try {
        figures.push(await measureSize(stack, groups, samples, context));
      } finally {
        await stack.stop();
      }
    }

    context.progress(`mirror-scale: in-process runMirrorBench(${sizes.join(', ')})`);
    const inProcess = await runMirrorBenchChild(sizes);

    const largest = figures[figures.length - 1];
    const tables = [
      renderTable({
        title: 'Mirror scale over HTTP: console child process synced from a standalone sandbox child process',
        columns: [
          { header: 'groups', value: (row: ScaleFigure) => row.groups },
          { header: 'sandbox start', unit: 's', digits: 1, value: (row) => row.sandbox_start_s },
          { header: 'first sync', unit: 's', digits: 1, value: (row) => row.first_sync_s },
          { header: 'sync', unit: 'groups/s', value: (row) => row.sync_groups_per_s },
          { header: 'sync CPU console/sandbox/other', unit: '%', align: 'right', value: (row) => `${row.sync_console_cpu_percent} / ${row.sync_sandbox_cpu_percent} / ${row.sync_other_cpu_percent}` },
          { header: 'RSS after sync', unit: 'MB', value: (row) => row.rss_after_sync_mb },
          { header: 'peak RSS', unit: 'MB', value: (row) => row.peak_rss_end_mb },
          { header: 'export', unit: 'rows/s', value: (row) => row.export_rows_per_s },
          { header: 'export', unit: 'MB/s', digits: 1, value: (row) => row.export_mb_per_s },
          { header: 'export', unit: 's', digits: 1, value: (row) => row.export_s },
          { header: 'refresh', unit: 'ms', digits: 1, value: (row) => row.refresh_ms },
          { header: 'refresh upstream calls', value: (row) => row.refresh_upstream_calls },
          { header: 'groups in newest 120 s', value: (row) => row.groups_in_newest_overlap },
        ],
        rows: figures,
        notes: [
          'first sync = from the console answering /api/health (its mirror starts as it listens) to /api/status mirror.complete, polled every 100 ms.',
          'RSS = VmRSS of the console process (/proc), MB = 10^6 bytes; peak = VmHWM at the end of the size\'s run (after the CSV export).',
          'export = GET /api/account-groups/export.csv of every group, read to the end, lines counted; refresh = POST /api/account-groups/refresh',
          'with nothing changed, upstream calls counted by the sandbox after resetting its counts (expected: 1 list call). Periodic syncs are off (1 h).',
          'groups in newest 120 s = groups updated within the incremental overlap of the newest updated_at: the sync reads them all, 1000 per call.',
        ],
      }),
      renderTable({
        title: `Mirror queries over HTTP (${samples} sequential samples each; offsets random within the matches unless "first 10 pages"; seeded)`,
        columns: [
          { header: 'groups', value: (row: QueryFigure & { target: number }) => row.groups },
          { header: 'kind', value: (row) => row.kind },
          { header: 'query', value: (row) => row.query },
          { header: 'matches', value: (row) => row.matches },
          { header: 'p50', unit: 'ms', digits: 2, value: (row) => row.p50_ms },
          { header: 'p95', unit: 'ms', digits: 2, value: (row) => row.p95_ms },
          { header: 'max', unit: 'ms', digits: 2, value: (row) => row.max_ms },
          { header: 'target p95', unit: 'ms', value: (row) => row.target },
          { header: 'verdict', value: (row) => verdict(row.p95_ms <= row.target) },
        ],
        rows: figures.flatMap((figure) => figure.queries.map((query) => ({ ...query, target: query.kind === 'page' ? TARGETS.pageP95Ms : TARGETS.facetsP95Ms }))),
        notes: [
          'Latency seen by an HTTP client on loopback: routing, query parsing, the mirror query, JSON serialisation.',
          'Search matches show the total of the first sample.',
          `Other processes' CPU while sampling: ${figures.map((figure) => `${figure.groups.toLocaleString('en-US')}: ${figure.queries_other_cpu_percent} %`).join(', ')} of one core.`,
        ],
      }),
    ];
    if (largest !== undefined) tables.push(renderTargets(largest, context.quick));
    tables.push(renderInProcess(inProcess));
    return { tables, figures: { samples_per_query: samples, targets: TARGETS, sizes: figures, in_process: inProcess } };
  },
};

async function measureSize(stack: Stack, groups: number, samples: number, context: SectionContext): Promise<ScaleFigure> {
  const consolePid = stack.console.child.pid;
  const afterSync = readProcessMemory(consolePid);
  const firstSyncS = stack.firstSync.elapsedMs / 1000;
  const pool = new Pool(stack.console.url, { connections: 1 });
  try {
    const random = seededRandom(0xbe7c4 + groups);
    const searchSamples = await collectSearchSamples(pool, random, samples);

    const queries: QueryFigure[] = [];
    // Warm-up across every combo: the first calls of a route pay for JIT compilation.
    for (const combo of COMBOS) for (let i = 0; i < 5; i++) await timedGet(pool, await comboPath(pool, combo, random, searchSamples, new Map()));
    const totals = new Map<string, number>();
    const queryCpu = new CpuMeter({ console: consolePid });
    for (const combo of COMBOS) {
      context.progress(`mirror-scale ${groups.toLocaleString('en-US')}: ${combo.kind} ${combo.label}`);
      const times: number[] = [];
      let matches = Number.NaN;
      for (let i = 0; i < samples; i++) {
        const path = await comboPath(pool, combo, random, searchSamples, totals);
        const { ms, body } = await timedGet(pool, path);
        times.push(ms);
        if (i === 0) matches = totalOf(combo.kind, body);
      }
      const summary = summarize(times);
      queries.push({
        groups,
        kind: combo.kind,
        query: combo.label,
        matches,
        samples,
        p50_ms: roundTo(summary.p50, 3),
        p95_ms: roundTo(summary.p95, 3),
        max_ms: roundTo(summary.max, 3),
      });
    }
    const afterQueries = readProcessMemory(consolePid);
    const queriesCpu = queryCpu.read();

    context.progress(`mirror-scale ${groups.toLocaleString('en-US')}: CSV export`);
    const exported = await exportCsv(pool);
    if (exported.rows !== groups) throw new Error(`the export held ${exported.rows} rows, expected ${groups}`);

    const groupsInNewestOverlap = await countNewestOverlap(pool);

    context.progress(`mirror-scale ${groups.toLocaleString('en-US')}: incremental refresh with nothing changed`);
    await stack.sandbox.resetCalls();
    const refreshStart = performance.now();
    const refresh = await pool.request({ method: 'POST', path: '/api/account-groups/refresh' });
    await refresh.body.dump();
    const refreshMs = performance.now() - refreshStart;
    if (refresh.statusCode !== 200) throw new Error(`refresh answered ${refresh.statusCode}`);
    const calls = await stack.sandbox.calls();

    return {
      groups,
      sandbox_start_s: roundTo(stack.sandboxStartMs / 1000, 2),
      console_start_s: roundTo(stack.consoleStartMs / 1000, 2),
      first_sync_s: roundTo(firstSyncS, 2),
      sync_groups_per_s: Math.round(groups / firstSyncS),
      sync_console_cpu_percent: Math.round(stack.firstSyncCpu.processes.console ?? 0),
      sync_sandbox_cpu_percent: Math.round(stack.firstSyncCpu.processes.sandbox ?? 0),
      sync_other_cpu_percent: Math.round(stack.firstSyncCpu.others),
      queries_console_cpu_percent: Math.round(queriesCpu.processes.console ?? 0),
      queries_other_cpu_percent: Math.round(queriesCpu.others),
      rss_after_sync_mb: Math.round(afterSync.rssMb),
      peak_rss_after_sync_mb: Math.round(afterSync.peakRssMb),
      rss_after_queries_mb: Math.round(afterQueries.rssMb),
      peak_rss_end_mb: Math.round(readProcessMemory(consolePid).peakRssMb),
      export_rows: exported.rows,
      export_s: roundTo(exported.seconds, 2),
      export_rows_per_s: Math.round(exported.rows / exported.seconds),
      export_mb_per_s: roundTo(exported.bytes / 1e6 / exported.seconds, 1),
      refresh_ms: roundTo(refreshMs, 1),
      refresh_upstream_calls: calls.total,
      refresh_upstream_list_calls: calls.list,
      groups_in_newest_overlap: groupsInNewestOverlap,
      queries,
    };
  } finally {
    await pool.close();
  }
}

/** The incremental sync's overlap (DEFAULTS.overlapMs of src/server/mirror/mirror-sync.ts; not a setting). */
const MIRROR_OVERLAP_MS = 120_000;
const ALL_STATUSES = 'status=ACTIVE,PENDING_APPROVAL,CLOSING,CLOSED,LOCKED';

/** Pages the mirror by updated_at DESC (every status, so the mirror answers) until past the overlap; at most 20 pages. */
async function countNewestOverlap(pool: Dispatcher): Promise<number> {
  let newest: number | null = null;
  let count = 0;
  for (let offset = 0; offset < 20_000; offset += 1000) {
    const page = await getJson<AccountGroupList>(pool, `/api/account-groups?${ALL_STATUSES}&sort=updated_at&order=DESC&limit=1000&offset=${offset}`);
    for (const group of page.data) {
      const updated = Date.parse(group.updated_at);
      newest ??= updated;
      if (updated < newest - MIRROR_OVERLAP_MS) return count;
      count++;
    }
    if (page.data.length < 1000) break;
  }
  return count;
}

interface SearchSamples {
  id: string[];
  account: string[];
  user: string[];
}

/** Real keys to search for, taken from random pages of the mirror itself. */
async function collectSearchSamples(pool: Dispatcher, random: () => number, wanted: number): Promise<SearchSamples> {
  const first = await getJson<AccountGroupList>(pool, '/api/account-groups?status=ACTIVE&limit=1');
  const found: AccountGroup[] = [];
  while (found.length < wanted) {
    const offset = randomBelow(random, first.meta.total_count - 1000);
    const page = await getJson<AccountGroupList>(pool, `/api/account-groups?status=ACTIVE&limit=1000&offset=${offset}`);
    for (let i = 0; i < 25 && found.length < wanted; i++) {
      const group = page.data[randomBelow(random, page.data.length)];
      if (group !== undefined) found.push(group);
    }
  }
  return {
    id: found.map((group) => group.id),
    account: found.map((group) => group.securities_account_number),
    user: found.map((group) => group.users[0]?.id ?? group.id),
  };
}

async function comboPath(
  pool: Dispatcher,
  combo: QueryCombo,
  random: () => number,
  searches: SearchSamples,
  totals: Map<string, number>,
): Promise<string> {
  const route = combo.kind === 'page' ? '/api/account-groups' : '/api/account-groups/facets';
  let query = combo.query;
  if (combo.search !== undefined) {
    const pool = combo.search === 'id' ? searches.id : combo.search === 'account' ? searches.account : searches.user;
    const sample = pool[randomBelow(random, pool.length)] ?? '';
    query = query.replace('{q}', encodeURIComponent(combo.search === 'user-prefix' ? sample.slice(0, 13) : sample));
  }
  if (combo.kind === 'facets') return query === '' ? route : `${route}?${query}`;
  const limit = combo.limit ?? 50;
  let offset = 0;
  if (combo.offsets === 'first-pages') offset = randomBelow(random, 10) * limit;
  if (combo.offsets === 'random') {
    let total = totals.get(combo.query);
    if (total === undefined) {
      total = (await getJson<AccountGroupList>(pool, `${route}?${combo.query}&limit=1`)).meta.total_count;
      totals.set(combo.query, total);
    }
    offset = randomBelow(random, total - limit + 1);
  }
  return `${route}?${query}&limit=${limit}&offset=${offset}`;
}

async function timedGet(pool: Dispatcher, path: string): Promise<{ ms: number; body: unknown }> {
  const start = performance.now();
  const answer = await pool.request({ method: 'GET', path });
  const text = await answer.body.text();
  const ms = performance.now() - start;
  if (answer.statusCode !== 200) throw new Error(`GET ${path} answered ${answer.statusCode}: ${text.slice(0, 300)}`);
  return { ms, body: JSON.parse(text) as unknown };
}

async function getJson<T>(pool: Dispatcher, path: string): Promise<T> {
  return (await timedGet(pool, path)).body as T;
}

function totalOf(kind: 'page' | 'facets', body: unknown): number {
  if (kind === 'page') return (body as AccountGroupList).meta.total_count;
  return (body as { total_count: number }).total_count;
}

async function exportCsv(pool: Dispatcher): Promise<{ rows: number; bytes: number; seconds: number }> {
  const start = performance.now();
  const answer = await pool.request({ method: 'GET', path: '/api/account-groups/export.csv' });
  if (answer.statusCode !== 200) throw new Error(`export answered ${answer.statusCode}`);
  let lines = 0;
  let bytes = 0;
  for await (const chunk of answer.body) {
    const buffer = chunk as Buffer;
    bytes += buffer.length;
    for (let at = buffer.indexOf(10); at !== -1; at = buffer.indexOf(10, at + 1)) lines++;
  }
  // Every line ends with a line break, the header's too (RFC 4180 CRLF).
  return { rows: lines - 1, bytes, seconds: (performance.now() - start) / 1000 };
}

async function runMirrorBenchChild(sizes: readonly number[]): Promise<MirrorBenchRow[]> {
  const child = new TsChild({ label: 'mirror-bench', entry: 'bench/lib/mirror-bench-child.ts', args: sizes.map(String), env: {}, nodeOptions: ['--expose-gc'] });
  const code = await child.waitForExit(900_000);
  if (code !== 0) throw child.exitError();
  const line = child.stdout.split('\n').find((candidate) => candidate.startsWith(MIRROR_BENCH_PREFIX));
  if (line === undefined) throw new Error('the mirror bench printed no result');
  return JSON.parse(line.slice(MIRROR_BENCH_PREFIX.length)) as MirrorBenchRow[];
}

function verdict(met: boolean): string {
  return met ? 'met' : 'MISSED';
}

function renderTargets(figure: ScaleFigure, quick: boolean): string {
  const pages = figure.queries.filter((query) => query.kind === 'page');
  const facets = figure.queries.filter((query) => query.kind === 'facets');
  const worst = (queries: QueryFigure[]): QueryFigure | undefined => queries.reduce<QueryFigure | undefined>((a, b) => (a === undefined || b.p95_ms > a.p95_ms ? b : a), undefined);
  const worstPage = worst(pages);
  const worstFacets = worst(facets);
  const rows = [
    { metric: `filtered page p95, worst query (${worstPage?.query ?? '—'})`, unit: 'ms', measured: worstPage?.p95_ms ?? Number.NaN, digits: 2, target: TARGETS.pageP95Ms },
    { metric: `facets p95, worst query (${worstFacets?.query ?? '—'})`, unit: 'ms', measured: worstFacets?.p95_ms ?? Number.NaN, digits: 2, target: TARGETS.facetsP95Ms },
    { metric: 'console RSS after first sync', unit: 'MB', measured: figure.rss_after_sync_mb, digits: 0, target: TARGETS.rssMb },
    { metric: 'console peak RSS (after export)', unit: 'MB', measured: figure.peak_rss_end_mb, digits: 0, target: TARGETS.rssMb },
    { metric: 'first sync from the local sandbox', unit: 's', measured: figure.first_sync_s, digits: 1, target: TARGETS.firstSyncS },
    { metric: 'upstream calls of a refresh with nothing changed', unit: 'calls', measured: figure.refresh_upstream_calls, digits: 0, target: TARGETS.refreshUpstreamCalls },
  ];
  const judged = figure.groups >= TARGETS.groups;
  return renderTable({
    title: `Targets for ${TARGETS.groups.toLocaleString('en-US')} groups, measured at ${figure.groups.toLocaleString('en-US')}`,
    columns: [
      { header: 'metric', value: (row: (typeof rows)[number]) => row.metric },
      { header: 'unit', value: (row) => row.unit },
      { header: 'measured', align: 'right', value: (row) => formatCell(row.measured, row.digits) },
      { header: 'target ≤', value: (row) => row.target },
      { header: 'verdict', value: (row) => (judged ? verdict(row.measured <= row.target) : `(${verdict(row.measured <= row.target)} at this size only)`) },
    ],
    rows,
    notes: [
      ...(judged ? [] : [`${quick ? '--quick: ' : ''}fewer groups than the targets are set for: no verdict on the targets themselves.`]),
      ...(figure.refresh_upstream_calls > TARGETS.refreshUpstreamCalls
        ? [`The refresh read ${figure.groups_in_newest_overlap.toLocaleString('en-US')} groups updated within 120 s of the newest one (1000 per call).`]
        : []),
    ],
  });
}

function renderInProcess(rows: readonly MirrorBenchRow[]): string {
  return renderTable({
    title: 'Mirror store in process (bench/mirror-bench.ts runMirrorBench, its own process with --expose-gc, synthetic groups)',
    columns: [
      { header: 'groups', value: (row: MirrorBenchRow) => row.groups },
      { header: 'upsert all', unit: 'ms', value: (row) => row.load_upsert_ms },
      { header: 'settle', unit: 'ms', value: (row) => row.load_settle_ms },
      { header: 'RSS', unit: 'MB', value: (row) => row.rss_mb },
      { header: 'heap', unit: 'MB', value: (row) => row.heap_mb },
      { header: 'buffers', unit: 'MB', value: (row) => row.array_buffers_mb },
      { header: 'page p50', unit: 'ms', digits: 2, value: (row) => row.page_p50_ms },
      { header: 'page p95', unit: 'ms', digits: 2, value: (row) => row.page_p95_ms },
      { header: 'search p95', unit: 'ms', digits: 2, value: (row) => row.search_page_p95_ms },
      { header: 'search hits', digits: 2, value: (row) => row.search_hit_rate },
      { header: 'facets p50', unit: 'ms', digits: 2, value: (row) => row.facets_p50_ms },
      { header: 'facets p95', unit: 'ms', digits: 2, value: (row) => row.facets_p95_ms },
      { header: 'CSV', unit: 'rows/s', value: (row) => row.csv_rows_per_s },
      { header: 'upsert 1000 changed', unit: 'ms', digits: 2, value: (row) => row.upsert_1000_ms },
    ],
    rows,
    notes: ['RSS after a forced gc, with the store loaded (the in-process figures exclude HTTP, JSON parsing of pages and the sync itself).'],
  });
}
