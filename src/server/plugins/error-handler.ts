import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, type Problem } from '../../domain/problem';
import { HttpProblem } from '../http-problem';
import { isUpvestError, problemFromUpvestError } from '../upstream-problem';

/**
 * One central place that turns every failure into application/problem+json with the console's request ID
 * (and Upvest's, when Upvest answered). Internal details never reach the client: a 500 says only that
 * something failed and which request ID to look up in the logs.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request, reply) => {
    const problem = toHttpProblem(error);
    const { status } = problem.problem;
    if (status >= 500) {
      request.log.error({ err: error, upstream_request_id: problem.problem.upstream_request_id }, 'request failed');
    } else {
      request.log.info(
        { status, problem_type: problem.problem.type, upstream_request_id: problem.problem.upstream_request_id },
        'request answered with a problem',
      );
    }
    return sendProblem(request, reply, problem);
  });

}

/** The 404 for anything no route answers (the SPA's deep-link fallback is decided before, in static-spa.ts). */
export function sendNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(
    request,
    reply,
    new HttpProblem({
      type: PROBLEM_TYPES.notFound,
      title: 'Not found',
      status: 404,
      detail: `Nothing answers ${request.method} ${pathOnly(request.url)} here.`,
    }),
  );
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: HttpProblem): FastifyReply {
  const body: Problem = { ...problem.problem, request_id: request.id };
  for (const [name, value] of Object.entries(problem.headers)) void reply.header(name, value);
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

function toHttpProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (isUpvestError(error)) return problemFromUpvestError(error, 'the request');
  if (isFastifyClientError(error)) return fromFastifyError(error);
  return new HttpProblem({
    type: PROBLEM_TYPES.internal,
    title: 'Internal error',
    status: 500,
    detail: 'The console failed to answer. Quote the request ID to whoever runs the console.',
  });
}

function isFastifyClientError(error: unknown): error is FastifyError {
  if (typeof error !== 'object' || error === null) return false;
  const { statusCode } = error as { statusCode?: unknown };
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
}

/** Fastify's own 4xx (bad JSON body, body too large, unsupported media type, ...): keep the status, explain. */
function fromFastifyError(error: FastifyError): HttpProblem {
  const status = error.statusCode ?? 400;
  switch (status) {
    case 404:
      return new HttpProblem({ type: PROBLEM_TYPES.notFound, title: 'Not found', status, detail: error.message });
    case 405:
      return new HttpProblem({ type: PROBLEM_TYPES.methodNotAllowed, title: 'Method not allowed', status, detail: error.message });
    case 413:
      return new HttpProblem({
        type: PROBLEM_TYPES.payloadTooLarge,
        title: 'Request too large',
        status,
        detail: 'The request body or headers are larger than the console accepts.',
      });
    case 429:
      return new HttpProblem({ type: PROBLEM_TYPES.rateLimited, title: 'Too many requests', status, detail: error.message });
    default:
      return new HttpProblem({ type: PROBLEM_TYPES.invalidParameter, title: 'Bad request', status, detail: error.message });
  }
}

function pathOnly(url: string): string {
  const path = url.split('?', 1)[0] ?? url;
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
