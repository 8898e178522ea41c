import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import type { ConsoleStatus } from '../../src/domain/console-api';
import { TsChild } from './child-process';

/**
 * The console server (`src/server/main.ts`) as a child process in live mode, pointed at a sandbox through
 * the `UPVEST_API_*` env block, as an operator would run it. Logs at `warn` and a per-client rate limit high
 * enough never to answer 429 to the bench (all its clients share one address).
 */

export interface ConsoleProcess {
  readonly child: TsChild;
  readonly url: string;
  status(): Promise<ConsoleStatus>;
  stop(): Promise<void>;
}

export interface ConsoleProcessOptions {
  upstreamEnv: Readonly<Record<string, string>>;
  /** Further settings, e.g. MIRROR_SYNC_INTERVAL_SECONDS. */
  env?: Readonly<Record<string, string>>;
  nodeOptions?: readonly string[];
}

/** The highest value config.ts accepts. */
export const BENCH_RATE_LIMIT_PER_MINUTE = '1000000';

export async function startConsoleProcess(options: ConsoleProcessOptions): Promise<ConsoleProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = new TsChild({
    label: 'console',
    entry: 'src/server/main.ts',
    env: {
      ...options.upstreamEnv,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      API_RATE_LIMIT_PER_MINUTE: BENCH_RATE_LIMIT_PER_MINUTE,
      ...options.env,
    },
    ...(options.nodeOptions === undefined ? {} : { nodeOptions: options.nodeOptions }),
  });
  try {
    await waitForHealth(child, url, 30_000);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    child,
    url,
    status: async () => {
      const answer = await request(`${url}/api/status`);
      if (answer.statusCode !== 200) {
        await answer.body.dump();
        throw new Error(`console /api/status answered ${answer.statusCode}`);
      }
      return (await answer.body.json()) as ConsoleStatus;
    },
    stop: () => child.stop(),
  };
}

export interface SyncWait {
  /** From the first poll (the console was just listening, its mirror starting) to `mirror.complete`. */
  elapsedMs: number;
  status: ConsoleStatus;
}

/** Polls /api/status every `intervalMs` until the mirror's first sync has completed. */
export async function waitForMirrorComplete(console: ConsoleProcess, timeoutMs: number, intervalMs = 100): Promise<SyncWait> {
  const started = performance.now();
  for (;;) {
    console.child.assertRunning();
    const status = await console.status();
    if (status.mirror.complete) return { elapsedMs: performance.now() - started, status };
    if (performance.now() - started > timeoutMs) {
      throw new Error(`the mirror did not complete within ${timeoutMs} ms (state ${status.mirror.state}, ${status.mirror.count} groups)`);
    }
    await sleep(intervalMs);
  }
}

async function waitForHealth(child: TsChild, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    child.assertRunning();
    try {
      const answer = await request(`${url}/api/health`);
      await answer.body.dump();
      if (answer.statusCode === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the console did not answer /api/health within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** A port free right now (the console needs a fixed PORT: at LOG_LEVEL=warn it prints no address). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}
