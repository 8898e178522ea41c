import { expect } from 'vitest';
import type { AccountGroup } from '../../domain/account-group';
import type { Problem } from '../../domain/problem';
import type { ApiAnswer, Harness } from './console-harness';

/** Assertions several server tests share. */

export function byId(groups: Iterable<AccountGroup>): AccountGroup[] {
  return [...groups].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The mirror holds exactly the sandbox's groups, field for field. */
export function expectMirrorEqualsSandbox(harness: Harness): void {
  expect(byId(harness.console.mirror.store.all())).toEqual(byId(harness.sandbox.control.groups()));
}

/**
 * A well-formed problem+json answer: the status on the wire and in the body agree, the console's own
 * request ID is in the body and in `x-request-id`, and the fields a client relies on are present.
 */
export function expectProblem(answer: ApiAnswer, expected: Partial<Problem> & { status: number }): Problem {
  expect(answer.status, answer.text).toBe(expected.status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = answer.body as Problem;
  expect(problem).toMatchObject(expected);
  expect(typeof problem.title).toBe('string');
  expect(typeof problem.detail).toBe('string');
  expect(problem.request_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(problem.request_id).toBe(answer.headers.get('x-request-id'));
  return problem;
}
