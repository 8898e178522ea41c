import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
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

/**
 * Fastify's `frameworkErrors`: a URL that cannot be decoded, or a path parameter longer than the router
 * accepts, is refused before routing and before any hook, so it gets its answer here.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('x-request-id', request.id).header('x-content-type-options', 'nosniff');
  const detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? `The path ${pathOnly(request.url)} has a segment longer than the console accepts.`
      : `The path ${pathOnly(request.url)} is not a valid URL path (bad percent-encoding).`;
  void sendProblem(request, reply, new HttpProblem({ type: PROBLEM_TYPES.badRequest, title: 'Bad request', status: 400, detail }));
}

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (unknown method, malformed request
 * line or header, headers over the size limit, both Content-Length and Transfer-Encoding). They still get a
 * problem+json, written straight to the socket, which is then closed: after a parse error the rest of
 * the connection cannot be trusted.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let status = 400;
  let problem: Omit<Problem, 'request_id' | 'status'> = {
    type: PROBLEM_TYPES.badRequest,
    title: 'Bad request',
    detail: `The request could not be parsed as HTTP/1.1 (${parserReason(error.code)}).`,
  };
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    problem = {
      type: PROBLEM_TYPES.payloadTooLarge,
      title: 'Request headers too large',
      detail: 'The request line and headers together are larger than the console accepts.',
    };
  } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    problem = { type: PROBLEM_TYPES.requestTimeout, title: 'Request timeout', detail: 'The request did not arrive in time.' };
  }
  writeRawProblem(socket, { ...problem, status });
}

/** A CONNECT request asks for a tunnel: the console is not a proxy. */
export function answerConnect(socket: Duplex): void {
  writeRawProblem(socket, {
    type: PROBLEM_TYPES.methodNotAllowed,
    title: 'Method not allowed',
    status: 405,
    detail: 'CONNECT is not allowed: the console is not a proxy.',
  });
}

function writeRawProblem(socket: Duplex, problem: Omit<Problem, 'request_id'>): void {
  const requestId = randomUUID();
  const body = JSON.stringify({ ...problem, request_id: requestId });
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? 'Error'}\r\n` +
        `content-type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${requestId}\r\n` +
        'x-content-type-options: nosniff\r\n' +
        'connection: close\r\n\r\n' +
        body,
    );
  }
  // Ending lets the answer flush; destroying afterwards frees the socket even if the client never reads.
  setTimeout(() => socket.destroy(), 1_000).unref();
}

const PARSER_REASONS: Readonly<Record<string, string>> = {
  HPE_INVALID_METHOD: 'unknown method',
  HPE_INVALID_URL: 'invalid request target',
  HPE_INVALID_HEADER_TOKEN: 'invalid header',
  HPE_INVALID_CONSTANT: 'invalid request line',
  HPE_INVALID_VERSION: 'invalid HTTP version',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'both Content-Length and Transfer-Encoding',
  HPE_INVALID_CONTENT_LENGTH: 'invalid Content-Length',
  HPE_INVALID_TRANSFER_ENCODING: 'invalid Transfer-Encoding',
  HPE_INVALID_CHUNK_SIZE: 'invalid chunk size',
  HPE_LF_EXPECTED: 'malformed line ending',
  HPE_CR_EXPECTED: 'malformed line ending',
};

function parserReason(code: string | undefined): string {
  return (code === undefined ? undefined : PARSER_REASONS[code]) ?? 'malformed request';
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
      return new HttpProblem({ type: PROBLEM_TYPES.badRequest, title: 'Bad request', status, detail: error.message });
  }
}

function pathOnly(url: string): string {
  const path = url.split('?', 1)[0] ?? url;
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
