import { PROBLEM_TYPES, type Problem } from '../domain/problem';

/**
 * An error that already knows the problem+json it should become. Routes and plugins throw these;
 * the central error handler (plugins/error-handler.ts) adds the request IDs and sends them.
 */
export class HttpProblem extends Error {
  constructor(
    readonly problem: Omit<Problem, 'request_id'>,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'HttpProblem';
  }

  get statusCode(): number {
    return this.problem.status;
  }
}

export function invalidParameter(parameter: string, detail: string): HttpProblem {
  return new HttpProblem({
    type: PROBLEM_TYPES.invalidParameter,
    title: 'Invalid parameter',
    status: 400,
    detail,
    parameter,
  });
}

export function notFound(detail: string): HttpProblem {
  return new HttpProblem({ type: PROBLEM_TYPES.notFound, title: 'Not found', status: 404, detail });
}
