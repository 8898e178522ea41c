import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGet, runLoad } from './load-runner';

describe('runLoad with httpGet', () => {
  let server: Server;
  let pool: Pool;

  beforeAll(async () => {
    // Every third request fails: the runner must count it as an error, not as a latency sample.
    let served = 0;
    server = createServer((_request, response) => {
      served += 1;
      response.statusCode = served % 3 === 0 ? 503 : 200;
      response.end('x'.repeat(10));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 4 });
  });

  afterAll(async () => {
    await pool.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('counts successes and failures apart, with body bytes and a latency per success', async () => {
    const paths: string[] = [];
    const result = await runLoad({
      concurrency: 4,
      durationMs: 150,
      warmupMs: 20,
      operation: httpGet(pool, (client, sequence) => {
        const path = `/page?client=${client}&sequence=${sequence}`;
        paths.push(path);
        return path;
      }),
    });
    expect(result.ok).toBeGreaterThan(0);
    expect(result.errors).toBeGreaterThan(0);
    expect(result.errorKinds).toEqual({ 'HTTP 503': result.errors });
    expect(result.latency.count).toBe(result.ok);
    expect(result.bytes).toBe(result.ok * 10);
    expect(result.rps).toBeCloseTo(result.ok / result.seconds, 6);
    // Every client took part.
    for (let client = 0; client < 4; client++) expect(paths.some((path) => path.includes(`client=${client}&`))).toBe(true);
  });

  it('counts a thrown error by its code', async () => {
    const result = await runLoad({
      concurrency: 2,
      durationMs: 20,
      operation: () => Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })),
    });
    expect(result.ok).toBe(0);
    expect(result.errors).toBeGreaterThan(0);
    expect(Object.keys(result.errorKinds)).toEqual(['ECONNREFUSED']);
  });

  it('refuses a concurrency below one', async () => {
    await expect(runLoad({ concurrency: 0, durationMs: 10, operation: () => Promise.resolve({ ok: true }) })).rejects.toThrow(RangeError);
  });
});
