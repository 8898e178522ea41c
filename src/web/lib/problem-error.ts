import { PROBLEM_TYPES, type Problem } from '../../domain/problem';

/**
 * The console server answered with a problem (or with something we turned into one). Components
 * branch on `problem.type`, never on titles or details.
 */
export class ProblemError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ProblemError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  get type(): string {
    return this.problem.type;
  }
}

/** The request never got an answer: offline, DNS, connection refused or reset. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('The console server could not be reached.', { cause });
    this.name = 'NetworkError';
  }
}

/** Problem types the SPA itself produces when an answer cannot be used. */
export const CLIENT_PROBLEM_TYPES = {
  invalidResponse: '/problems/client/invalid-response',
  unexpectedResponse: '/problems/client/unexpected-response',
} as const;

export function isProblemError(error: unknown): error is ProblemError {
  return error instanceof ProblemError;
}

export function isProblemOfType(error: unknown, type: string): error is ProblemError {
  return error instanceof ProblemError && error.type === type;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ProblemError && (error.status === 404 || error.type === PROBLEM_TYPES.notFound);
}

export function isRateLimited(error: unknown): error is ProblemError {
  return isProblemOfType(error, PROBLEM_TYPES.upstreamRateLimited);
}

/** A 400 whose offending parameter is the search term: shown under the search box, not as a page error. */
export function isInvalidSearch(error: unknown): error is ProblemError {
  return error instanceof ProblemError && error.status === 400 && error.problem.parameter === 'q';
}

export function isNetworkError(error: unknown): error is NetworkError {
  return error instanceof NetworkError;
}
