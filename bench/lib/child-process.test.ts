import { afterEach, describe, expect, it, vi } from 'vitest';
import { TsChild } from './child-process';

describe('TsChild', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('runs a TypeScript entry with the given env, without inherited Upvest settings, and stops it', async () => {
    vi.stubEnv('UPVEST_API_BASE_URL', 'https://tenant.example');
    const child = new TsChild({ label: 'echo', entry: 'bench/lib/testing/echo-child.ts', env: { BENCH_ECHO: 'hello' } });
    const match = await child.waitForOutput(/^ready (\S+) upvest=(\S+)$/m, 20_000);
    expect(match[1]).toBe('hello');
    expect(match[2]).toBe('unset');
    expect(child.running).toBe(true);
    await child.stop();
    expect(child.running).toBe(false);
  });

  it('reports an early exit with the output, lines naming a secret removed', async () => {
    const child = new TsChild({ label: 'echo', entry: 'bench/lib/testing/echo-child.ts', args: ['3'], env: {} });
    const failure = child.waitForOutput(/never printed/, 20_000);
    await expect(failure).rejects.toThrow(/echo exited \(code 3\)[\s\S]*ready/);
    await expect(failure).rejects.not.toThrow(/hunter2/);
    expect(await child.waitForExit(1000)).toBe(3);
  });
});
