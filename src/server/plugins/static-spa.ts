import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendNotFound } from './error-handler';

/**
 * Serves the built SPA (dist/) with a deep-link fallback: a browser asking for /account-groups/<id>
 * gets index.html and the SPA's router takes over. API paths and non-HTML requests get a 404 problem.
 */
export async function registerSpa(app: FastifyInstance, staticDir: string): Promise<void> {
  const root = resolve(staticDir);
  const built = existsSync(resolve(root, 'index.html'));
  if (!built) {
    app.log.warn({ staticDir: root }, 'the SPA is not built (run `npm run build`); only the API is served');
  } else {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      // npm run build writes .br and .gz copies (scripts/compress-dist.mjs): sent to browsers that accept them.
      preCompressed: true,
      setHeaders(reply, filePath) {
        // Vite fingerprints everything under assets/: cache it for good. Everything else revalidates.
        void reply.header('cache-control', filePath.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    if (built && wantsSpaPage(request)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendNotFound(request, reply);
  });
}

function wantsSpaPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?', 1)[0] ?? '';
  if (path === '/api' || path.startsWith('/api/') || path.startsWith('/assets/')) return false;
  // A path with a file extension is a missing file, not a route of the SPA.
  if (/\.[a-z0-9]+$/i.test(path)) return false;
  const accept = request.headers.accept ?? '';
  return accept === '' || accept.includes('text/html') || accept.includes('*/*');
}

