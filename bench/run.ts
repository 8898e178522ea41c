/**
 * `npm run bench [-- --only signing,pass-through] [-- --quick]`: the console's performance budgets, one
 * table per section on stdout, every figure in bench/results/bench-<time>.json (git-ignored).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { BenchArgsError, parseBenchArgs, QUIET_OTHER_CPU_PERCENT, USAGE } from './lib/args';
import { killAllChildren, REPO_ROOT } from './lib/child-process';
import { summarizeCpuProfile } from './lib/cpu-profile';
import { readMachineBusySeconds } from './lib/proc-stats';
import { renderTable } from './lib/table';
import type { Section, SectionName } from './lib/section';
import { loadSection } from './load';
import { mirrorScaleSection } from './mirror-scale';
import { passThroughSection } from './pass-through';
import { signingSection } from './signing';
import { spaSection } from './spa';

const SECTIONS: Readonly<Record<SectionName, Section>> = {
  signing: signingSection,
  'pass-through': passThroughSection,
  'mirror-scale': mirrorScaleSection,
  load: loadSection,
  spa: spaSection,
};

interface Machine {
  date: string;
  node: string;
  cores: number;
  cpu_model: string;
  memory_gb: number;
  os: string;
  commit: string;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof BenchArgsError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const machine = describeMachine();
  const started = new Date();
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const resultsFile = join(REPO_ROOT, 'bench', 'results', `bench-${stamp}${args.quick ? '-quick' : ''}.json`);
  const profileDir = join(REPO_ROOT, 'bench', 'results', 'profiles', stamp);
  if (args.cpuProf) mkdirSync(profileDir, { recursive: true });
  const consoleNodeOptions = [...args.consoleNodeOptions, ...(args.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  const results: {
    machine: Machine;
    quick: boolean;
    console_node_options: string[];
    /** Other processes' CPU in the second before each section, % of one core. */
    other_cpu_before: Partial<Record<SectionName, number>>;
    sections: Partial<Record<SectionName, unknown>>;
    failed: string[];
  } = { machine, quick: args.quick, console_node_options: args.consoleNodeOptions, other_cpu_before: {}, sections: {}, failed: [] };

  print(
    [
      `Account Groups Console bench${args.quick ? ' (--quick: smoke-test sizes, not figures to quote)' : ''}`,
      `  ${machine.date} · Node ${machine.node} · ${machine.cores} cores (${machine.cpu_model}) · ${machine.memory_gb} GB RAM · ${machine.os} · commit ${machine.commit}`,
      `  The console, the sandbox and this load generator share these ${machine.cores} cores: CPU columns are % of one core.`,
      `  Load average at start: ${loadavg().map((load) => load.toFixed(2)).join(' ')}`,
      `  Sections: ${args.sections.join(', ')}`,
      ...(args.consoleNodeOptions.length > 0 ? [`  Console children run with: ${args.consoleNodeOptions.join(' ')}`] : []),
      ...(args.cpuProf ? [`  --cpu-prof: console children are profiled (slower), profiles in ${profileDir}`] : []),
      ...(existsSync(join(REPO_ROOT, '.env')) ? ['  Note: a .env exists; the console child loads it for any setting the bench does not set.'] : []),
    ].join('\n'),
  );

  for (const name of args.sections) {
    const otherCpu = await waitForQuiet(args.waitQuietMinutes, name);
    results.other_cpu_before[name] = Math.round(otherCpu);
    print(`[${name}] other processes used ${Math.round(otherCpu)} % of one core in the 2 s before this section.`);
    const sectionStart = performance.now();
    const progress = (message: string): void => {
      process.stderr.write(`[${((performance.now() - sectionStart) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
    };
    try {
      const profilesBefore = args.cpuProf ? new Set(readdirSync(profileDir)) : new Set<string>();
      const result = await SECTIONS[name].run({ quick: args.quick, consoleNodeOptions, progress });
      results.sections[name] = result.figures;
      for (const table of result.tables) print(table);
      if (args.cpuProf) {
        for (const file of readdirSync(profileDir).filter((entry) => !profilesBefore.has(entry)).sort()) print(renderProfile(join(profileDir, file)));
      }
    } catch (error) {
      results.failed.push(name);
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.sections[name] = { error: error instanceof Error ? error.message : String(error) };
      print(`Section ${name} FAILED:\n${message}`);
    }
    // Written after each section, so figures survive a later failure.
    mkdirSync(join(REPO_ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  }
  print(`Figures: ${resultsFile}`);
  return results.failed.length === 0 ? 0 : 1;
}

function renderProfile(file: string): string {
  const summary = summarizeCpuProfile(file);
  const columns = [
    { header: 'self', unit: 'ms', value: (row: { name: string; selfMs: number; percent: number }) => row.selfMs },
    { header: 'share of busy', unit: '%', digits: 1, value: (row: { percent: number }) => row.percent },
    { header: 'where', value: (row: { name: string }) => row.name },
  ];
  const heading = `console CPU profile ${file.slice(file.lastIndexOf('/') + 1)}: busy ${Math.round(summary.busyMs)} ms of ${Math.round(summary.wallMs)} ms`;
  return [
    renderTable({ title: `${heading}, self time by module`, columns, rows: summary.modules }),
    renderTable({ title: 'self time by function', columns, rows: summary.functions }),
  ].join('\n\n');
}

/** Other processes' CPU just before a section; with --wait-quiet, first waits (up to the limit) until it is low. */
async function waitForQuiet(minutes: number, section: string): Promise<number> {
  const deadline = performance.now() + minutes * 60_000;
  let other = await otherCpuPercent(2000);
  while (minutes > 0 && other >= QUIET_OTHER_CPU_PERCENT) {
    if (performance.now() > deadline) {
      process.stderr.write(`[${section}] still busy after ${minutes} min of waiting: running anyway.\n`);
      break;
    }
    process.stderr.write(`[${section}] waiting for a quiet machine: other processes use ${Math.round(other)} % of a core\n`);
    await sleep(5000);
    other = await otherCpuPercent(2000);
  }
  return other;
}

/** The machine's busy CPU over `ms` while the bench idles: other people's work on the shared cores. */
async function otherCpuPercent(ms: number): Promise<number> {
  const machineStart = readMachineBusySeconds();
  const selfStart = process.cpuUsage();
  const started = performance.now();
  await sleep(ms);
  const self = process.cpuUsage(selfStart);
  const seconds = (performance.now() - started) / 1000;
  return Math.max(0, ((readMachineBusySeconds() - machineStart - (self.user + self.system) / 1e6) / seconds) * 100);
}

function print(text: string): void {
  process.stdout.write(`\n${text}\n`);
}

function describeMachine(): Machine {
  const processors = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    cores: processors.length,
    cpu_model: (processors[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim(),
    memory_gb: Math.round(totalmem() / 1e9),
    os: `${platform()} ${release()} ${arch()}`,
    commit: gitCommit(),
  };
}

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${commit} (uncommitted changes)` : commit;
  } catch {
    return 'unknown';
  }
}

// Interrupted: no sandbox or console may outlive the bench.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}

process.exitCode = await main();
