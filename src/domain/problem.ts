import { z } from 'zod/mini';

/**
 * RFC 9457 problem details (extension members this console does not know are dropped on parse), as the console API answers every error.
 *
 * `request_id` is the console's own request ID; `upstream_request_id` is Upvest's `upvest-request-id`
 * when Upvest answered, so that staff can quote it to Upvest support. `parameter` names the offending
 * query parameter of a 400.
 */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.optional(z.string()),
  instance: z.optional(z.string()),
  request_id: z.optional(z.string()),
  upstream_request_id: z.optional(z.string()),
  upstream_status: z.optional(z.int()),
  parameter: z.optional(z.string()),
  retry_after_seconds: z.optional(z.number()),
});
export type Problem = z.infer<typeof problemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * The console's problem types. Clients branch on these, never on titles or details.
 * Relative URIs: they identify the problem within this console (RFC 9457 allows URI references).
 */
export const PROBLEM_TYPES = {
  invalidParameter: '/problems/invalid-parameter',
  /** A request the console cannot take at all (malformed, not a path, no Host), beyond one bad parameter. */
  badRequest: '/problems/bad-request',
  requestTimeout: '/problems/request-timeout',
  notFound: '/problems/not-found',
  methodNotAllowed: '/problems/method-not-allowed',
  rateLimited: '/problems/rate-limited',
  unauthenticated: '/problems/unauthenticated',
  forbidden: '/problems/forbidden',
  /** Upvest refused the console's own credentials (401/403 upstream). */
  upstreamCredentialsRefused: '/problems/upstream-credentials-refused',
  /** Upvest rate-limited the console (429 upstream) after our own retries. */
  upstreamRateLimited: '/problems/upstream-rate-limited',
  /** Upvest answered an error we pass on (4xx other than the above, 5xx). */
  upstreamError: '/problems/upstream-error',
  /** Upvest could not be reached or did not answer in time. */
  upstreamUnavailable: '/problems/upstream-unavailable',
  /** Upvest answered something we could not parse. */
  upstreamInvalidResponse: '/problems/upstream-invalid-response',
  /** `/api/ready` to a caller the console does not know: not ready, with no detail of why. */
  notReady: '/problems/not-ready',
  /** The mirror cannot answer yet (first sync has not loaded anything). */
  mirrorNotReady: '/problems/mirror-not-ready',
  /** Body (413) or request line and headers (431) larger than the console accepts. */
  payloadTooLarge: '/problems/payload-too-large',
  /** The console is stopping: in-flight requests finish, new ones are refused. */
  shuttingDown: '/problems/shutting-down',
  internal: '/problems/internal',
} as const;
export type ProblemType = (typeof PROBLEM_TYPES)[keyof typeof PROBLEM_TYPES];
