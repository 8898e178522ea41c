import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import { BACKGROUND_REQUEST_HEADER } from '../../domain/sign-in-navigation';
import { isApiRequest } from '../api-path';
import { ConfigError, isLoopbackHostHeader } from '../setting-readers';
import { loopbackOnly, proxiedWithoutSignIn, unauthenticated } from './auth-problems';
import { authRoutes } from './auth-routes';
import type { AuthSettings } from './auth-settings';
import { clearSessionCookie, readSessionCookie } from './auth-cookies';
import { forwardingHeaderOf } from './forwarding-headers';
import { LoginThrottle } from './login-throttle';
import { OidcSignIn } from './oidc-sign-in';
import { plainHttpWarning } from './plain-http-warning';
import { SessionStore, type Session } from './session-store';
import './signed-in-request';
import { UsersDirectory } from './users-directory';
import { UsersFileError } from './users-file';

export interface AuthOptions {
  settings: AuthSettings;
  /** Milliseconds since the epoch; tests move it to expire sessions and wait out slow-downs. */
  now?: () => number;
}

/** Calls anyone may make: probes, and what the sign-in page needs. */
const PUBLIC_ROUTES = new Set([
  '/api/health',
  '/api/ready',
  '/api/auth/methods',
  '/api/auth/session',
  '/api/auth/login',
  '/api/auth/logout',
  '/api/auth/oidc/start',
  '/api/auth/oidc/callback',
]);

/**
 * Calls the SPA makes on a timer: they must not keep an unattended console signed in for ever. (Other
 * timed refreshes carry BACKGROUND_REQUEST_HEADER, set by the SPA when nobody has used the page lately.)
 */
const POLLING_ROUTES = new Set(['/api/status', '/api/auth/session']);

const SWEEP_INTERVAL_MS = 60_000;

/**
 * Staff sign-in for the console API. Every /api call except the public ones needs a live session, else a
 * 401 problem (state-changing calls from other sites were refused before, by the request guards). With sign-in off
 * (loopback only), the console answers only to loopback host names, so that a web page cannot reach it
 * through DNS rebinding, and refuses requests a proxy forwarded (forwarding-headers.ts).
 */
export async function registerAuth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const { settings } = options;
  const now = options.now ?? Date.now;
  await app.register(fastifyCookie);
  app.decorateRequest('signedIn', null);
  app.decorateRequest('knownCaller', false);

  if (settings.mode === 'none') {
    app.addHook('onRequest', async (request) => {
      // A proxy on this machine forwards to a loopback Host too: its own headers give it away.
      const forwarded = forwardingHeaderOf(request.headers);
      if (forwarded !== null) throw proxiedWithoutSignIn(forwarded);
      const host = request.headers.host ?? '';
      if (!isLoopbackHostHeader(host)) throw loopbackOnly(host);
      request.knownCaller = true;
    });
    authRoutes(app, { mode: 'none' });
    return;
  }

  const inClear = plainHttpWarning(settings);
  if (inClear !== null) app.log.warn({ host: settings.plainHttpHost }, inClear);

  const sessions = new SessionStore(settings.session, now);
  const throttle = new LoginThrottle(now);
  const oidc = settings.oidc === null ? null : new OidcSignIn(settings.oidc, app.log.child({ component: 'oidc' }), now);
  const users = settings.usersFile === null ? null : new UsersDirectory(settings.usersFile, app.log.child({ component: 'users-file' }));
  if (users !== null) {
    try {
      await users.load();
    } catch (error) {
      if (error instanceof UsersFileError) throw new ConfigError('AUTH_USERS_FILE', error.message);
      throw error;
    }
  }
  oidc?.warmUp();

  const sweeper = setInterval(() => {
    sessions.sweep();
    throttle.sweep();
    oidc?.sweep();
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();
  app.addHook('onClose', async () => clearInterval(sweeper));

  app.addHook('onRequest', async (request, reply) => {
    // Cross-site changes were refused before this, by the request guards (plugins/request-guards.ts).
    if (!isApiRequest(request)) return;

    const id = readSessionCookie(request);
    let session = id === undefined ? null : sessions.get(id);
    if (id !== undefined && session !== null && !(await credentialStillValid(session))) {
      // Removed from the users file, or a new password: whoever holds the old session is out.
      sessions.delete(id);
      request.log.info({ auth_event: 'session_revoked', user_id: session.user.id }, 'session ended: the user left the users file or their password changed');
      session = null;
    }
    const route = request.routeOptions.url;
    if (session !== null) {
      request.signedIn = { user: session.user, method: session.method };
      request.knownCaller = true;
      const background = request.headers[BACKGROUND_REQUEST_HEADER] === '1';
      if (!background && (route === undefined || !POLLING_ROUTES.has(route))) sessions.touch(session);
      return;
    }
    if (route !== undefined && PUBLIC_ROUTES.has(route)) return;
    if (id !== undefined) clearSessionCookie(request, reply);
    throw unauthenticated(id !== undefined);
  });

  /** A password session holds only while the users file still lists the person with the same password. */
  async function credentialStillValid(session: Session): Promise<boolean> {
    if (session.credential === null) return true;
    return users !== null && (await users.stillValid(session.user.id, session.credential));
  }

  authRoutes(app, { mode: 'required', sessions, throttle, oidc, users });
}


