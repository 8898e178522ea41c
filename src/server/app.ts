import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ConsoleMode } from '../domain/console-api';
import type { UpvestClient } from '../upvest/upvest-client';
import { registerAuth } from './auth/auth-plugin';
import type { ConsoleConfig } from './config';
import type { Mirror } from './mirror/mirror-sync';
import { registerApiRateLimit } from './plugins/api-rate-limit';
import { answerClientError, answerConnect, answerFrameworkError, registerErrorHandling } from './plugins/error-handler';
import { registerGracefulShutdown } from './plugins/graceful-shutdown';
import { registerRequestGuards } from './plugins/request-guards';
import { registerSecurityHeaders } from './plugins/security-headers';
import { registerSpa } from './plugins/static-spa';
import { accountGroupRoutes } from './routes/account-groups';
import { statusRoutes } from './routes/status';

export interface AppDependencies {
  config: ConsoleConfig;
  mode: ConsoleMode;
  upstreamBaseUrl: string;
  upvest: UpvestClient;
  mirror: Mirror;
  logger: Logger;
  version: string;
  /** How long a readiness answer is reused (default 5 s). */
  readinessCacheMs?: number;
  /** Milliseconds since the epoch, for sessions and sign-in slow-down; tests move it. */
  clock?: () => number;
}

/** Limits on what a client may send: the console API takes no large bodies or headers. */
export const REQUEST_LIMITS = { bodyBytes: 16 * 1024, headerBytes: 16 * 1024 } as const;

/**
 * The console server: plugins first (errors, security headers, request guards, rate limit), then
 * routes, then the SPA (fastify/demo's order). Building does not listen, so tests can listen on a
 * random port.
 */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  // Typed as Fastify's base logger so that the instance is the plain FastifyInstance routes expect.
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance,
    genReqId: () => randomUUID(),
    bodyLimit: REQUEST_LIMITS.bodyBytes,
    // No Host header is answered by the request guards with a problem, rather than by Node with a bare 400.
    http: { maxHeaderSize: REQUEST_LIMITS.headerBytes, requireHostHeader: false },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: false },
    // Graceful shutdown: stop accepting, let in-flight requests finish, then close. Requests arriving on a
    // kept-alive connection meanwhile get a 503 problem (plugins/graceful-shutdown.ts), not Fastify's plain JSON.
    forceCloseConnections: 'idle',
    return503OnClosing: false,
    trustProxy: deps.config.trustProxy,
  });

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  app.server.on('connect', (_request: unknown, socket: Duplex) => {
    answerConnect(socket);
  });

  // Order matters: onRequest hooks run as registered, and a hook that refuses stops the ones after it.
  // Security headers come first so that every refusal carries them; the rate limit comes before the
  // request guards so that refused requests spend a client's budget too.
  registerErrorHandling(app);
  await registerSecurityHeaders(app);
  registerGracefulShutdown(app);
  await registerApiRateLimit(app, deps.config.apiRateLimitPerMinute);
  registerRequestGuards(app);
  await registerAuth(app, { settings: deps.config.auth, ...(deps.clock ? { now: deps.clock } : {}) });

  accountGroupRoutes(app, { upvest: deps.upvest, mirror: deps.mirror });
  statusRoutes(app, {
    mode: deps.mode,
    upstreamBaseUrl: deps.upstreamBaseUrl,
    version: deps.version,
    upvest: deps.upvest,
    mirror: deps.mirror,
    ...(deps.readinessCacheMs === undefined ? {} : { readinessCacheMs: deps.readinessCacheMs }),
  });

  await registerSpa(app, deps.config.staticDir);
  return app;
}
