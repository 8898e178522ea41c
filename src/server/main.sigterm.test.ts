import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountGroupList } from '../domain/console-api';
import { nodeWithTsx } from './testing/node-with-tsx';

// `npm start` as an operator runs it (src/server/main.ts, embedded sandbox), stopped with SIGTERM while
// a request is still waiting for Upvest.

const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = join(ROOT, 'src/server/main.ts');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED'));
  });
}

class ConsoleProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(env: Record<string, string>, cwd: string) {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(UPVEST_|SANDBOX_|PORT$|HOST$)/.test(name)));
    this.child = spawn(process.execPath, nodeWithTsx(MAIN), { cwd, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      this.lines.push(...parts);
    };
    this.child.stdout?.on('data', onData);
    this.child.stderr?.on('data', onData);
    this.exited = new Promise((done) => this.child.once('exit', (code) => done(code)));
  }

  async waitForLine(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.find((candidate) => pattern.test(candidate));
      if (line !== undefined) return line;
      if (Date.now() > deadline) throw new Error(`no log line matching ${pattern} in:\n${this.lines.join('\n')}`);
      await sleep(20);
    }
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

async function addFault(controlPort: number, fault: Record<string, unknown>): Promise<void> {
  const answer = await fetch(`http://127.0.0.1:${controlPort}/control/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  expect(answer.status).toBe(201);
}

describe('SIGTERM', () => {
  let running: ConsoleProcess | undefined;
  let cwd: string | undefined;
  afterEach(() => {
    running?.kill();
    if (cwd !== undefined) rmSync(cwd, { recursive: true, force: true });
  });

  /** `npm start`'s server on the embedded sandbox, in an empty working directory (no .env of the developer's). */
  async function startConsole(env: Record<string, string> = {}): Promise<{ child: ConsoleProcess; port: number; controlPort: number }> {
    const [port, controlPort] = [await freePort(), await freePort()];
    cwd = mkdtempSync(join(tmpdir(), 'console-sigterm-'));
    const child = new ConsoleProcess(
      {
        PORT: String(port),
        SANDBOX_CONTROL_PORT: String(controlPort),
        SANDBOX_ACCOUNT_GROUPS: '200',
        SANDBOX_ACTIVITY_PER_MINUTE: '0',
        STATIC_DIR: join(cwd, 'no-spa'),
        LOG_LEVEL: 'info',
        ...env,
      },
      cwd,
    );
    running = child;
    await child.waitForLine(/console ready at/);
    return { child, port, controlPort };
  }

  it('lets an in-flight request finish, refuses new connections meanwhile, then exits 0', async () => {
    const { child, port, controlPort } = await startConsole();
    await addFault(controlPort, { target: 'account_groups', kind: 'latency', latency_ms: 1_500 });

    let slowDone = false;
    const slow = fetch(`http://127.0.0.1:${port}/api/account-groups?limit=3&offset=7`).then(async (response) => {
      const body = (await response.json()) as AccountGroupList;
      slowDone = true;
      return { status: response.status, body };
    });
    await child.waitForLine(/^(?=.*"incoming request")(?=.*limit=3&offset=7)/);

    child.signal('SIGTERM');
    await child.waitForLine(/shutting down/);
    let refused = false;
    for (let tries = 0; tries < 100 && !refused; tries++) {
      refused = await refusesConnections(port);
      if (!refused) await sleep(20);
    }
    expect(refused).toBe(true);
    expect(slowDone).toBe(false);

    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.body.data).toHaveLength(3);
    expect(answer.body.meta).toMatchObject({ offset: 7, source: 'upstream' });
    expect(await child.exited).toBe(0);
  });

  it('does not wait for a mirror sync stuck on Upvest: a waiting refresh is answered and the process exits 0', async () => {
    const { child, port, controlPort } = await startConsole();
    await child.waitForLine(/Mirror full sync done/);
    // Upvest hangs for longer than this test may take: the refresh's sync can only end by being aborted.
    await addFault(controlPort, { target: 'account_groups', kind: 'latency', latency_ms: 120_000 });
    const refresh = fetch(`http://127.0.0.1:${port}/api/account-groups/refresh`, { method: 'POST' }).then((response) => response.status);
    await child.waitForLine(/^(?=.*"incoming request")(?=.*refresh)/);

    child.signal('SIGTERM');
    expect(await refresh).toBe(200);
    expect(await child.exited).toBe(0);
  }, 30_000);

  it('past SHUTDOWN_GRACE_SECONDS aborts a call still waiting on Upvest: its request gets a 503 problem and the process exits 0', async () => {
    const { child, port, controlPort } = await startConsole({
      SHUTDOWN_GRACE_SECONDS: '1',
      // Neither the headers timeout nor the call deadline may end the call before the grace period does.
      UPVEST_TIMEOUT_MS: '120000',
      UPVEST_DEADLINE_MS: '120000',
    });
    await addFault(controlPort, { target: 'account_groups', kind: 'latency', latency_ms: 120_000 });
    const stuck = fetch(`http://127.0.0.1:${port}/api/account-groups?limit=3&offset=9`).then(async (response) => ({
      status: response.status,
      problem: (await response.json()) as { type?: string; title?: string },
    }));
    await child.waitForLine(/^(?=.*"incoming request")(?=.*limit=3&offset=9)/);

    child.signal('SIGTERM');
    const answer = await stuck;
    expect(answer.status).toBe(503);
    expect(answer.problem).toMatchObject({ type: '/problems/shutting-down', title: 'The console is shutting down' });
    await child.waitForLine(/shutdown grace period over/);
    expect(await child.exited).toBe(0);
  }, 30_000);
});
