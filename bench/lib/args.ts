import { parseArgs } from 'node:util';
import { SECTION_NAMES, type SectionName } from './section';

export interface BenchArgs {
  sections: SectionName[];
  quick: boolean;
  /** Run every console child with --cpu-prof (profiles in bench/results/profiles/). */
  cpuProf: boolean;
  /** Extra Node options for every console child, e.g. --max-old-space-size=640 to try a heap cap. */
  consoleNodeOptions: string[];
  /** Before each section, wait up to this many minutes for other processes to leave the CPU (0: do not wait). */
  waitQuietMinutes: number;
  help: boolean;
}

/** "Quiet" for --wait-quiet: other processes below this share of one core. */
export const QUIET_OTHER_CPU_PERCENT = 25;

export const USAGE = `Usage: npm run bench -- [--only <sections>] [--quick]

  --only <a,b>  run only these sections, comma-separated: ${SECTION_NAMES.join(', ')}
  --quick       smaller sizes and shorter durations (a smoke test, not figures to quote)
  --wait-quiet <minutes>
                before each section, wait up to this long until other processes use < ${QUIET_OTHER_CPU_PERCENT} % of a core
  --console-node-option <option>
                a Node option for every console child (repeatable), e.g. --console-node-option=--max-old-space-size=640
  --cpu-prof    profile every console child process (V8 --cpu-prof) and print its hottest functions
  --help        this text

Tables go to stdout, progress to stderr, every figure to bench/results/bench-<time>.json.`;

export class BenchArgsError extends Error {
  override name = 'BenchArgsError';
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        only: { type: 'string', multiple: true },
        quick: { type: 'boolean', default: false },
        'cpu-prof': { type: 'boolean', default: false },
        'wait-quiet': { type: 'string' },
        'console-node-option': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
      strict: true,
    });
  } catch (error) {
    throw new BenchArgsError(error instanceof Error ? error.message : String(error));
  }
  const { only, quick, help, 'cpu-prof': cpuProf, 'wait-quiet': waitQuiet, 'console-node-option': consoleNodeOptions = [] } = parsed.values;
  const malformed = consoleNodeOptions.find((option) => !/^--[a-z][\w-]*(=\S+)?$/.test(option));
  if (malformed !== undefined) throw new BenchArgsError(`--console-node-option takes one Node option such as --max-old-space-size=640; got "${malformed}"`);
  const waitQuietMinutes = waitQuiet === undefined ? 0 : Number(waitQuiet);
  if (!(Number.isFinite(waitQuietMinutes) && waitQuietMinutes >= 0 && waitQuietMinutes <= 240)) {
    throw new BenchArgsError(`--wait-quiet takes minutes from 0 to 240; got "${waitQuiet ?? ''}"`);
  }
  const requested = (only ?? []).flatMap((value) => value.split(',')).map((name) => name.trim()).filter((name) => name !== '');
  if (only !== undefined && requested.length === 0) throw new BenchArgsError('--only needs at least one section name');
  const unknown = requested.filter((name) => !isSectionName(name));
  if (unknown.length > 0) {
    throw new BenchArgsError(`unknown section ${unknown.map((name) => `"${name}"`).join(', ')}; sections: ${SECTION_NAMES.join(', ')}`);
  }
  // Always in the bench's own order, whatever order they were asked in.
  const sections = requested.length === 0 ? [...SECTION_NAMES] : SECTION_NAMES.filter((name) => requested.includes(name));
  return { sections, quick, cpuProf, consoleNodeOptions, waitQuietMinutes, help };
}

function isSectionName(name: string): name is SectionName {
  return (SECTION_NAMES as readonly string[]).includes(name);
}
