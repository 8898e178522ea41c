import { startConsoleProcess, waitForMirrorComplete, type ConsoleProcess, type SyncWait } from './console-process';
import { CpuMeter, type CpuUse } from './proc-stats';
import { startSandboxProcess, type BenchSigningKey, type SandboxProcess } from './sandbox-process';

/** A standalone sandbox and a console pointed at it, both child processes, the mirror's first sync done. */
export interface Stack {
  sandbox: SandboxProcess;
  console: ConsoleProcess;
  firstSync: SyncWait;
  /** CPU during the first sync (from the console listening to mirror.complete). */
  firstSyncCpu: CpuUse;
  /** Generating the sandbox's data until it printed its env block, ms. */
  sandboxStartMs: number;
  /** Spawning the console until it answered /api/health, ms (its mirror starts right after it listens). */
  consoleStartMs: number;
  stop(): Promise<void>;
}

export interface StackOptions {
  accountGroups: number;
  signingKey?: BenchSigningKey;
  /** Extra console settings. */
  consoleEnv?: Readonly<Record<string, string>>;
  consoleNodeOptions?: readonly string[];
  syncTimeoutMs?: number;
  progress?: (message: string) => void;
}

/**
 * Periodic syncs would add upstream calls to every count the bench takes; sections that do not measure
 * them set this interval (one hour) and trigger a sync themselves where they need one.
 */
export const QUIET_MIRROR_ENV = { MIRROR_SYNC_INTERVAL_SECONDS: '3600' } as const;

export async function startStack(options: StackOptions): Promise<Stack> {
  const progress = options.progress ?? (() => undefined);
  progress(`starting the sandbox with ${options.accountGroups.toLocaleString('en-US')} groups`);
  const sandboxStart = performance.now();
  const sandbox = await startSandboxProcess({
    accountGroups: options.accountGroups,
    ...(options.signingKey === undefined ? {} : { signingKey: options.signingKey }),
  });
  const sandboxStartMs = performance.now() - sandboxStart;
  let console: ConsoleProcess | null = null;
  try {
    progress('starting the console and waiting for its first sync');
    const consoleStart = performance.now();
    console = await startConsoleProcess({
      upstreamEnv: sandbox.consoleEnv,
      ...(options.consoleEnv === undefined ? {} : { env: options.consoleEnv }),
      ...(options.consoleNodeOptions === undefined ? {} : { nodeOptions: options.consoleNodeOptions }),
    });
    const consoleStartMs = performance.now() - consoleStart;
    const meter = new CpuMeter({ console: console.child.pid, sandbox: sandbox.child.pid });
    const firstSync = await waitForMirrorComplete(console, options.syncTimeoutMs ?? 300_000);
    const firstSyncCpu = meter.read();
    const running = console;
    return {
      sandbox,
      console: running,
      firstSync,
      firstSyncCpu,
      sandboxStartMs,
      consoleStartMs,
      stop: async () => {
        await running.stop();
        await sandbox.stop();
      },
    };
  } catch (error) {
    await console?.stop();
    await sandbox.stop();
    throw error;
  }
}
