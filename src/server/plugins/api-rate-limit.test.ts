import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerApiRateLimit } from './api-rate-limit';

describe('API rate limit keys', () => {
  let app: FastifyInstance | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  async function limitedApp(perMinute: number): Promise<FastifyInstance> {
    const instance = Fastify();
    await registerApiRateLimit(instance, perMinute);
    instance.get('/api/status', async () => ({ ok: true }));
    await instance.ready();
    return instance;
  }

  const status = async (instance: FastifyInstance, remoteAddress: string): Promise<number> =>
    (await instance.inject({ method: 'GET', url: '/api/status', remoteAddress })).statusCode;

  it('counts every address of an IPv6 /64 as one client', async () => {
    app = await limitedApp(3);
    for (const suffix of ['1', '2', 'abcd:1234:9']) expect(await status(app, `2001:db8:7:8::${suffix}`)).toBe(200);
    expect(await status(app, '2001:db8:7:8:ffff:ffff:ffff:fffe')).toBe(429);
    expect(await status(app, '2001:db8:7:9::1')).toBe(200); // the next /64 is someone else
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address, and IPv4 addresses one by one', async () => {
    app = await limitedApp(2);
    expect(await status(app, '192.0.2.7')).toBe(200);
    expect(await status(app, '::ffff:192.0.2.7')).toBe(200);
    expect(await status(app, '192.0.2.7')).toBe(429);
    expect(await status(app, '192.0.2.8')).toBe(200);
  });
});
