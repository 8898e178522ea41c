import type { FastifyInstance } from 'fastify';
import type { ConsoleMode, ConsoleStatus } from '../../domain/console-api';
import { PROBLEM_TYPES } from '../../domain/problem';
import type { UpvestClient } from '../../upvest/upvest-client';
import { UpvestError } from '../../upvest/upvest-error';
import { HttpProblem } from '../http-problem';
import type { Mirror } from '../mirror/mirror-sync';
import { problemFromUpvestError } from '../upstream-problem';
import '../auth/signed-in-request';

interface ReadinessCheck {
  settledAt: number | null;
  readonly result: Promise<void>;
}

export interface StatusRoutesOptions {
  mode: ConsoleMode;
  upstreamBaseUrl: string;
  version: string;
  upvest: UpvestClient;
  mirror: Mirror;
  /** How long a readiness answer is reused, so that probes cannot hammer Upvest. Default 5 s. */
  readinessCacheMs?: number;
  /** Longest a readiness check waits for Upvest, retries included. Default 5 s. */
  readinessTimeoutMs?: number;
  now?: () => number;
}

/**
 * Liveness, readiness and what the console is connected to.
 *
 * Ready means Upvest answers the console: one real, signed call (the smallest list page), which needs a
 * token, an accepted signature and a reachable API. Merely holding a cached token would say "ready"
 * while every call fails. Answers are reused for a few seconds, and concurrent probes share one check.
 * A 503 says why only to a caller the console knows (signed in, or sign-in off): probes see the status.
 */
export function statusRoutes(app: FastifyInstance, options: StatusRoutesOptions): void {
  const { upvest, mirror } = options;
  const now = options.now ?? Date.now;
  const readinessCacheMs = options.readinessCacheMs ?? 5_000;
  const readinessTimeoutMs = options.readinessTimeoutMs ?? 5_000;
  let lastCheck: ReadinessCheck | null = null;

  app.get('/api/health', async () => ({ status: 'ok' }));

  app.get('/api/ready', async (request) => {
    // A check still running is joined whatever its age; a finished one is reused while it is fresh.
    if (lastCheck === null || (lastCheck.settledAt !== null && now() - lastCheck.settledAt >= readinessCacheMs)) {
      const check: ReadinessCheck = { settledAt: null, result: probeUpvest(upvest, readinessTimeoutMs) };
      const settle = (): void => {
        check.settledAt = now();
      };
      check.result.then(settle, settle); // also observes a failure, which must not be an unhandled rejection
      lastCheck = check;
    }
    try {
      await lastCheck.result;
    } catch (error) {
      const problem =
        error instanceof UpvestError
          ? problemFromUpvestError(error, 'the readiness check')
          : new HttpProblem({
              type: PROBLEM_TYPES.upstreamUnavailable,
              title: 'Upvest cannot be reached',
              status: 503,
              detail: 'The console could not complete a call to Upvest.',
            });
      const notReady = new HttpProblem({ ...problem.problem, status: 503, title: `Not ready: ${problem.problem.title}` });
      if (request.knownCaller) throw notReady;
      // Probes need only the status; why (Upvest's errors, its request IDs) is for people the console knows, and the log.
      request.log.warn({ reason: notReady.problem.detail, upstream_request_id: notReady.problem.upstream_request_id }, notReady.problem.title);
      throw new HttpProblem({ type: PROBLEM_TYPES.notReady, title: 'Not ready', status: 503 });
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

async function probeUpvest(upvest: UpvestClient, timeoutMs: number): Promise<void> {
  await upvest.listAccountGroups(
    { sort: 'created_at', order: 'ASC', offset: 0, limit: 1 },
    { signal: AbortSignal.timeout(timeoutMs) },
  );
}
