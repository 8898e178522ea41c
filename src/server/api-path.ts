import type { FastifyRequest } from 'fastify';

/**
 * Whether a request is for the console API. Decided by the route it matched, because the router decodes
 * the path (`/%61pi/account-groups` is the list route), and by the decoded, lower-cased path when no route
 * matched. Checks that only look at the raw URL can be walked around with an encoded letter.
 */
export function isApiRequest(request: FastifyRequest): boolean {
  const route = apiRoute(request);
  if (route !== null) return true;
  const matched = request.routeOptions.url;
  if (matched !== undefined && matched !== '*' && matched !== '/*') return false;
  return isApiPath(decodedPath(request));
}

/** The console API route a request matched (e.g. `/api/account-groups/:id`), or null. */
export function apiRoute(request: FastifyRequest): string | null {
  const route = request.routeOptions.url;
  return route !== undefined && isApiPath(route) ? route : null;
}

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

function decodedPath(request: FastifyRequest): string {
  const path = request.url.split('?', 1)[0] ?? '';
  try {
    return decodeURIComponent(path).toLowerCase();
  } catch {
    // Not decodable: judged as written.
    return path.toLowerCase();
  }
}
