import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/**
 * A TypeScript entry point run as its own Node process, so that what it costs (CPU, RSS) is measured
 * apart from the load generator. Started as `node --import tsx <entry>` rather than through the `tsx`
 * binary: same loader, but without tsx's wrapper process, so `pid` is the process doing the work and its
 * /proc figures are the server's own.
 */

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Kept from each stream, for error messages. */
const OUTPUT_TAIL_CHARS = 16 * 1024;

/** Children still running: killed when the bench exits, however it exits, so no server outlives it. */
const liveChildren = new Set<ChildProcess>();
process.once('exit', killAllChildren);

/** SIGKILLs every child still running (the bench's exit and signal handlers call it). */
export function killAllChildren(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
}

export interface ChildOptions {
  /** Shown in errors, e.g. "sandbox". */
  label: string;
  /** Path relative to the repository root, e.g. `src/server/main.ts`. */
  entry: string;
  args?: readonly string[];
  /** Added to a cleaned copy of this process's environment (see {@link childEnvironment}). */
  env: Readonly<Record<string, string>>;
  nodeOptions?: readonly string[];
}

export class TsChild {
  readonly label: string;
  readonly pid: number;
  readonly #process: ChildProcess;
  #stdout = '';
  #stderr = '';
  #exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  readonly #exited: Promise<void>;
  readonly #lineWaiters = new Set<() => void>();

  constructor(options: ChildOptions) {
    this.label = options.label;
    this.#process = spawn(process.execPath, [...(options.nodeOptions ?? []), '--import', 'tsx', options.entry, ...(options.args ?? [])], {
      cwd: REPO_ROOT,
      env: childEnvironment(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (this.#process.pid === undefined) throw new Error(`${options.label}: could not start ${options.entry}`);
    this.pid = this.#process.pid;
    liveChildren.add(this.#process);
    this.#process.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stdout = (this.#stdout + chunk).slice(-OUTPUT_TAIL_CHARS);
      for (const wake of this.#lineWaiters) wake();
    });
    this.#process.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-OUTPUT_TAIL_CHARS);
    });
    this.#exited = once(this.#process, 'exit').then(([code, signal]) => {
      this.#exit = { code: code as number | null, signal: signal as NodeJS.Signals | null };
      liveChildren.delete(this.#process);
      for (const wake of this.#lineWaiters) wake();
    });
  }

  get running(): boolean {
    return this.#exit === null;
  }

  get stdout(): string {
    return this.#stdout;
  }

  /** Throws, with the child's output, when it has exited. */
  assertRunning(): void {
    if (this.#exit !== null) throw this.exitError();
  }

  exitError(): Error {
    const how = this.#exit?.signal ?? `code ${this.#exit?.code ?? '?'}`;
    return new Error(`${this.label} exited (${how}).\n--- stdout (tail) ---\n${tail(this.#stdout)}\n--- stderr (tail) ---\n${tail(this.#stderr)}`);
  }

  /** Resolves with the first match of `pattern` in stdout; rejects when the child exits or time runs out. */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.#stdout.match(pattern);
      if (match !== null) return match;
      this.assertRunning();
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(`${this.label}: no output matching ${pattern} within ${timeoutMs} ms.\n${tail(this.#stdout)}\n${tail(this.#stderr)}`);
      }
      await this.#nextOutput(Math.min(remaining, 1000));
    }
  }

  /** Resolves on the next chunk of stdout, on exit, or after `ms`. */
  #nextOutput(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.#lineWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#lineWaiters.add(wake);
    });
  }

  /** Resolves with the exit code once the child has exited by itself; kills it and rejects after `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<number | null> {
    const timer = setTimeout(() => this.#process.kill('SIGKILL'), timeoutMs);
    try {
      await this.#exited;
    } finally {
      clearTimeout(timer);
    }
    if (this.#exit?.signal === 'SIGKILL') throw new Error(`${this.label} did not finish within ${timeoutMs} ms`);
    return this.#exit?.code ?? null;
  }

  /** SIGTERM (the servers close cleanly on it), then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.#exit !== null) return;
    this.#process.kill('SIGTERM');
    const timer = setTimeout(() => this.#process.kill('SIGKILL'), graceMs);
    try {
      await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * This process's environment without any Upvest, sandbox or console setting the caller did not pass:
 * a developer's shell must not point a bench console at a real tenant.
 */
export function childEnvironment(extra: Readonly<Record<string, string>>): Record<string, string> {
  const inherited = /^(UPVEST_|SANDBOX_|MIRROR_|API_RATE_LIMIT|STATIC_DIR$|HOST$|PORT$|LOG_LEVEL$|NODE_OPTIONS$)/;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !inherited.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

/** The end of a child's output for an error message, without lines naming a secret (the sandbox prints its generated one). */
function tail(output: string): string {
  return output
    .slice(-2000)
    .split('\n')
    .map((line) => (/secret/i.test(line) ? '[line naming a secret removed]' : line))
    .join('\n');
}
