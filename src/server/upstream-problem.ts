import { PROBLEM_TYPES } from '../domain/problem';
import { UpvestError } from '../upvest/upvest-error';
import { HttpProblem } from './http-problem';

/**
 * Turns a failed call to Upvest into the problem the browser gets. Upvest's own request ID travels
 * along so staff can quote it to Upvest support; Upvest's problem detail is passed on only as text
 * (it never contains our secrets: it is Upvest's answer, not our request).
 *
 * A 404 is an upstream error here like any other 4xx: only the caller knows whether "not found" is the
 * answer (one account group) or a failure (the list endpoint missing); see {@link isUpstreamNotFound}.
 */
export function problemFromUpvestError(error: UpvestError, what: string): HttpProblem {
  const upstream = {
    ...(error.requestId === undefined ? {} : { upstream_request_id: error.requestId }),
    ...(error.status === undefined ? {} : { upstream_status: error.status }),
  };
  const upstreamDetail = error.problem?.detail ?? error.problem?.title;
  const because = upstreamDetail === undefined ? '' : ` Upvest said: ${upstreamDetail}`;

  switch (error.kind) {
    case 'timeout':
      return new HttpProblem({
        type: PROBLEM_TYPES.upstreamUnavailable,
        title: 'Upvest did not answer in time',
        status: 504,
        detail: `Upvest did not answer ${what} in time after ${error.attempts} attempt(s). Try again shortly.`,
        ...upstream,
      });
    case 'aborted':
      // The console's own calls are aborted only when it stops (SIGTERM past its grace period).
      return new HttpProblem({
        type: PROBLEM_TYPES.shuttingDown,
        title: 'The console is shutting down',
        status: 503,
        detail: `The console stopped before Upvest answered ${what}; try again once it is back.`,
        ...upstream,
      });
    case 'network':
      // Covers a refused or dropped connection and an answer cut off midway: no complete answer arrived.
      return new HttpProblem({
        type: PROBLEM_TYPES.upstreamUnavailable,
        title: 'Upvest cannot be reached',
        status: 502,
        detail: `The console got no complete answer from Upvest for ${what} after ${error.attempts} attempt(s).`,
        ...upstream,
      });
    case 'invalid-response':
      return new HttpProblem({
        type: PROBLEM_TYPES.upstreamInvalidResponse,
        title: 'Upvest sent an answer the console cannot read',
        status: 502,
        detail: `Upvest's answer to ${what} was not valid: ${error.message}`,
        ...upstream,
      });
    case 'http':
      break;
  }

  const status = error.status ?? 502;
  if (status === 401 || status === 403) {
    return new HttpProblem({
      type: PROBLEM_TYPES.upstreamCredentialsRefused,
      title: "Upvest refused the console's credentials",
      status: 502,
      detail:
        `Upvest answered ${status} to ${what}. Check the console's UPVEST_API_* settings ` +
        `(client ID and secret, key ID and private key, scopes).${because}`,
      ...upstream,
    });
  }
  if (status === 429) {
    const retryAfter = error.retryAfterSeconds ?? 5;
    return new HttpProblem(
      {
        type: PROBLEM_TYPES.upstreamRateLimited,
        title: 'Upvest is rate limiting the console',
        status: 429,
        detail: `Upvest answered 429 to ${what} after ${error.attempts} attempt(s). The console retries with backoff.`,
        retry_after_seconds: retryAfter,
        ...upstream,
      },
      { 'retry-after': String(Math.ceil(retryAfter)) },
    );
  }
  return new HttpProblem({
    type: PROBLEM_TYPES.upstreamError,
    title: status >= 500 ? 'Upvest failed to answer' : 'Upvest rejected the request',
    status: status === 503 || status === 504 ? status : 502,
    detail: `Upvest answered ${status} to ${what}.${because}`,
    ...upstream,
  });
}

export function isUpstreamNotFound(error: UpvestError): boolean {
  return error.kind === 'http' && error.status === 404;
}

export function isUpvestError(error: unknown): error is UpvestError {
  return error instanceof UpvestError;
}
