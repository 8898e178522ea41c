import { spawn } from 'node:child_process';
import { nodeWithTsx } from './node-with-tsx';

const MAIN = new URL('../main.ts', import.meta.url).pathname;

export interface MainOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npm start`'s server as an operator starts it, in `cwd` (which decides the .env it reads), with only
 * PATH and these settings; for tests of what happens at start. Killed after `timeoutMs` if still running.
 */
export function runMain(env: Record<string, string>, cwd: string, timeoutMs = 20_000): Promise<MainOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeWithTsx(MAIN), {
      cwd,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', PORT: '0', SANDBOX_ACCOUNT_GROUPS: '10', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
