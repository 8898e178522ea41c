import { AUTH_PROBLEM_TYPES } from '../../domain/auth-api';
import { PROBLEM_TYPES, type Problem } from '../../domain/problem';
import { HttpProblem } from '../http-problem';

/** A 401 that the SPA turns into a trip to the sign-in page (and back). */
export function unauthenticated(sessionEnded: boolean): HttpProblem {
  // `session_ended` is an RFC 9457 extension member: the sign-in page then says "Your session ended".
  const problem: Omit<Problem, 'request_id'> & { session_ended: boolean } = sessionEnded
    ? {
        type: PROBLEM_TYPES.unauthenticated,
        title: 'Your session ended',
        status: 401,
        detail: 'Your session ended (signed out, unused for too long, your account changed, or the console restarted). Sign in again.',
        session_ended: true,
      }
    : {
        type: PROBLEM_TYPES.unauthenticated,
        title: 'Sign in required',
        status: 401,
        detail: 'Sign in to use the console.',
        session_ended: false,
      };
  return new HttpProblem(problem);
}

export function crossSiteRequest(detail: string): HttpProblem {
  return new HttpProblem({ type: AUTH_PROBLEM_TYPES.crossSiteRequest, title: 'Cross-site request refused', status: 403, detail });
}

export function wrongCredentials(): HttpProblem {
  return new HttpProblem({
    type: AUTH_PROBLEM_TYPES.wrongCredentials,
    title: 'Wrong username or password',
    status: 401,
    detail: 'Wrong username or password.',
  });
}

export function signInSlowedDown(retryAfterMs: number): HttpProblem {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new HttpProblem(
    {
      type: AUTH_PROBLEM_TYPES.signInSlowedDown,
      title: 'Too many failed sign-ins',
      status: 429,
      detail: `Too many failed sign-ins. Wait ${seconds} seconds, then try again.`,
      retry_after_seconds: seconds,
    },
    { 'retry-after': String(seconds) },
  );
}

export function signInMethodMissing(method: string): HttpProblem {
  return new HttpProblem({
    type: PROBLEM_TYPES.notFound,
    title: 'Sign-in method not configured',
    status: 404,
    detail: `Sign-in ${method} is not configured on this console.`,
  });
}

export function loopbackOnly(host: string): HttpProblem {
  return new HttpProblem({
    type: PROBLEM_TYPES.forbidden,
    title: 'This console answers on its loopback address only',
    status: 403,
    detail:
      `The console has no sign-in configured, so it answers only when addressed as 127.0.0.1, [::1] or localhost, ` +
      `not as "${host.slice(0, 100)}". Configure sign-in to serve it under another name.`,
  });
}

export function proxiedWithoutSignIn(header: string): HttpProblem {
  return new HttpProblem({
    type: PROBLEM_TYPES.forbidden,
    title: 'This console serves this machine only',
    status: 403,
    detail:
      `The request came through a proxy (it carries ${header}), but the console has no sign-in configured, so it ` +
      'serves this machine only. To serve it through a proxy, configure sign-in and set TRUST_PROXY.',
  });
}
