import type { FastifyInstance } from 'fastify';
import { PROBLEM_TYPES } from '../../domain/problem';
import { HttpProblem } from '../http-problem';

/**
 * Once `close()` has begun (SIGTERM), requests already running finish normally, but:
 * - every answer sent from then on closes its connection: a kept-alive connection would otherwise hold
 *   the server open until its keep-alive timeout, long after the last request finished;
 * - a new request arriving on a connection that was kept alive gets a 503 problem rather than being
 *   started while the Upvest client is being closed under it.
 * Fastify's own `return503OnClosing` answers plain JSON, so it is off (see app.ts).
 */
export function registerGracefulShutdown(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  app.addHook('onRequest', async () => {
    if (!closing) return;
    throw new HttpProblem({
      type: PROBLEM_TYPES.shuttingDown,
      title: 'The console is shutting down',
      status: 503,
      detail: 'The console is stopping; try again once it is back.',
    });
  });

  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });
}
