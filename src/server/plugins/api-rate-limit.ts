import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { PROBLEM_TYPES } from '../../domain/problem';
import { apiRoute, isApiRequest } from '../api-path';
import { clientAddressKey } from '../client-address-key';
import { HttpProblem } from '../http-problem';

const WINDOW_MS = 60_000;

/** Probes must keep working when a client is throttled: they say whether the console is alive, not what it serves. */
const EXEMPT_ROUTES = new Set(['/api/health', '/api/ready']);

/**
 * A per-client budget of requests per minute on `/api/*` (unknown and percent-encoded API paths included,
 * so scanning counts too), keyed by the client's address: the connection's, or with TRUST_PROXY the one
 * the trusted proxies report (TRUST_PROXY=true believes any X-Forwarded-For, so name the proxy or a hop
 * count instead), IPv6 addresses by their /64 (client-address-key.ts). The SPA's files are not limited. Over budget, the answer is a 429 problem with
 * `Retry-After`, through the central error handler.
 */
export async function registerApiRateLimit(app: FastifyInstance, perMinute: number): Promise<void> {
  await app.register(rateLimit, { global: false });
  const check = app.createRateLimit({
    max: perMinute,
    timeWindow: WINDOW_MS,
    // An IPv6 client counts by its /64: it could otherwise take a fresh address for every request.
    keyGenerator: (request) => clientAddressKey(request.ip),
  });

  app.addHook('onRequest', async (request) => {
    if (!isApiRequest(request) || EXEMPT_ROUTES.has(apiRoute(request) ?? '')) return;
    const outcome = await check(request);
    if (outcome.isAllowed || !outcome.isExceeded) return;
    const retryAfter = Math.max(1, outcome.ttlInSeconds);
    throw new HttpProblem(
      {
        type: PROBLEM_TYPES.rateLimited,
        title: 'Too many requests',
        status: 429,
        detail: `This client sent more than ${outcome.max} requests to the console API within a minute. Try again in ${retryAfter} s.`,
        retry_after_seconds: retryAfter,
      },
      { 'retry-after': String(retryAfter), 'ratelimit-limit': String(outcome.max) },
    );
  });
}
