import type { FastifyInstance } from 'fastify';
import { PROBLEM_TYPES } from '../../domain/problem';
import { crossSiteRequest } from '../auth/auth-problems';
import { crossSiteRefusal } from '../auth/cross-site';
import { HttpProblem, notFound } from '../http-problem';
import { RouteTable } from './route-table';

/**
 * Checks every request before any route sees it, so that nothing odd can travel on towards Upvest:
 * - the request target must be a path (`/…`): absolute URLs and `*` are what proxies receive, and the
 *   console is not a proxy;
 * - a Host header is required (HTTP/1.1; Node's own check is switched off so the answer is a problem);
 * - a known API path asked with another method is a 405 with `Allow`, for every method; an unknown
 *   path asked with anything but GET or HEAD is a 404 at once (its body is never read);
 * - a state-changing request from another site is refused (auth/cross-site.ts), with sign-in or without.
 */
export function registerRequestGuards(app: FastifyInstance): void {
  const routes = new RouteTable();
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    routes.add(route.url, Array.isArray(route.method) ? route.method : [route.method]);
  });

  app.addHook('onRequest', async (request) => {
    const target = request.raw.url ?? '';
    if (!target.startsWith('/')) {
      throw new HttpProblem({
        type: PROBLEM_TYPES.badRequest,
        title: 'Bad request',
        status: 400,
        detail: 'The request target must be a path starting with "/": the console is not a proxy.',
      });
    }
    if (request.headers.host === undefined || request.headers.host === '') {
      throw new HttpProblem({ type: PROBLEM_TYPES.badRequest, title: 'Bad request', status: 400, detail: 'The Host header is missing.' });
    }

    const path = target.split('?', 1)[0] ?? target;
    const allowed = routes.allowedMethods(path);
    if (allowed !== null && !allowed.includes(request.method)) {
      throw new HttpProblem(
        {
          type: PROBLEM_TYPES.methodNotAllowed,
          title: 'Method not allowed',
          status: 405,
          detail: `${printableMethod(request.method)} is not allowed on ${excerpt(path)}; use ${allowed.join(' or ')}.`,
        },
        { allow: allowed.join(', ') },
      );
    }

    // Nothing lives here, and only a GET can still be the SPA's: answer now, before any body is read.
    if (request.is404 && request.method !== 'GET' && request.method !== 'HEAD') throw notFoundProblem(request.method, path);

    const refusal = crossSiteRefusal(request);
    if (refusal !== null) throw crossSiteRequest(refusal);
  });
}

function notFoundProblem(method: string, path: string): HttpProblem {
  return notFound(`Nothing answers ${printableMethod(method)} ${excerpt(path)} here.`);
}

function printableMethod(method: string): string {
  return method.replace(/[^\x21-\x7e]/g, '?').slice(0, 20);
}

function excerpt(path: string): string {
  const printable = path.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 200 ? `${printable.slice(0, 200)}…` : printable;
}
