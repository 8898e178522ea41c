import type { z } from 'zod/mini';
import { BACKGROUND_REQUEST_HEADER, SESSION_ENDED_REASON } from '../../domain/sign-in-navigation';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, problemSchema, type Problem } from '../../domain/problem';
import { CLIENT_PROBLEM_TYPES, NetworkError, ProblemError } from './problem-error';
import { isPageUnattended } from './user-activity';

/**
 * The one way the SPA talks to the console server: every answer is parsed with its domain schema,
 * every error becomes a typed `ProblemError` (or `NetworkError` when nothing answered).
 */

/** Indirection over `window.location` so tests can observe the sign-in redirect (jsdom cannot navigate). */
export const browserNavigation = {
  assign(url: string): void {
    window.location.assign(url);
  },
};

export const LOGIN_PATH = '/login';

export interface RequestOptions {
  method?: 'GET' | 'POST';
  signal?: AbortSignal;
  /** Sent as the JSON body. */
  json?: unknown;
}


/** `/api/...` plus a query string when there is one. */
export function apiPath(path: string, params?: URLSearchParams): string {
  const query = params?.toString() ?? '';
  return query === '' ? path : `${path}?${query}`;
}

export async function requestJson<T>(path: string, schema: z.ZodMiniType<T>, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (!response.ok) throw await problemFrom(response);
  const body = await readJson(response);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new ProblemError({
      type: CLIENT_PROBLEM_TYPES.invalidResponse,
      title: 'The console server sent an answer this console cannot read',
      status: response.status,
      detail: `${issue?.message ?? 'Invalid answer'}${where} (${path}).`,
      ...requestIdOf(response),
    });
  }
  return parsed.data;
}

async function send(path: string, { method = 'GET', signal, json }: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: `application/json, ${PROBLEM_CONTENT_TYPE}` };
  if (json !== undefined) headers['content-type'] = 'application/json';
  if (isPageUnattended()) headers[BACKGROUND_REQUEST_HEADER] = '1';
  try {
    return await fetch(path, {
      method,
      signal: signal ?? null,
      credentials: 'same-origin',
      headers,
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  } catch (error) {
    // An abort is react-query cancelling a request nobody needs any more: let it through untouched.
    if (signal?.aborted) throw error;
    throw new NetworkError(error);
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    throw new ProblemError({
      type: CLIENT_PROBLEM_TYPES.invalidResponse,
      title: 'The console server sent an answer this console cannot read',
      status: response.status,
      detail: 'The answer was not valid JSON.',
      ...requestIdOf(response),
    });
  }
}

async function problemFrom(response: Response): Promise<ProblemError> {
  const read = await readProblem(response);
  const problem = read?.problem ?? fallbackProblem(response);
  if (problem.status === 401 && problem.type === PROBLEM_TYPES.unauthenticated) {
    redirectToLogin(read?.raw.session_ended === true);
  }
  return new ProblemError(problem);
}

/** The problem, and the raw body for extension members the domain schema drops (`session_ended`). */
async function readProblem(response: Response): Promise<{ problem: Problem; raw: Record<string, unknown> } | null> {
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.includes('json')) return null;
  try {
    const raw: unknown = await response.json();
    const parsed = problemSchema.safeParse(raw);
    return parsed.success ? { problem: parsed.data, raw: raw as Record<string, unknown> } : null;
  } catch {
    return null;
  }
}

function fallbackProblem(response: Response): Problem {
  return {
    type: CLIENT_PROBLEM_TYPES.unexpectedResponse,
    title: response.statusText === '' ? `HTTP ${response.status}` : `HTTP ${response.status} ${response.statusText}`,
    status: response.status,
    detail: 'The console server answered with an error that carries no details.',
    ...requestIdOf(response),
  };
}

function requestIdOf(response: Response): { request_id?: string } {
  const id = response.headers.get('x-request-id') ?? response.headers.get('request-id');
  return id === null ? {} : { request_id: id };
}

function redirectToLogin(sessionEnded: boolean): void {
  const { pathname, search } = window.location;
  if (pathname === LOGIN_PATH) return;
  // The server knows whether the browser still held a session: if so, the sign-in page says it ended.
  const reason = sessionEnded ? `&reason=${SESSION_ENDED_REASON}` : '';
  browserNavigation.assign(`${LOGIN_PATH}?next=${encodeURIComponent(pathname + search)}${reason}`);
}
