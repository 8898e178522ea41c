import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AUTH_PROBLEM_TYPES, type AuthMethods, type AuthSession, type SignInMethod, type SignedInUser } from '../../domain/auth-api';
import { PROBLEM_TYPES, type Problem } from '../../domain/problem';
import { safeNextPath } from '../../domain/sign-in-navigation';
import { HttpProblem, invalidParameter } from '../http-problem';
import { signInMethodMissing, signInSlowedDown, unauthenticated, wrongCredentials } from './auth-problems';
import { clearPendingCookie, clearSessionCookie, readPendingCookie, readSessionCookie, setPendingCookie, setSessionCookie } from './auth-cookies';
import type { LoginThrottle } from './login-throttle';
import type { OidcSignIn } from './oidc-sign-in';
import type { SessionStore } from './session-store';
import './signed-in-request';
import type { UsersDirectory } from './users-directory';
import { normaliseUsername } from './users-file';

export type AuthRoutesOptions =
  | { mode: 'none' }
  | {
      mode: 'required';
      sessions: SessionStore;
      throttle: LoginThrottle;
      oidc: OidcSignIn | null;
      users: UsersDirectory | null;
    };

const loginBodySchema = z.object({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1024),
});

/**
 * The sign-in calls: which methods exist, who is signed in, password sign-in, the OIDC round trip, sign-out.
 */
export function authRoutes(app: FastifyInstance, options: AuthRoutesOptions): void {
  if (options.mode === 'none') {
    app.get('/api/auth/methods', async (): Promise<AuthMethods> => ({ auth: 'none' }));
    app.get('/api/auth/session', async (): Promise<AuthSession> => ({ auth: 'none' }));
    app.post('/api/auth/login', async () => {
      throw signInMethodMissing('with a password');
    });
    app.post('/api/auth/logout', async () => {
      throw signInMethodMissing('(and so sign-out)');
    });
    app.get('/api/auth/oidc/start', async () => {
      throw signInMethodMissing('with OpenID Connect');
    });
    return;
  }

  const { sessions, throttle, oidc, users } = options;

  /** A new session (a new ID, never the one the browser had: no session fixation), in the cookie. */
  const startSession = (
    request: FastifyRequest,
    reply: FastifyReply,
    user: SignedInUser,
    method: SignInMethod,
    credential: string | null,
  ): AuthSession => {
    const previous = readSessionCookie(request);
    if (previous !== undefined) sessions.delete(previous);
    const { id, session } = sessions.create(user, method, credential);
    setSessionCookie(request, reply, id);
    request.log.info({ auth_event: 'signed_in', user_id: user.id, method }, 'signed in');
    return {
      auth: 'session',
      method,
      user,
      expires_at: new Date(sessions.expiresAt(session)).toISOString(),
      absolute_expires_at: new Date(sessions.absoluteExpiresAt(session)).toISOString(),
    };
  };

  app.get('/api/auth/methods', async (): Promise<AuthMethods> => ({
    auth: 'required',
    password: users !== null,
    oidc: oidc === null ? null : { name: oidc.providerName },
  }));

  app.get('/api/auth/session', async (request, reply): Promise<AuthSession> => {
    void reply.header('cache-control', 'no-store');
    const id = readSessionCookie(request);
    const session = id === undefined ? null : sessions.get(id);
    if (session === null) throw unauthenticated(id !== undefined);
    return {
      auth: 'session',
      method: session.method,
      user: session.user,
      expires_at: new Date(sessions.expiresAt(session)).toISOString(),
      absolute_expires_at: new Date(sessions.absoluteExpiresAt(session)).toISOString(),
    };
  });

  app.post('/api/auth/login', async (request, reply): Promise<AuthSession> => {
    if (users === null) throw signInMethodMissing('with a password');
    const body = loginBodySchema.safeParse(request.body);
    if (!body.success) {
      const parameter = String(body.error.issues[0]?.path[0] ?? 'body');
      throw invalidParameter(parameter, 'Send JSON {"username": "...", "password": "..."}, both non-empty.');
    }
    const username = normaliseUsername(body.data.username);
    const attempt = throttle.tryAttempt(username, request.ip);
    if (!attempt.allowed) {
      request.log.warn({ auth_event: 'sign_in_slowed_down', retry_after_ms: attempt.retryAfterMs }, 'sign-in refused: too many failures');
      throw signInSlowedDown(attempt.retryAfterMs);
    }
    const verified = await users.verify(username, body.data.password);
    if (verified === null) {
      request.log.warn({ auth_event: 'sign_in_failed' }, 'sign-in failed: wrong username or password');
      throw wrongCredentials();
    }
    throttle.succeeded(username, request.ip);
    void reply.header('cache-control', 'no-store');
    return startSession(request, reply, verified.user, 'password', verified.credential);
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const id = readSessionCookie(request);
    if (id !== undefined) sessions.delete(id);
    clearSessionCookie(request, reply);
    if (request.signedIn) request.log.info({ auth_event: 'signed_out', user_id: request.signedIn.user.id }, 'signed out');
    return { signed_out: true };
  });

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/api/auth/oidc/start', async (request, reply) => {
    if (oidc === null) throw signInMethodMissing('with OpenID Connect');
    const next = safeNextPath(single(request.query.next));
    let begun: Awaited<ReturnType<OidcSignIn['begin']>>;
    try {
      begun = await oidc.begin(next, { forceLogin: single(request.query.prompt) === 'login' });
    } catch {
      return answerFailure(request, reply, {
        error: 'unavailable',
        status: 502,
        detail: 'The identity provider could not be reached. Try again shortly.',
        next,
      });
    }
    setPendingCookie(request, reply, begun.pendingId);
    return reply.header('cache-control', 'no-store').redirect(begun.authorizationUrl.href, 302);
  });

  app.get(
    '/api/auth/oidc/callback',
    {
      // The query holds the authorization code and state: keep it out of the request log.
      logSerializers: {
        req: (request: FastifyRequest) => ({
          method: request.method,
          url: `${request.url.split('?', 1)[0] ?? ''}?[redacted]`,
          remoteAddress: request.ip,
        }),
      },
    },
    async (request, reply) => {
      if (oidc === null) throw signInMethodMissing('with OpenID Connect');
      const queryStart = request.url.indexOf('?');
      const query = new URLSearchParams(queryStart === -1 ? '' : request.url.slice(queryStart + 1));
      const outcome = await oidc.finish(readPendingCookie(request), query);
      clearPendingCookie(request, reply);
      void reply.header('cache-control', 'no-store');
      if (!outcome.ok) return answerFailure(request, reply, outcome);
      const session = startSession(request, reply, outcome.user, 'oidc', null);
      if (wantsHtml(request)) return reply.redirect(outcome.next, 303);
      return { ...session, next: outcome.next };
    },
  );
}

/**
 * A browser is sent to the sign-in page, which words the error from its code; anything else gets the
 * problem+json (403 for a refused person, 400 for a failed check, 502 for an unreachable provider).
 */
function answerFailure(
  request: FastifyRequest,
  reply: FastifyReply,
  failure: { error: string; status: number; detail: string; next: string },
): FastifyReply {
  if (wantsHtml(request)) {
    const params = new URLSearchParams({ error: failure.error, next: failure.next });
    return reply.redirect(`/login?${params.toString()}`, 303);
  }
  const type =
    failure.status === 403
      ? PROBLEM_TYPES.forbidden
      : failure.status === 502
        ? AUTH_PROBLEM_TYPES.identityProviderUnavailable
        : AUTH_PROBLEM_TYPES.signInFailed;
  // `sign_in_error` (an extension member) is the same code the sign-in page gets.
  const problem: Omit<Problem, 'request_id'> & { sign_in_error: string } = {
    type,
    title: failure.status === 403 ? 'Not allowed to use this console' : 'Sign-in failed',
    status: failure.status,
    detail: failure.detail,
    sign_in_error: failure.error,
  };
  throw new HttpProblem(problem);
}

function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
