import type { FastifyInstance } from 'fastify';
import type { ConsoleMode, ConsoleStatus } from '../../domain/console-api';
import { PROBLEM_TYPES } from '../../domain/problem';
import type { UpvestClient } from '../../upvest/upvest-client';
import { UpvestError } from '../../upvest/upvest-error';
import { HttpProblem } from '../http-problem';
import type { Mirror } from '../mirror/mirror-sync';
import { problemFromUpvestError } from '../upstream-problem';

export interface StatusRoutesOptions {
  mode: ConsoleMode;
  upstreamBaseUrl: string;
  version: string;
  upvest: UpvestClient;
  mirror: Mirror;
  /** How long a readiness answer is reused, so that probes cannot hammer Upvest's token endpoint. */
  readinessCacheMs?: number;
  now?: () => number;
}

/** Liveness, readiness and what the console is connected to. */
export function statusRoutes(app: FastifyInstance, options: StatusRoutesOptions): void {
  const { upvest, mirror } = options;
  const now = options.now ?? Date.now;
  const readinessCacheMs = options.readinessCacheMs ?? 5_000;
  let lastCheck: { at: number; result: Promise<void> } | null = null;

  app.get('/api/health', async () => ({ status: 'ok' }));

  app.get('/api/ready', async () => {
    if (lastCheck === null || now() - lastCheck.at > readinessCacheMs) {
      const result = upvest.checkAccess();
      result.catch(() => undefined); // observed below; a failed check must not be an unhandled rejection
      lastCheck = { at: now(), result };
    }
    try {
      await lastCheck.result;
    } catch (error) {
      const problem =
        error instanceof UpvestError
          ? problemFromUpvestError(error, 'the readiness check (access token)')
          : new HttpProblem({
              type: PROBLEM_TYPES.upstreamUnavailable,
              title: 'Upvest cannot be reached',
              status: 503,
              detail: 'The console could not obtain an access token from Upvest.',
            });
      throw new HttpProblem({ ...problem.problem, status: 503, title: `Not ready: ${problem.problem.title}` });
    }
    return { status: 'ready', mirror: mirror.status().state };
  });

  app.get('/api/status', async (): Promise<ConsoleStatus> => ({
    mode: options.mode,
    upstream: { host: new URL(options.upstreamBaseUrl).host, base_url: options.upstreamBaseUrl },
    mirror: mirror.status(),
    version: options.version,
  }));
}
