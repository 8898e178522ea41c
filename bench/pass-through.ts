import { Pool } from 'undici';
import { loadSigningKey } from '../src/upvest/private-key';
import { UpvestClient } from '../src/upvest/upvest-client';
import { UpvestError } from '../src/upvest/upvest-error';
import type { BenchSigningKey } from './lib/sandbox-process';
import { writeEcKeyFiles } from './lib/signing-key-files';
import { describeError, httpGet, runLoad, type LoadResult, type Operation } from './lib/load-runner';
import { CpuMeter, OTHER_CPU_NOTE, readProcessMemory } from './lib/proc-stats';
import type { Section, SectionContext, SectionResult } from './lib/section';
import { QUIET_MIRROR_ENV, startStack, type Stack } from './lib/stack';
import { roundTo } from './lib/stats';
import { renderTable } from './lib/table';

/**
 * A listed page through the console (one signed upstream call per request, parsed and re-serialised)
 * versus the same signed call straight to the sandbox with UpvestClient, as any Upvest client would make it.
 * Offsets vary so that the console's coalescing of identical concurrent calls does not flatter it; one
 * more run sends identical URLs to show what coalescing saves.
 */

/** The console's default UPVEST_MAX_CONCURRENCY; the direct client gets the same, so only the console's own work differs. */
const UPSTREAM_CONCURRENCY = 8;
const PAGE = 100;

interface Scenario {
  path: 'console' | 'direct';
  urls: PassThroughRow['urls'];
  clients: number;
}

interface RunSettings {
  groups: number;
  durationMs: number;
  warmupMs: number;
  context: SectionContext;
}

export interface PassThroughRow {
  key: string;
  path: 'console' | 'direct';
  urls: 'varied offsets' | 'identical';
  clients: number;
  seconds: number;
  requests: number;
  errors: number;
  error_kinds: Record<string, number>;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  upstream_list_calls: number;
  upstream_calls_per_request: number;
  console_cpu_percent: number | null;
  sandbox_cpu_percent: number;
  generator_cpu_percent: number;
  /** Console CPU time per request served, ms: its cost, hardly changed by other load on the machine. */
  console_cpu_ms_per_request: number | null;
  /** Sandbox CPU time per upstream call it answered, ms. */
  sandbox_cpu_ms_per_call: number | null;
  /** For "direct": the bench process's CPU per request, ms (UpvestClient signing and parsing, plus the generator's own bit). */
  client_cpu_ms_per_request: number | null;
  /** CPU used by processes outside the bench during the run (other work on the machine). */
  other_cpu_percent: number;
  console_rss_mb: number | null;
}

export const passThroughSection: Section = {
  name: 'pass-through',
  async run(context: SectionContext): Promise<SectionResult> {
    const groups = context.quick ? 10_000 : 100_000;
    const durationMs = context.quick ? 3000 : 10_000;
    const warmupMs = context.quick ? 500 : 2000;
    const rows: PassThroughRow[] = [];
    const all: Scenario[] = [
      { path: 'console', urls: 'varied offsets', clients: 1 },
      { path: 'direct', urls: 'varied offsets', clients: 1 },
      { path: 'console', urls: 'varied offsets', clients: 32 },
      { path: 'direct', urls: 'varied offsets', clients: 32 },
      { path: 'console', urls: 'identical', clients: 32 },
    ];
    const run = { groups, durationMs, warmupMs, context };
    rows.push(...(await runWithKey(run, 'ECDSA P-256', null, all)));
    // Upvest's docs ask tenants for P-521 keys (API.md), which sign ~50x slower than P-256: the same two
    // concurrent runs again with one.
    const p521 = writeEcKeyFiles('P-521');
    try {
      rows.push(...(await runWithKey(run, 'ECDSA P-521', p521, all.filter((scenario) => scenario.clients === 32 && scenario.urls === 'varied offsets'))));
    } finally {
      p521.remove();
    }

    const table = renderTable({
      title: `Pass-through: GET /api/account-groups?limit=${PAGE}&offset=… via the console vs the same signed call straight to the sandbox (${groups.toLocaleString('en-US')} groups, ${durationMs / 1000} s each)`,
      columns: [
        { header: 'key', value: (row: PassThroughRow) => row.key },
        { header: 'path', value: (row) => row.path },
        { header: 'URLs', value: (row) => row.urls },
        { header: 'clients', value: (row) => row.clients },
        { header: 'throughput', unit: 'req/s', value: (row) => row.rps },
        { header: 'p50', unit: 'ms', digits: 2, value: (row) => row.p50_ms },
        { header: 'p99', unit: 'ms', digits: 2, value: (row) => row.p99_ms },
        { header: 'errors', value: (row) => row.errors },
        { header: 'upstream calls', value: (row) => row.upstream_list_calls },
        { header: 'upstream/req', digits: 3, value: (row) => row.upstream_calls_per_request },
        { header: 'console CPU/req', unit: 'ms', digits: 3, value: (row) => row.console_cpu_ms_per_request },
        { header: 'client CPU/req', unit: 'ms', digits: 3, value: (row) => row.client_cpu_ms_per_request },
        { header: 'sandbox CPU/call', unit: 'ms', digits: 3, value: (row) => row.sandbox_cpu_ms_per_call },
        { header: 'console CPU', unit: '%', value: (row) => row.console_cpu_percent },
        { header: 'sandbox CPU', unit: '%', value: (row) => row.sandbox_cpu_percent },
        { header: 'generator CPU', unit: '%', value: (row) => row.generator_cpu_percent },
        { header: 'other CPU', unit: '%', value: (row) => row.other_cpu_percent },
      ],
      rows,
      notes: [
        `direct = UpvestClient in the bench process (signs every request, parses with the domain schema); both paths allow ${UPSTREAM_CONCURRENCY} upstream requests in flight.`,
        'key = the signing key of the console and of the direct client (the sandbox verifies it: P-521 costs it ~1.5 ms per request).',
        'upstream calls = list calls the sandbox answered during the measured run (its /control/calls), warm-up excluded.',
        'CPU in % of one core over the run; for "direct" the generator CPU includes the client\'s signing and parsing.',
        'CPU/req and CPU/call = CPU seconds over requests served or upstream calls answered: costs that hold when other load skews req/s.',
        OTHER_CPU_NOTE,
      ],
    });
    return { tables: [table], figures: { groups, duration_ms: durationMs, warmup_ms: warmupMs, upstream_concurrency: UPSTREAM_CONCURRENCY, rows } };
  },
};

/** One sandbox and console signing with `key` (null: the sandbox's generated P-256 pair), and the scenarios against them. */
async function runWithKey(run: RunSettings, keyLabel: string, key: BenchSigningKey | null, scenarios: readonly Scenario[]): Promise<PassThroughRow[]> {
  const { groups, durationMs, warmupMs, context } = run;
  const stack = await startStack({
    accountGroups: groups,
    ...(key === null ? {} : { signingKey: key }),
    consoleEnv: { ...QUIET_MIRROR_ENV, UPVEST_MAX_CONCURRENCY: String(UPSTREAM_CONCURRENCY) },
    consoleNodeOptions: context.consoleNodeOptions,
    progress: context.progress,
  });
  const env = stack.sandbox.consoleEnv;
  const direct = new UpvestClient({
    baseUrl: env.UPVEST_API_BASE_URL,
    clientId: env.UPVEST_API_CLIENT_ID,
    clientSecret: env.UPVEST_API_CLIENT_SECRET,
    key: loadSigningKey({ keyId: env.UPVEST_API_KEY_ID, file: env.UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME }),
    maxConcurrency: UPSTREAM_CONCURRENCY,
  });
  const rows: PassThroughRow[] = [];
  try {
    const pages = Math.max(1, Math.floor((groups - PAGE) / PAGE));
    // Consecutive requests ask for consecutive pages: no two requests in flight are identical.
    const variedOffset = (sequence: number): number => (sequence % pages) * PAGE;
    for (const scenario of scenarios) {
      context.progress(`pass-through ${keyLabel}: ${scenario.path}, ${scenario.urls}, ${scenario.clients} clients, ${durationMs / 1000} s`);
      const pool = new Pool(stack.console.url, { connections: scenario.clients });
      const offset = scenario.urls === 'identical' ? () => 0 : variedOffset;
      const operation: Operation =
        scenario.path === 'console'
          ? httpGet(pool, (_client, sequence) => `/api/account-groups?limit=${PAGE}&offset=${offset(sequence)}`)
          : directList(direct, offset);
      try {
        rows.push({ key: keyLabel, ...(await measure(stack, scenario, operation, durationMs, warmupMs)) });
      } finally {
        await pool.close();
      }
    }
  } finally {
    await direct.close();
    await stack.stop();
  }
  return rows;
}

function perUnitMs(seconds: number | undefined, units: number): number | null {
  return seconds === undefined || units === 0 ? null : roundTo((seconds * 1000) / units, 4);
}

function directList(client: UpvestClient, offset: (sequence: number) => number): Operation {
  return async (_client, sequence) => {
    try {
      await client.listAccountGroups({ limit: PAGE, offset: offset(sequence) });
      return { ok: true };
    } catch (error) {
      if (error instanceof UpvestError) return { ok: false, error: `UpvestError ${error.kind}${error.status === undefined ? '' : ` ${error.status}`}` };
      return { ok: false, error: describeError(error) };
    }
  };
}

async function measure(
  stack: Stack,
  scenario: Scenario,
  operation: Operation,
  durationMs: number,
  warmupMs: number,
): Promise<Omit<PassThroughRow, 'key'>> {
  await runLoad({ concurrency: scenario.clients, durationMs: warmupMs, operation });
  await stack.sandbox.resetCalls();
  const cpu = new CpuMeter({ console: stack.console.child.pid, sandbox: stack.sandbox.child.pid });
  const result: LoadResult = await runLoad({ concurrency: scenario.clients, durationMs, operation });
  const usage = cpu.read();
  const calls = await stack.sandbox.calls();
  const viaConsole = scenario.path === 'console';
  return {
    ...scenario,
    seconds: roundTo(result.seconds, 2),
    requests: result.ok,
    errors: result.errors,
    error_kinds: result.errorKinds,
    rps: Math.round(result.rps),
    p50_ms: roundTo(result.latency.p50, 3),
    p99_ms: roundTo(result.latency.p99, 3),
    max_ms: roundTo(result.latency.max, 3),
    upstream_list_calls: calls.list,
    upstream_calls_per_request: roundTo(calls.list / Math.max(1, result.ok), 4),
    console_cpu_percent: viaConsole ? Math.round(usage.processes.console ?? 0) : null,
    sandbox_cpu_percent: Math.round(usage.processes.sandbox ?? 0),
    generator_cpu_percent: Math.round(usage.generator),
    other_cpu_percent: Math.round(usage.others),
    console_cpu_ms_per_request: viaConsole ? perUnitMs(usage.seconds.console, result.ok) : null,
    sandbox_cpu_ms_per_call: perUnitMs(usage.seconds.sandbox, calls.list),
    client_cpu_ms_per_request: viaConsole ? null : perUnitMs(usage.seconds.generator, result.ok),
    console_rss_mb: viaConsole ? Math.round(readProcessMemory(stack.console.child.pid).rssMb) : null,
  };
}
