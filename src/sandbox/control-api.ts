import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from '../domain/problem';
import {
  activityInputSchema,
  changesInputSchema,
  clockInputSchema,
  describeIssues,
  groupInputSchema,
  groupPatchSchema,
  tokenRegistrationSchema,
} from './control-inputs';
import { faultSpecSchema } from './faults';
import type { GroupStore } from './group-store';
import { problemBody } from './problems';
import { SandboxControlError, type SandboxControl } from './sandbox-control';
import type { z } from 'zod';

/**
 * The control endpoint: its own port, JSON, never part of the Upvest API. Each route maps onto one
 * SandboxControl method, so tests in process and tools over HTTP see the same behaviour.
 */
export function buildControlApi(control: SandboxControl, store: GroupStore, log: boolean, loopbackOnly: boolean): FastifyInstance {
  const app = Fastify({ logger: log, genReqId: () => randomUUID(), forceCloseConnections: true, bodyLimit: 1024 * 1024 });

  app.setErrorHandler((error: FastifyError | SandboxControlError, request, reply) => {
    if (error instanceof SandboxControlError) return problem(reply, error.status, error.message, request.id);
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'control request failed');
    return problem(reply, status, status === 500 ? 'Internal error' : error.message, request.id);
  });
  app.setNotFoundHandler((request, reply) => problem(reply, 404, `No control route ${request.method} ${request.url.split('?')[0] ?? ''}`, request.id));

  // The control endpoint changes data and injects faults and has no credentials: only tools and tests may call it,
  // never a web page (which could otherwise reach a loopback port through the browser or DNS rebinding).
  app.addHook('onRequest', async (request, reply) => {
    const fetchSite = request.headers['sec-fetch-site'];
    if (request.headers.origin !== undefined || (fetchSite !== undefined && fetchSite !== 'none')) {
      return problem(reply, 403, 'The control endpoint does not answer web pages.', request.id);
    }
    if (loopbackOnly && !isLoopbackHost(request.headers.host ?? '')) {
      return problem(reply, 403, 'The control endpoint answers on its loopback address only.', request.id);
    }
    return undefined;
  });

  app.get('/control/info', () => control.info());

  app.get('/control/calls', () => control.calls());
  app.post('/control/calls/reset', (_request, reply) => {
    control.resetCalls();
    return reply.code(204).send();
  });

  app.get('/control/groups', (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(Readable.from(streamGroups(store), { objectMode: false })),
  );
  app.get<{ Params: { id: string } }>('/control/groups/:id', (request) => {
    const group = control.group(request.params.id);
    if (group === null) throw new SandboxControlError(404, 'No such account group');
    return group;
  });
  app.post('/control/groups', (request, reply) => reply.code(201).send(control.createGroup(parse(groupInputSchema, request.body))));
  app.patch<{ Params: { id: string } }>('/control/groups/:id', (request) => control.updateGroup(request.params.id, parse(groupPatchSchema, request.body)));

  app.post('/control/changes', (request) => {
    const { count } = parse(changesInputSchema, request.body);
    return { changes: control.applyChanges(count) };
  });

  app.get('/control/activity', () => ({ changes_per_minute: control.activity()?.changes_per_minute ?? null }));
  app.put('/control/activity', (request) => {
    control.setActivity(parse(activityInputSchema, request.body).changes_per_minute);
    return { changes_per_minute: control.activity()?.changes_per_minute ?? null };
  });

  app.post('/control/tokens/revoke', () => ({ revoked: control.revokeTokens() }));
  app.post('/control/tokens', (request, reply) => reply.code(201).send(control.registerToken(parse(tokenRegistrationSchema, request.body))));

  app.get('/control/faults', () => ({ faults: control.faults() }));
  app.post('/control/faults', (request, reply) => reply.code(201).send(control.addFault(parse(faultSpecSchema, request.body))));
  app.delete('/control/faults', (_request, reply) => {
    control.clearFaults();
    return reply.code(204).send();
  });
  app.delete<{ Params: { id: string } }>('/control/faults/:id', (request, reply) => {
    if (!control.removeFault(request.params.id)) throw new SandboxControlError(404, 'No such fault');
    return reply.code(204).send();
  });

  app.get('/control/clock', () => clock(control));
  app.put('/control/clock', (request) => {
    control.setClockOffset(parse(clockInputSchema, request.body).offset_ms);
    return clock(control);
  });

  return app;
}

function clock(control: SandboxControl): { now: string; offset_ms: number } {
  return { now: new Date(control.now()).toISOString(), offset_ms: control.clockOffsetMs() };
}

/** Streams `{"total_count": n, "data": [...]}` in created order, without building one huge string. */
function* streamGroups(store: GroupStore): Generator<string> {
  yield `{"total_count":${store.size},"data":[`;
  let batch: string[] = [];
  let first = true;
  for (const index of store.byCreated) {
    batch.push(store.toJson(index));
    if (batch.length === 1000) {
      yield (first ? '' : ',') + batch.join(',');
      first = false;
      batch = [];
    }
  }
  if (batch.length > 0) yield (first ? '' : ',') + batch.join(',');
  yield ']}';
}

function problem(reply: FastifyReply, status: number, detail: string, requestId: string): FastifyReply {
  return reply.code(status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problemBody(status, 'control', detail, requestId)));
}

/** Validates a body with the control method's own schema (the method validates again, harmlessly). */
function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    throw new SandboxControlError(400, 'The body must be a JSON object');
  }
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw new SandboxControlError(400, describeIssues(result.error));
  return result.data;
}

function isLoopbackHost(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':', 1)[0] ?? '');
  return ['127.0.0.1', 'localhost', '[::1]'].includes(name.toLowerCase());
}
