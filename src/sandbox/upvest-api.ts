import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from '../domain/problem';
import type { Fault, SandboxEndpoint } from './faults';
import type { ListSelection } from './group-store';
import { parseListParams, type ListParams } from './list-params';
import { problemBody, SandboxProblem } from './problems';
import { acceptsJson, checkApiVersion, parseBearer } from './request-headers';
import type { SandboxRuntime } from './sandbox-runtime';

/** Scope every account-group call needs (API.md). */
export const ACCOUNTS_READ_SCOPE = 'accounts:read';
const BODY_LIMIT_BYTES = 64 * 1024;
const ALL_METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT', 'OPTIONS'] as const;

interface CallMeta {
  endpoint: SandboxEndpoint | 'other';
  fault: string | null;
  dropped: boolean;
}

interface Caller {
  readonly clientId: string;
}

/**
 * The Upvest API side of the sandbox: POST /auth/token and the three account-group reads, with
 * Upvest's checks in Upvest's order: signature (every request), accept (406), API version
 * (400/426), bearer token (401), scope (403), parameters (400), then injected faults, then the
 * answer. Every response carries an upvest-request-id; every error is problem+json.
 */
export function buildUpvestApi(runtime: SandboxRuntime): FastifyInstance {
  const app = Fastify({
    logger: runtime.options.log,
    genReqId: () => randomUUID(),
    exposeHeadRoutes: false,
    bodyLimit: BODY_LIMIT_BYTES,
    forceCloseConnections: true,
    frameworkErrors: (error, _request, reply) => {
      // Raised before routing (e.g. a malformed URL), so no request hook has set the request ID.
      const requestId = randomUUID();
      reply.hijack();
      reply.raw.writeHead(400, { 'upvest-request-id': requestId, 'content-type': PROBLEM_CONTENT_TYPE });
      reply.raw.end(JSON.stringify(problemBody(400, 'bad-request', safeFrameworkMessage(error), requestId)));
    },
  });
  const callMeta = new WeakMap<IncomingMessage, CallMeta>();
  const metaOf = (request: FastifyRequest): CallMeta => {
    const meta = callMeta.get(request.raw) ?? { endpoint: 'other', fault: null, dropped: false };
    callMeta.set(request.raw, meta);
    return meta;
  };

  // Bodies are kept as bytes: the content digest is computed over exactly what was received.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });

  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('upvest-request-id', request.id);
    const meta = metaOf(request);
    reply.raw.once('close', () => {
      runtime.calls.record({
        at: new Date(runtime.now()).toISOString(),
        method: request.method,
        url: request.raw.url ?? '',
        endpoint: meta.endpoint,
        status: meta.dropped ? null : reply.raw.statusCode,
        request_id: request.id,
        fault: meta.fault,
      });
    });
    done();
  });

  app.setErrorHandler((error: FastifyError | SandboxProblem, request, reply) => {
    if (error instanceof SandboxProblem) {
      return sendProblem(reply, request, error.status, error.slug, error.detail, error.headers);
    }
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'sandbox request failed');
    return sendProblem(reply, request, status, status === 500 ? 'internal' : 'bad-request', status === 500 ? 'Internal error' : error.message);
  });

  app.setNotFoundHandler((request, reply) => {
    const problem = noRoute(request);
    return sendProblem(reply, request, problem.status, problem.slug, problem.detail);
  });

  const guard = async (request: FastifyRequest, kind: 'token' | 'api'): Promise<Caller> => {
    const body = Buffer.isBuffer(request.body) ? request.body : await readUnparsedBody(request.raw);
    const verification = runtime.verifier.verify(
      { method: request.method, target: request.raw.url ?? '/', rawHeaders: request.raw.rawHeaders, body },
      { nowMs: runtime.now(), requireAuthorization: kind === 'api' },
    );
    if (!verification.ok) throw new SandboxProblem(401, 'invalid-signature', verification.detail);
    if (!acceptsJson(singleHeader(request, 'accept'))) {
      throw new SandboxProblem(406, 'not-acceptable', 'accept must allow application/json');
    }
    const version = checkApiVersion(singleHeader(request, 'upvest-api-version'));
    if (!version.ok) throw new SandboxProblem(version.status, 'unsupported-api-version', version.detail);
    if (kind === 'token') return { clientId: verification.clientId };

    const bearer = parseBearer(singleHeader(request, 'authorization'));
    if (!bearer.ok) throw new SandboxProblem(401, 'unauthenticated', bearer.detail);
    const lookup = runtime.tokens.lookup(bearer.token, runtime.now());
    if (!lookup.found) {
      throw new SandboxProblem(401, 'unauthenticated', lookup.reason === 'expired' ? 'Access token has expired' : 'Access token is invalid');
    }
    if (lookup.grant.clientId !== verification.clientId) {
      throw new SandboxProblem(401, 'unauthenticated', "upvest-client-id does not match the access token's client");
    }
    if (!lookup.grant.scopes.includes(ACCOUNTS_READ_SCOPE)) {
      throw new SandboxProblem(403, 'forbidden', `The access token lacks the ${ACCOUNTS_READ_SCOPE} scope`);
    }
    return { clientId: verification.clientId };
  };

  /** Applies injected faults; returns the fault the answer itself must carry out, if any. */
  const applyFaults = async (request: FastifyRequest, reply: FastifyReply, endpoint: SandboxEndpoint): Promise<Fault | null> => {
    const selection = runtime.faults.select(endpoint);
    const meta = metaOf(request);
    if (selection.latencyMs > 0) {
      meta.fault = 'latency';
      try {
        await sleep(selection.latencyMs, undefined, { signal: runtime.shutdown.signal });
      } catch {
        // The sandbox is closing: do not answer late.
        throw new SandboxProblem(503, 'closing', 'The sandbox is closing');
      }
    }
    const fault = selection.terminal;
    if (fault === null) return null;
    meta.fault = fault.kind;
    switch (fault.kind) {
      case 'status':
        throw new SandboxProblem(fault.status ?? 500, 'injected-fault', fault.detail ?? `Injected fault: status ${fault.status ?? 500}`);
      case 'rate_limit':
        // Upvest documents its 429 without Retry-After or rate-limit headers.
        throw new SandboxProblem(429, 'rate-limited', 'Too many requests for this client; back off exponentially');
      case 'drop_connection':
        meta.dropped = true;
        reply.hijack();
        request.raw.socket.destroy();
        return fault;
      case 'malformed_json':
        reply.hijack();
        reply.raw.writeHead(200, { 'content-type': 'application/json', 'upvest-request-id': request.id });
        reply.raw.end('{"meta": {"offset": 0, "limit": 100, "count": 1, "total_count": 1}, "data": [{"id": "0b9a6f2e-');
        return fault;
      default:
        return fault;
    }
  };

  /** Sends a JSON body, or carries out a truncating fault with it. */
  const sendJson = (request: FastifyRequest, reply: FastifyReply, body: string, fault: Fault | null): void => {
    if (fault?.kind === 'truncated_body') {
      const bytes = Buffer.from(body);
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length, 'upvest-request-id': request.id });
      reply.raw.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => {
        request.raw.socket.destroySoon();
      });
      return;
    }
    void reply.code(200).header('content-type', 'application/json; charset=utf-8').send(body);
  };

  const isDone = (fault: Fault | null): boolean => fault?.kind === 'drop_connection' || fault?.kind === 'malformed_json';

  const answerList = async (
    request: FastifyRequest,
    reply: FastifyReply,
    endpoint: 'list' | 'user_list',
    params: ListParams,
    userId: string | null,
    select: () => ListSelection,
  ): Promise<void> => {
    const fault = await applyFaults(request, reply, endpoint);
    if (isDone(fault)) return;
    await runtime.notifyListRequest({ endpoint, ...params, user_id: userId });
    sendJson(request, reply, listJson(runtime, select(), params), fault);
  };

  app.post('/auth/token', async (request, reply) => {
    metaOf(request).endpoint = 'token';
    const caller = await guard(request, 'token');
    const form = parseTokenForm(request);
    if (form.clientId !== caller.clientId) {
      throw new SandboxProblem(401, 'unauthenticated', 'client_id in the body does not match upvest-client-id');
    }
    const client = runtime.clients.get(form.clientId);
    if (client === undefined || !sameSecret(client.clientSecret, form.clientSecret)) {
      throw new SandboxProblem(401, 'unauthenticated', 'Invalid client credentials');
    }
    const notGranted = form.scopes.find((scope) => !client.scopes.includes(scope));
    if (notGranted !== undefined) {
      throw new SandboxProblem(401, 'unauthenticated', `Scope "${notGranted.slice(0, 64)}" is not granted to this client`);
    }
    const fault = await applyFaults(request, reply, 'token');
    if (isDone(fault)) return;
    const ttl = runtime.options.tokenTtlSeconds;
    const accessToken =
      fault?.kind === 'invalid_token'
        ? runtime.tokens.counterfeit()
        : runtime.tokens.issue({ clientId: client.clientId, scopes: form.scopes, expiresAtMs: runtime.now() + ttl * 1000 });
    void reply.header('cache-control', 'no-store');
    sendJson(request, reply, JSON.stringify({ access_token: accessToken, expires_in: ttl, token_type: 'bearer', scope: form.scopes.join(' ') }), fault);
  });

  app.get('/account_groups', async (request, reply) => {
    metaOf(request).endpoint = 'list';
    await guard(request, 'api');
    const params = parseListParams(queryOf(request.raw.url));
    await answerList(request, reply, 'list', params, null, () => runtime.store.select(params.sort, params.order, params.offset, params.limit));
  });

  app.get<{ Params: { accountGroupId: string } }>('/account_groups/:accountGroupId', async (request, reply) => {
    if (request.params.accountGroupId === '') throw noRoute(request);
    metaOf(request).endpoint = 'get';
    await guard(request, 'api');
    if (queryOf(request.raw.url) !== null) {
      throw new SandboxProblem(400, 'invalid-parameter', 'This endpoint takes no query parameters');
    }
    const index = runtime.store.findGroup(request.params.accountGroupId);
    if (index < 0) throw new SandboxProblem(404, 'not-found', 'Account group not found');
    const fault = await applyFaults(request, reply, 'get');
    if (isDone(fault)) return;
    sendJson(request, reply, runtime.store.toJson(index), fault);
  });

  app.get<{ Params: { userId: string } }>('/users/:userId/account_groups', async (request, reply) => {
    if (request.params.userId === '') throw noRoute(request);
    metaOf(request).endpoint = 'user_list';
    await guard(request, 'api');
    const params = parseListParams(queryOf(request.raw.url));
    const userId = request.params.userId;
    const user = runtime.store.findUser(userId);
    if (user < 0) throw new SandboxProblem(404, 'not-found', 'User not found');
    await answerList(request, reply, 'user_list', params, userId, () =>
      runtime.store.selectForUser(user, params.sort, params.order, params.offset, params.limit),
    );
  });

  const routes: readonly (readonly [string, string])[] = [
    ['/auth/token', 'POST'],
    ['/account_groups', 'GET'],
    ['/account_groups/:accountGroupId', 'GET'],
    ['/users/:userId/account_groups', 'GET'],
  ];
  for (const [url, allowed] of routes) {
    app.route({
      method: ALL_METHODS.filter((method) => method !== allowed),
      url,
      handler: (request, reply) =>
        sendProblem(reply, request, 405, 'method-not-allowed', `${request.method} is not allowed here; use ${allowed}`, { allow: allowed }),
    });
  }

  return app;
}

function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  slug: string,
  detail: string,
  headers: Readonly<Record<string, string>> = {},
): FastifyReply {
  return reply
    .code(status)
    .headers(headers)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problemBody(status, slug, detail, request.id)));
}

/** The router matches `/account_groups/` with an empty ID; Upvest has no such path. */
function noRoute(request: FastifyRequest): SandboxProblem {
  return new SandboxProblem(404, 'not-found', `No route ${request.method} ${pathOf(request.raw.url)}`);
}

function listJson(runtime: SandboxRuntime, selection: ListSelection, params: ListParams): string {
  const data = selection.groups.map((index) => runtime.store.toJson(index)).join(',');
  return (
    `{"meta":{"offset":${params.offset},"limit":${params.limit},"count":${selection.groups.length},` +
    `"total_count":${selection.totalCount},"sort":"${params.sort}","order":"${params.order}"},"data":[${data}]}`
  );
}

interface TokenForm {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scopes: string[];
}

function parseTokenForm(request: FastifyRequest): TokenForm {
  const contentType = (singleHeader(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/x-www-form-urlencoded') {
    throw new SandboxProblem(400, 'invalid-request', 'The token request body must be application/x-www-form-urlencoded');
  }
  const form = new URLSearchParams(Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '');
  const field = (name: string): string => {
    const values = form.getAll(name);
    if (values.length > 1) throw new SandboxProblem(400, 'invalid-request', `${name} may be given only once`);
    const value = values[0];
    if (value === undefined || value === '') throw new SandboxProblem(400, 'invalid-request', `Missing ${name}`);
    return value;
  };
  const grantType = field('grant_type');
  if (grantType !== 'client_credentials') {
    throw new SandboxProblem(400, 'invalid-request', 'grant_type must be client_credentials');
  }
  const clientId = field('client_id');
  const clientSecret = field('client_secret');
  const scopes = field('scope').split(' ').filter((scope) => scope !== '');
  if (scopes.length === 0) throw new SandboxProblem(400, 'invalid-request', 'Missing scope');
  return { clientId, clientSecret, scopes: [...new Set(scopes)] };
}

function sameSecret(expected: string, given: string): boolean {
  // Compare digests so the comparison takes the same time whatever the lengths.
  const hash = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(hash(expected), hash(given));
}

function singleHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function pathOf(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0] ?? '/';
  return path.length > 100 ? `${path.slice(0, 100)}…` : path;
}

function queryOf(url: string | undefined): string | null {
  const index = (url ?? '').indexOf('?');
  return index < 0 ? null : (url ?? '').slice(index + 1);
}

/** A GET with a body is not parsed by Fastify; read it so its digest can still be checked. */
async function readUnparsedBody(raw: IncomingMessage): Promise<Buffer | null> {
  const length = raw.headers['content-length'];
  if (raw.headers['transfer-encoding'] === undefined && (length === undefined || length === '0')) return null;
  if (raw.readableEnded) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of raw) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > BODY_LIMIT_BYTES) throw new SandboxProblem(413, 'payload-too-large', 'Request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function safeFrameworkMessage(error: FastifyError): string {
  return error.code === 'FST_ERR_BAD_URL' ? 'Malformed request URL' : 'Bad request';
}
