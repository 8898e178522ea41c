import { Pool } from 'undici';
import type { AccountGroupList } from '../src/domain/console-api';
import { httpGet, runLoad, type Operation } from './lib/load-runner';
import { CpuMeter, OTHER_CPU_NOTE, readProcessMemory } from './lib/proc-stats';
import { randomBelow, seededRandom } from './lib/random';
import type { Section, SectionContext, SectionResult } from './lib/section';
import { QUIET_MIRROR_ENV, startStack, type Stack } from './lib/stack';
import { roundTo } from './lib/stats';
import { TARGETS } from './lib/targets';
import { renderTable } from './lib/table';

/**
 * Many staff at once: 200 concurrent clients for 30 s on each kind of call the SPA makes. Pass-through
 * pages use a small set of offsets, as real users crowd the first pages, so coalescing plays its part;
 * filtered pages either jump to random offsets within their matches (the worst case: a deep page is a
 * longer scan) or stay on the first ten pages, as staff mostly do; facets vary their filters.
 */

const CLIENTS = 200;
const PASS_THROUGH_PAGES = 10;
const PAGE = 100;

const FILTERED_QUERIES = [
  'status=LOCKED,CLOSING&sort=updated_at&order=DESC&limit=50',
  'status=ACTIVE&type=PERSONAL&sort=created_at&order=DESC&limit=50',
  'type=ISA,CHILD&sort=created_at&order=ASC&limit=100',
  'status=PENDING_APPROVAL&sort=updated_at&order=DESC&limit=100',
  'status=CLOSED&type=LEGAL_ENTITY,FRENCH_PEA&limit=25',
] as const;

const FACET_QUERIES = ['', 'status=LOCKED,CLOSING', 'status=ACTIVE&type=ISA', 'type=CHILD', 'status=PENDING_APPROVAL,LOCKED&type=PERSONAL'] as const;

export interface LoadRow {
  groups: number;
  scenario: string;
  clients: number;
  seconds: number;
  requests: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  errors: number;
  error_kinds: Record<string, number>;
  upstream_calls: number;
  upstream_list_calls: number;
  upstream_calls_per_request: number;
  console_cpu_percent: number;
  sandbox_cpu_percent: number;
  generator_cpu_percent: number;
  /** Console CPU time per request served, ms: its cost, hardly changed by other load on the machine. */
  console_cpu_ms_per_request: number | null;
  /** Sandbox CPU time per upstream call it answered, ms. */
  sandbox_cpu_ms_per_call: number | null;
  /** CPU used by processes outside the bench during the run (other work on the machine). */
  other_cpu_percent: number;
  console_rss_mb: number;
  console_peak_rss_mb: number;
}

export const loadSection: Section = {
  name: 'load',
  async run(context: SectionContext): Promise<SectionResult> {
    // The tenant size the console must hold, and a tenth of it: filtered pages scan more at a million.
    const sizes = context.quick ? [20_000] : [100_000, 1_000_000];
    const durationMs = context.quick ? 5000 : 30_000;
    const warmupMs = context.quick ? 500 : 2000;
    const rows: LoadRow[] = [];
    for (const groups of sizes) rows.push(...(await loadOneSize(groups, durationMs, warmupMs, context)));

    const table = renderTable({
      title: `Load: ${CLIENTS} concurrent clients, ${durationMs / 1000} s per scenario`,
      columns: [
        { header: 'groups', value: (row: LoadRow) => row.groups },
        { header: 'scenario', value: (row) => row.scenario },
        { header: 'throughput', unit: 'req/s', value: (row) => row.rps },
        { header: 'p50', unit: 'ms', digits: 1, value: (row) => row.p50_ms },
        { header: 'p99', unit: 'ms', digits: 1, value: (row) => row.p99_ms },
        { header: 'max', unit: 'ms', digits: 1, value: (row) => row.max_ms },
        { header: 'served', value: (row) => row.requests },
        { header: 'errors', value: (row) => row.errors },
        { header: 'errors: target none', value: (row) => (row.errors === 0 ? 'met' : 'MISSED') },
        { header: 'upstream calls', value: (row) => row.upstream_calls },
        { header: 'upstream/served', digits: 3, value: (row) => row.upstream_calls_per_request },
        { header: 'console CPU/req', unit: 'ms', digits: 3, value: (row) => row.console_cpu_ms_per_request },
        { header: 'console CPU', unit: '%', value: (row) => row.console_cpu_percent },
        { header: 'sandbox CPU', unit: '%', value: (row) => row.sandbox_cpu_percent },
        { header: 'generator CPU', unit: '%', value: (row) => row.generator_cpu_percent },
        { header: 'other CPU', unit: '%', value: (row) => row.other_cpu_percent },
        { header: 'console peak RSS', unit: 'MB', value: (row) => row.console_peak_rss_mb },
        { header: `peak RSS ≤ ${TARGETS.rssMb.toLocaleString('en-US')} MB`, value: (row) => (row.console_peak_rss_mb <= TARGETS.rssMb ? 'met' : 'MISSED') },
      ],
      rows,
      notes: [
        `Closed loop through one undici Pool of ${CLIENTS} connections; latency per request to the last body byte; errors = non-2xx answers and failed requests.`,
        'upstream calls = every call the sandbox answered during the measured run (token calls included), warm-up excluded; periodic mirror syncs off.',
        'console CPU/req = its CPU seconds over requests served: a cost that holds when other load on the machine skews req/s.',
        OTHER_CPU_NOTE,
        'console peak RSS = VmHWM since the console started (its first sync included), read after each scenario; the target is mirror-scale\'s.',
        `Filtered queries: ${FILTERED_QUERIES.join(' | ')}. Facets: ${FACET_QUERIES.map((query) => (query === '' ? '(none)' : query)).join(' | ')}.`,
        ...rows.filter((row) => row.errors > 0).map((row) => `${row.groups} ${row.scenario}: ${JSON.stringify(row.error_kinds)}`),
      ],
    });
    return { tables: [table], figures: { sizes, clients: CLIENTS, duration_ms: durationMs, warmup_ms: warmupMs, rows } };
  },
};

async function loadOneSize(groups: number, durationMs: number, warmupMs: number, context: SectionContext): Promise<LoadRow[]> {
  const stack = await startStack({
    accountGroups: groups,
    consoleEnv: QUIET_MIRROR_ENV,
    consoleNodeOptions: context.consoleNodeOptions,
    syncTimeoutMs: 600_000,
    progress: context.progress,
  });
  const rows: LoadRow[] = [];
  const pool = new Pool(stack.console.url, { connections: CLIENTS });
  try {
    const random = seededRandom(0x10ad);
    const totals = await Promise.all(
      FILTERED_QUERIES.map(async (query) => {
        const answer = await pool.request({ method: 'GET', path: `/api/account-groups?${query}&offset=0` });
        return ((await answer.body.json()) as AccountGroupList).meta.total_count;
      }),
    );
    const scenarios: { name: string; operation: Operation }[] = [
      {
        name: `pass-through pages (${PASS_THROUGH_PAGES} offsets)`,
        operation: httpGet(pool, () => `/api/account-groups?limit=${PAGE}&offset=${randomBelow(random, PASS_THROUGH_PAGES) * PAGE}`),
      },
      {
        name: 'filtered pages (random offsets)',
        operation: httpGet(pool, (_client, sequence) => {
          const index = sequence % FILTERED_QUERIES.length;
          const query = FILTERED_QUERIES[index] ?? '';
          const limit = Number(/limit=(\d+)/.exec(query)?.[1] ?? 50);
          return `/api/account-groups?${query}&offset=${randomBelow(random, (totals[index] ?? 0) - limit + 1)}`;
        }),
      },
      {
        name: 'filtered pages (first 10 pages)',
        operation: httpGet(pool, (_client, sequence) => {
          const query = FILTERED_QUERIES[sequence % FILTERED_QUERIES.length] ?? '';
          const limit = Number(/limit=(\d+)/.exec(query)?.[1] ?? 50);
          return `/api/account-groups?${query}&offset=${randomBelow(random, 10) * limit}`;
        }),
      },
      {
        name: 'facets',
        operation: httpGet(pool, (_client, sequence) => {
          const query = FACET_QUERIES[sequence % FACET_QUERIES.length] ?? '';
          return query === '' ? '/api/account-groups/facets' : `/api/account-groups/facets?${query}`;
        }),
      },
    ];
    for (const scenario of scenarios) {
      context.progress(`load ${groups.toLocaleString('en-US')}: ${scenario.name}, ${CLIENTS} clients, ${durationMs / 1000} s`);
      rows.push(await measure(stack, groups, scenario.name, scenario.operation, durationMs, warmupMs));
    }
  } finally {
    await pool.close();
    await stack.stop();
  }
  return rows;
}

async function measure(stack: Stack, groups: number, scenario: string, operation: Operation, durationMs: number, warmupMs: number): Promise<LoadRow> {
  await runLoad({ concurrency: CLIENTS, durationMs: warmupMs, operation });
  await stack.sandbox.resetCalls();
  const cpu = new CpuMeter({ console: stack.console.child.pid, sandbox: stack.sandbox.child.pid });
  const result = await runLoad({ concurrency: CLIENTS, durationMs, operation });
  const usage = cpu.read();
  const calls = await stack.sandbox.calls();
  const memory = readProcessMemory(stack.console.child.pid);
  return {
    groups,
    scenario,
    clients: CLIENTS,
    seconds: roundTo(result.seconds, 2),
    requests: result.ok,
    rps: Math.round(result.rps),
    p50_ms: roundTo(result.latency.p50, 3),
    p99_ms: roundTo(result.latency.p99, 3),
    max_ms: roundTo(result.latency.max, 3),
    errors: result.errors,
    error_kinds: result.errorKinds,
    upstream_calls: calls.total,
    upstream_list_calls: calls.list,
    upstream_calls_per_request: roundTo(calls.total / Math.max(1, result.ok), 4),
    console_cpu_percent: Math.round(usage.processes.console ?? 0),
    sandbox_cpu_percent: Math.round(usage.processes.sandbox ?? 0),
    generator_cpu_percent: Math.round(usage.generator),
    other_cpu_percent: Math.round(usage.others),
    console_cpu_ms_per_request: result.ok === 0 ? null : roundTo(((usage.seconds.console ?? 0) * 1000) / result.ok, 4),
    sandbox_cpu_ms_per_call: calls.total === 0 ? null : roundTo(((usage.seconds.sandbox ?? 0) * 1000) / calls.total, 4),
    console_rss_mb: Math.round(memory.rssMb),
    console_peak_rss_mb: Math.round(memory.peakRssMb),
  };
}
