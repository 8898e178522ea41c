import { z } from 'zod';
import { parseJsonBody } from './response-body';
import type { Exchange, UpstreamRequest } from './signed-transport';
import { httpError, invalidResponseError } from './upvest-error';

/**
 * The OAuth2 client-credentials token (API.md, "Access token"): fetched with a signed
 * `POST /auth/token`, reused until shortly before it expires, and fetched by one request at a time
 * however many callers need it at once. The token and the client secret live in private fields and
 * never reach a log line or an error message.
 */

export interface TokenGrant {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
}

/** Fetches a new token; rejects with an UpvestError. */
export type TokenRequester = () => Promise<TokenGrant>;

interface CachedToken {
  readonly value: string;
  /** Unix ms from which the token counts as used up. */
  readonly refreshAtMs: number;
}

/** A token is renewed this long before it expires: 10 % of its lifetime, at most a minute. */
export function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(60_000, lifetimeMs * 0.1);
}

export class TokenProvider {
  readonly #requestToken: TokenRequester;
  readonly #now: () => number;
  #current: CachedToken | undefined;
  #pending: Promise<string> | undefined;

  constructor(requestToken: TokenRequester, now: () => number) {
    this.#requestToken = requestToken;
    this.#now = now;
  }

  /**
   * The current token, or the one being fetched, or a new one. An aborting caller stops waiting; the
   * fetch itself goes on for the others.
   */
  getToken(signal?: AbortSignal): Promise<string> {
    const current = this.#current;
    if (current !== undefined && this.#now() < current.refreshAtMs) return Promise.resolve(current.value);
    this.#pending ??= this.#fetch();
    return signal === undefined ? this.#pending : untilAborted(this.#pending, signal);
  }

  /**
   * Drops `token` if it is still the current one. Callers that all saw a 401 for the same token
   * therefore cause one refetch: the first drops it, the others find a newer token or the fetch.
   */
  invalidate(token: string): void {
    if (this.#current?.value === token) this.#current = undefined;
  }

  async #fetch(): Promise<string> {
    // Measured before the request: the token's lifetime starts no later than Upvest's answer.
    const requestedAt = this.#now();
    try {
      const grant = await this.#requestToken();
      const lifetimeMs = grant.expiresInSeconds * 1000;
      this.#current = { value: grant.accessToken, refreshAtMs: requestedAt + lifetimeMs - refreshMarginMs(lifetimeMs) };
      return grant.accessToken;
    } finally {
      this.#pending = undefined;
    }
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('Aborted while waiting for an access token.');
}

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Sent space-separated; API.md: the console needs only `accounts:read`. */
  readonly scopes: readonly string[];
}

export const TOKEN_PATH = '/auth/token';

const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  // Optional in OAuth2 responses; when present it must be a bearer token, the only kind we can send.
  token_type: z
    .string()
    .refine((type) => type.toLowerCase() === 'bearer')
    .optional(),
});

/**
 * The signed client-credentials request: form body `client_id`, `client_secret`,
 * `grant_type=client_credentials`, `scope`, and no `authorization` header.
 */
export function clientCredentialsRequester(
  exchange: (request: UpstreamRequest, signal?: AbortSignal) => Promise<Exchange>,
  credentials: ClientCredentials,
  signal?: AbortSignal,
): TokenRequester {
  const secret = credentials.clientSecret;
  return async () => {
    const body = Buffer.from(
      new URLSearchParams({
        client_id: credentials.clientId,
        client_secret: secret,
        grant_type: 'client_credentials',
        scope: credentials.scopes.join(' '),
      }).toString(),
      'utf8',
    );
    const request: UpstreamRequest = {
      method: 'POST',
      path: TOKEN_PATH,
      query: '',
      headers: {
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
        'upvest-api-version': '1',
        'upvest-client-id': credentials.clientId,
        'content-length': String(body.byteLength),
      },
      body,
      isTokenRequest: true,
    };
    const call = `POST ${TOKEN_PATH}`;
    const { response, attempts } = await exchange(request, signal);
    if (response.status < 200 || response.status > 299) {
      throw httpError(call, response, attempts, [secret]);
    }
    const parsed = parseJsonBody(response.body, tokenResponseSchema);
    if (!parsed.ok) throw invalidResponseError(call, response, attempts, parsed.reason);
    return { accessToken: parsed.data.access_token, expiresInSeconds: parsed.data.expires_in };
  };
}
