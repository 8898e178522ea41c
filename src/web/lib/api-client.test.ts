import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { PROBLEM_TYPES } from '../../domain/problem';
import { problemResponse } from '../testing/handlers';
import { server } from '../testing/msw-server';
import { browserNavigation, requestJson } from './api-client';
import { CLIENT_PROBLEM_TYPES, NetworkError, ProblemError } from './problem-error';
import { QUIET_AFTER_MS } from './user-activity';

const thing = z.object({ name: z.string() });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

afterEach(() => window.history.replaceState(null, '', '/'));

describe('requestJson', () => {
  it('returns the answer parsed by its schema', async () => {
    server.use(http.get('/api/thing', () => HttpResponse.json({ name: 'a', extra: 1 })));
    await expect(requestJson('/api/thing', thing)).resolves.toEqual({ name: 'a' });
  });

  it('turns an answer of the wrong shape into a problem naming the field', async () => {
    server.use(http.get('/api/thing', () => HttpResponse.json({ name: 42 })));
    const error = await failure(requestJson('/api/thing', thing));
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).type).toBe(CLIENT_PROBLEM_TYPES.invalidResponse);
    expect((error as ProblemError).problem.detail).toMatch(/at name/);
  });

  it('turns an answer that is not JSON into a problem', async () => {
    server.use(http.get('/api/thing', () => new HttpResponse('<html>', { headers: { 'content-type': 'text/html' } })));
    const error = await failure(requestJson('/api/thing', thing));
    expect((error as ProblemError).problem.detail).toBe('The answer was not valid JSON.');
  });

  it('carries the problem+json of an error answer', async () => {
    server.use(
      http.get('/api/thing', () =>
        problemResponse({
          type: PROBLEM_TYPES.upstreamError,
          title: 'Upvest answered with an error',
          status: 502,
          request_id: 'c-1',
          upstream_request_id: 'u-1',
        }),
      ),
    );
    const error = await failure(requestJson('/api/thing', thing));
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).problem).toMatchObject({ status: 502, request_id: 'c-1', upstream_request_id: 'u-1' });
  });

  it('makes a problem of an error answer without problem+json', async () => {
    server.use(http.get('/api/thing', () => new HttpResponse('Bad gateway', { status: 502, statusText: 'Bad Gateway' })));
    const error = await failure(requestJson('/api/thing', thing));
    expect((error as ProblemError).problem).toMatchObject({
      type: CLIENT_PROBLEM_TYPES.unexpectedResponse,
      title: 'HTTP 502 Bad Gateway',
      status: 502,
    });
  });

  it('sends the user to sign in, back to where they were, on an unauthenticated problem', async () => {
    const assign = vi.spyOn(browserNavigation, 'assign').mockImplementation(() => undefined);
    window.history.replaceState(null, '', '/account-groups/abc?status=LOCKED');
    server.use(
      http.get('/api/thing', () =>
        problemResponse({ type: PROBLEM_TYPES.unauthenticated, title: 'Sign in required', status: 401 }),
      ),
    );
    await failure(requestJson('/api/thing', thing));
    expect(assign).toHaveBeenCalledWith('/login?next=%2Faccount-groups%2Fabc%3Fstatus%3DLOCKED');
  });

  it('tells the sign-in page when a session the browser held has ended', async () => {
    const assign = vi.spyOn(browserNavigation, 'assign').mockImplementation(() => undefined);
    window.history.replaceState(null, '', '/account-groups?q=abc');
    server.use(
      http.get('/api/thing', () =>
        new HttpResponse(
          JSON.stringify({ type: PROBLEM_TYPES.unauthenticated, title: 'Your session ended', status: 401, session_ended: true }),
          { status: 401, headers: { 'content-type': 'application/problem+json' } },
        ),
      ),
    );
    await failure(requestJson('/api/thing', thing));
    expect(assign).toHaveBeenCalledWith('/login?next=%2Faccount-groups%3Fq%3Dabc&reason=session-ended');
  });

  it('stays put on the sign-in page itself', async () => {
    const assign = vi.spyOn(browserNavigation, 'assign').mockImplementation(() => undefined);
    window.history.replaceState(null, '', '/login?next=%2Fx');
    server.use(
      http.get('/api/thing', () => problemResponse({ type: PROBLEM_TYPES.unauthenticated, title: 'Sign in required', status: 401 })),
    );
    await failure(requestJson('/api/thing', thing));
    expect(assign).not.toHaveBeenCalled();
  });

  it('sends a JSON body when given one', async () => {
    let received: { type: string | null; body: unknown } | null = null;
    server.use(
      http.post('/api/thing', async ({ request }) => {
        received = { type: request.headers.get('content-type'), body: await request.json() };
        return HttpResponse.json({ name: 'ok' });
      }),
    );
    await requestJson('/api/thing', thing, { method: 'POST', json: { a: 1 } });
    expect(received).toEqual({ type: 'application/json', body: { a: 1 } });
  });

  it('marks the calls of a page nobody has used for a while as background, so they do not keep the session alive', async () => {
    const seen: (string | null)[] = [];
    server.use(
      http.get('/api/thing', ({ request }) => {
        seen.push(request.headers.get('x-console-background'));
        return HttpResponse.json({ name: 'ok' });
      }),
    );
    vi.useFakeTimers({ toFake: ['Date'] });
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'j' }));
    await requestJson('/api/thing', thing);
    vi.setSystemTime(Date.now() + QUIET_AFTER_MS + 1000);
    await requestJson('/api/thing', thing);
    window.dispatchEvent(new Event('pointerdown'));
    await requestJson('/api/thing', thing);
    expect(seen).toEqual([null, '1', null]);
  });

  it('does not redirect for other 401 problems', async () => {
    const assign = vi.spyOn(browserNavigation, 'assign').mockImplementation(() => undefined);
    server.use(
      http.get('/api/thing', () =>
        problemResponse({ type: PROBLEM_TYPES.upstreamCredentialsRefused, title: 'Refused', status: 401 }),
      ),
    );
    await failure(requestJson('/api/thing', thing));
    expect(assign).not.toHaveBeenCalled();
  });

  it('reports a request that got no answer as a NetworkError', async () => {
    server.use(http.get('/api/thing', () => HttpResponse.error()));
    expect(await failure(requestJson('/api/thing', thing))).toBeInstanceOf(NetworkError);
  });

  it('lets an abort through as it is', async () => {
    server.use(http.get('/api/thing', () => new Promise<never>(() => undefined)));
    const controller = new AbortController();
    const pending = requestJson('/api/thing', thing, { signal: controller.signal });
    controller.abort();
    const error = await failure(pending);
    expect(error).not.toBeInstanceOf(NetworkError);
    expect((error as Error).name).toBe('AbortError');
  });

  it('sends POST when asked', async () => {
    server.use(http.post('/api/thing', () => HttpResponse.json({ name: 'posted' })));
    await expect(requestJson('/api/thing', thing, { method: 'POST' })).resolves.toEqual({ name: 'posted' });
  });
});
