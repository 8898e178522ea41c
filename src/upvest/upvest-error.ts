import { parseRetryAfterSeconds } from './retry-policy';

/**
 * The one error type the Upvest client throws for anything that went wrong talking to Upvest.
 *
 * It carries what the console needs to answer its own problem+json (status, Upvest's request ID to
 * quote to Upvest support, Upvest's problem text, Retry-After) and nothing secret: the problem text
 * is reduced to short printable strings with the client secret and access token blanked out, and the
 * message never quotes a response body (a token response body holds the token).
 */

export type UpvestErrorKind = 'http' | 'network' | 'timeout' | 'invalid-response' | 'aborted';

export interface UpvestProblem {
  type?: string;
  title?: string;
  detail?: string;
}

export interface UpvestErrorDetails {
  kind: UpvestErrorKind;
  status?: number;
  requestId?: string;
  problem?: UpvestProblem;
  retryAfterSeconds?: number;
  attempts: number;
}

export class UpvestError extends Error {
  readonly kind: UpvestErrorKind;
  /** Upvest's HTTP status. */
  readonly status?: number;
  /** Upvest's `upvest-request-id`. */
  readonly requestId?: string;
  /** Upvest's problem body, sanitised. */
  readonly problem?: UpvestProblem;
  readonly retryAfterSeconds?: number;
  /** HTTP requests sent for the failed call (re-sends included). */
  readonly attempts: number;

  constructor(message: string, details: UpvestErrorDetails) {
    super(message);
    this.name = 'UpvestError';
    this.kind = details.kind;
    this.attempts = details.attempts;
    if (details.status !== undefined) this.status = details.status;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    if (details.problem !== undefined) this.problem = details.problem;
    if (details.retryAfterSeconds !== undefined) this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

const MAX_PROBLEM_FIELD_LENGTH = 500;

/**
 * Upvest's problem+json reduced to `type`, `title` and `detail`: strings only, control characters
 * dropped, length capped, and every secret occurrence replaced. Undefined when the body is no problem.
 */
export function sanitiseProblem(body: Uint8Array, secrets: readonly string[]): UpvestProblem | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const record = parsed as Record<string, unknown>;
  const problem: UpvestProblem = {};
  for (const field of ['type', 'title', 'detail'] as const) {
    const value = record[field];
    if (typeof value === 'string' && value.trim() !== '') problem[field] = cleanText(value, secrets);
  }
  return Object.keys(problem).length > 0 ? problem : undefined;
}

/** `request_id` from a problem body, for the rare answer without the `upvest-request-id` header. */
export function problemRequestId(body: Uint8Array): string | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const id = (parsed as Record<string, unknown>).request_id;
    return typeof id === 'string' && /^[\x21-\x7e]{1,100}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

export function cleanText(value: string, secrets: readonly string[]): string {
  let text = value;
  for (const secret of secrets) {
    // Short strings would blank out ordinary words; real secrets are long.
    if (secret.length >= 8) text = text.replaceAll(secret, '[redacted]');
  }
  // eslint-disable-next-line no-control-regex -- dropping control characters is the point of this pattern
  text = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/ {2,}/g, ' ').trim();
  return text.length > MAX_PROBLEM_FIELD_LENGTH ? `${text.slice(0, MAX_PROBLEM_FIELD_LENGTH)}…` : text;
}

export interface ErrorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Uint8Array;
  readonly requestId: string | undefined;
  readonly receivedAt: Date;
}

/** The error for an answer that is not a success, e.g. `GET /account_groups/x` answered 404. */
export function httpError(
  call: string,
  response: ErrorResponse,
  attempts: number,
  secrets: readonly string[],
): UpvestError {
  const retryAfterSeconds = parseRetryAfterSeconds(response.headers['retry-after'], response.receivedAt.getTime());
  const problem = sanitiseProblem(response.body, secrets);
  const summary = [problem?.title, problem?.detail].filter((part) => part !== undefined).join(': ');
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  return new UpvestError(`Upvest answered ${response.status} to ${call}${tries}${summary === '' ? '' : ` (${summary})`}.`, {
    kind: 'http',
    status: response.status,
    attempts,
    ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
    ...(problem === undefined ? {} : { problem }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}

/** The error for a success whose body is not what the call promises; never quotes the body. */
export function invalidResponseError(
  call: string,
  response: Pick<ErrorResponse, 'status' | 'requestId'>,
  attempts: number,
  reason: string,
): UpvestError {
  return new UpvestError(`Upvest's answer to ${call} is invalid: ${reason}.`, {
    kind: 'invalid-response',
    status: response.status,
    attempts,
    ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
  });
}
