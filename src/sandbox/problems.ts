/**
 * Upvest-style problem+json errors ({type, status, title, detail, request_id}). Handlers throw a
 * SandboxProblem; the central error handler turns it into the response. Details never contain a
 * secret (client secret, token, signature value).
 */

export const PROBLEM_TYPE_BASE = 'https://sandbox.upvest.invalid/problems/';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : status >= 400 ? 'Client Error' : 'Status');
}

export class SandboxProblem extends Error {
  override name = 'SandboxProblem';

  constructor(
    readonly status: number,
    /** Short slug of the problem type, e.g. `invalid-signature`. */
    readonly slug: string,
    readonly detail: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
  }
}

export interface ProblemBody {
  readonly type: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly request_id: string;
}

export function problemBody(status: number, slug: string, detail: string, requestId: string): ProblemBody {
  return { type: PROBLEM_TYPE_BASE + slug, status, title: titleFor(status), detail, request_id: requestId };
}
