import { describe, expect, it } from 'vitest';
import { httpError, problemRequestId, sanitiseProblem } from './upvest-error';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

describe('Upvest problem handling', () => {
  it('keeps type, title and detail as short printable text with secrets blanked out', () => {
    const problem = sanitiseProblem(
      json({ type: 'about:blank', title: 'Bad\u0000 request\n', detail: `token ory_at_secret-value rejected ${'x'.repeat(600)}`, status: 400, extra: 'x' }),
      ['ory_at_secret-value', 'short'],
    );
    expect(problem?.type).toBe('about:blank');
    expect(problem?.title).toBe('Bad request');
    expect(problem?.detail?.startsWith('token [redacted] rejected')).toBe(true);
    expect(problem?.detail?.length).toBe(501);
    expect(problem).not.toHaveProperty('extra');
  });

  it.each([['not json'], ['[1,2]'], ['{"title": 42}'], ['']])('finds no problem in %j', (body) => {
    expect(sanitiseProblem(Buffer.from(body), [])).toBeUndefined();
  });

  it('falls back to the request_id of the body', () => {
    expect(problemRequestId(json({ request_id: 'abc-123' }))).toBe('abc-123');
    expect(problemRequestId(json({ request_id: 'has spaces' }))).toBeUndefined();
    expect(problemRequestId(Buffer.from('nope'))).toBeUndefined();
  });

  it('builds an http error carrying status, request ID, problem and Retry-After', () => {
    const error = httpError(
      'GET /account_groups',
      {
        status: 429,
        headers: { 'retry-after': '12' },
        body: json({ title: 'Too Many Requests', detail: 'slow down' }),
        requestId: 'rid',
        receivedAt: new Date(0),
      },
      4,
      [],
    );
    expect(error).toMatchObject({ kind: 'http', status: 429, requestId: 'rid', retryAfterSeconds: 12, attempts: 4 });
    expect(error.message).toBe('Upvest answered 429 to GET /account_groups after 4 attempts (Too Many Requests: slow down).');
  });
});
