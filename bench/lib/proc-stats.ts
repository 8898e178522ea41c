import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Memory and CPU time of another process, read from Linux's /proc (the bench runs on Linux). */

export interface ProcessMemory {
  /** Resident set size now (VmRSS), MB (10^6 bytes). */
  rssMb: number;
  /** Peak resident set size (VmHWM), MB. */
  peakRssMb: number;
}

export function readProcessMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssMb: statusKb(status, 'VmRSS') / 1000, peakRssMb: statusKb(status, 'VmHWM') / 1000 };
}

/** `VmRSS:   826444 kB` → 826444 (the kernel's "kB" is KiB). Returned as 10^3 bytes for MB figures. */
export function statusKb(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (match?.[1] === undefined) throw new Error(`/proc status has no ${field} line`);
  return (Number(match[1]) * 1024) / 1000;
}

let clockTicks: number | undefined;

/** CPU seconds (user + system) the process has used so far. */
export function readCpuSeconds(pid: number): number {
  clockTicks ??= readClockTicks();
  return parseStatCpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) / clockTicks;
}

/** utime + stime of a /proc/<pid>/stat line; the command name may hold spaces and parentheses, so fields count from the last ')'. */
export function parseStatCpuTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat(5); after the name, field 3 (state) is index 0.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('unreadable /proc stat line');
  return utime + stime;
}

function readClockTicks(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

/** CPU seconds the whole machine has been busy (every core; idle and iowait excluded), from /proc/stat. */
export function readMachineBusySeconds(): number {
  clockTicks ??= readClockTicks();
  return parseMachineBusyTicks(readFileSync('/proc/stat', 'utf8')) / clockTicks;
}

/** user + nice + system + irq + softirq + steal of the aggregate `cpu` line of /proc/stat. */
export function parseMachineBusyTicks(stat: string): number {
  const line = stat.split('\n').find((candidate) => candidate.startsWith('cpu '));
  if (line === undefined) throw new Error('/proc/stat has no cpu line');
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  return user + nice + system + irq + softirq + steal;
}

export interface CpuUse {
  /** % of one core per named process. */
  processes: Record<string, number>;
  /** CPU seconds per named process: divided by the work done, a cost that other load on the machine hardly changes. */
  seconds: Record<string, number>;
  /** This process, the load generator. */
  generator: number;
  /** Everything else on the machine: other people's work competing for the same cores. */
  others: number;
}

export const OTHER_CPU_NOTE =
  'other CPU = the machine\'s busy time minus the bench\'s own processes: work of others on the same cores; where it is high, throughput is understated.';

/** CPU use of a set of processes over an interval, as % of one core (200 % = both cores of a 2-core machine). */
export class CpuMeter {
  readonly #start: Map<string, number>;
  readonly #machineStart = readMachineBusySeconds();
  readonly #startedAt = performance.now();
  readonly #selfStart = process.cpuUsage();

  constructor(private readonly processes: Readonly<Record<string, number>>) {
    this.#start = new Map(Object.entries(processes).map(([name, pid]) => [name, readCpuSeconds(pid)]));
  }

  read(): CpuUse {
    const wallSeconds = (performance.now() - this.#startedAt) / 1000;
    const percent = (seconds: number): number => (seconds / wallSeconds) * 100;
    const processes: Record<string, number> = {};
    const seconds: Record<string, number> = {};
    let ours = 0;
    for (const [name, pid] of Object.entries(this.processes)) {
      const used = readCpuSeconds(pid) - (this.#start.get(name) ?? 0);
      ours += used;
      processes[name] = percent(used);
      seconds[name] = used;
    }
    const self = process.cpuUsage(this.#selfStart);
    const generatorSeconds = (self.user + self.system) / 1e6;
    ours += generatorSeconds;
    const machine = readMachineBusySeconds() - this.#machineStart;
    seconds.generator = generatorSeconds;
    return { processes, seconds, generator: percent(generatorSeconds), others: Math.max(0, percent(machine - ours)) };
  }
}
