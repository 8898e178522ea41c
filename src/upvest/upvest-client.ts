import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { z } from 'zod/mini';
import {
  accountGroupSchema,
  upvestAccountGroupListSchema,
  type AccountGroup,
  type UpvestAccountGroupList,
} from '../domain/account-group';
import type { SigningKey } from './private-key';
import {
  accountGroupsTarget,
  accountGroupTarget,
  userAccountGroupsTarget,
  type ListParams,
  type RequestTarget,
} from './request-targets';
import { parseJsonBody } from './response-body';
import { RetryBudget, type RetryBudgetOptions } from './retry-budget';
import { resolveRetryPolicy, type RetryPolicy } from './retry-policy';
import { abortedByTimeout, SignedTransport, type TransportStats, type UpstreamRequest } from './signed-transport';
import { clientCredentialsRequester, TokenProvider } from './token-provider';
import { httpError, invalidResponseError, UpvestError } from './upvest-error';
import { silentLogger, type UpvestLogger } from './upvest-logger';

export type { ListParams } from './request-targets';
export type { UpvestLogger } from './upvest-logger';

/**
 * The console's only way to Upvest: the three account-group calls of API version 1, each signed,
 * authorised with a cached client-credentials token, bounded in concurrency, retried when that is
 * safe, and parsed with the domain schemas.
 */

export interface UpvestClientConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Default `['accounts:read']`. */
  scopes?: readonly string[];
  key: SigningKey;
  /** expires − created of each signature; default 30. */
  signatureTtlSeconds?: number;
  /** Requests in flight towards Upvest, token requests included; default 8, callers beyond wait in order. */
  maxConcurrency?: number;
  /** undici Pool connections; default 16. */
  connections?: number;
  /** Defaults 5000 / 15000 / 30000. */
  timeouts?: { connectMs?: number; headersMs?: number; bodyMs?: number };
  /** Defaults 4 / 200 / 5000. */
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Re-sends as a share of calls, see retry-budget.ts; defaults 0.2 / 1 per second / 20. */
  retryBudget?: RetryBudgetOptions;
  /**
   * Most time one call may take in all: waiting for a token and a slot, every attempt and every backoff;
   * default 30000. Without it a hanging Upvest holds a request for attempts × timeouts (about a minute).
   */
  deadlineMs?: number;
  /** Unix ms; signatures, token expiry, Retry-After dates and `receivedAt` use it. */
  now?: () => number;
  /** In [0, 1); backoff jitter. */
  random?: () => number;
  nonce?: () => string;
  /** Waits between retries; rejects when the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  logger?: UpvestLogger;
}

export interface UpvestResult<T> {
  data: T;
  status: number;
  /** Upvest's `upvest-request-id`. */
  requestId: string | undefined;
  receivedAt: Date;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export type UpvestClientStats = TransportStats;

const DEFAULTS = {
  scopes: ['accounts:read'],
  signatureTtlSeconds: 30,
  maxConcurrency: 8,
  connections: 16,
  timeouts: { connectMs: 5000, headersMs: 15_000, bodyMs: 30_000 },
  deadlineMs: 30_000,
} as const;

/** A page of 1000 groups is well under 1 MB; anything near this is not an account-group answer. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export class UpvestClient {
  readonly #transport: SignedTransport;
  readonly #tokens: TokenProvider;
  readonly #clientId: string;
  readonly #clientSecret: string;
  readonly #deadlineMs: number;
  /** Aborted by close(): stops retries, waits and queued calls. */
  readonly #closing = new AbortController();
  #closed: Promise<void> | undefined;

  constructor(config: UpvestClientConfig) {
    // Every waiting call listens on this signal; hundreds of them are normal, not a leak.
    setMaxListeners(0, this.#closing.signal);
    const baseUrl = parseBaseUrl(config.baseUrl);
    this.#clientId = requireText(config.clientId, 'clientId');
    this.#clientSecret = requireText(config.clientSecret, 'clientSecret');
    const scopes = parseScopes(config.scopes ?? DEFAULTS.scopes);
    const retry: RetryPolicy = resolveRetryPolicy(config.retry);
    this.#deadlineMs = positiveInteger(config.deadlineMs ?? DEFAULTS.deadlineMs, 'deadlineMs');
    const logger = config.logger ?? silentLogger;
    if (baseUrl.protocol === 'http:' && !isLoopback(baseUrl.hostname)) {
      logger.warn({ baseUrl: baseUrl.origin }, 'Upvest base URL is plain http: credentials travel unencrypted');
    }

    this.#transport = new SignedTransport({
      baseUrl,
      key: config.key,
      signatureTtlSeconds: positiveInteger(config.signatureTtlSeconds ?? DEFAULTS.signatureTtlSeconds, 'signatureTtlSeconds'),
      maxConcurrency: positiveInteger(config.maxConcurrency ?? DEFAULTS.maxConcurrency, 'maxConcurrency'),
      connections: positiveInteger(config.connections ?? DEFAULTS.connections, 'connections'),
      timeouts: {
        connectMs: positiveInteger(config.timeouts?.connectMs ?? DEFAULTS.timeouts.connectMs, 'timeouts.connectMs'),
        headersMs: positiveInteger(config.timeouts?.headersMs ?? DEFAULTS.timeouts.headersMs, 'timeouts.headersMs'),
        bodyMs: positiveInteger(config.timeouts?.bodyMs ?? DEFAULTS.timeouts.bodyMs, 'timeouts.bodyMs'),
      },
      retry,
      retryBudget: new RetryBudget(config.retryBudget),
      maxResponseBytes: MAX_RESPONSE_BYTES,
      now: config.now ?? Date.now,
      random: config.random ?? Math.random,
      nonce: config.nonce ?? randomUUID,
      sleep: config.sleep ?? ((ms, signal) => delay(ms, undefined, { signal })),
      logger,
    });
    const transport = this.#transport;
    this.#tokens = new TokenProvider(
      clientCredentialsRequester(
        (request, signal) => transport.exchange(request, signal),
        { clientId: this.#clientId, clientSecret: this.#clientSecret, scopes },
        this.#closing.signal,
      ),
      config.now ?? Date.now,
    );
  }

  /** `GET /account_groups`. */
  listAccountGroups(params: ListParams, options: CallOptions = {}): Promise<UpvestResult<UpvestAccountGroupList>> {
    return this.#call(() => accountGroupsTarget(params), upvestAccountGroupListSchema, options);
  }

  /** `GET /account_groups/{id}`; a 404 is an UpvestError with status 404. */
  getAccountGroup(id: string, options: CallOptions = {}): Promise<UpvestResult<AccountGroup>> {
    return this.#call(() => accountGroupTarget(id), accountGroupSchema, options);
  }

  /** `GET /users/{user_id}/account_groups`. */
  listUserAccountGroups(
    userId: string,
    params: ListParams,
    options: CallOptions = {},
  ): Promise<UpvestResult<UpvestAccountGroupList>> {
    return this.#call(() => userAccountGroupsTarget(userId, params), upvestAccountGroupListSchema, options);
  }

  /** Obtains (or reuses) a token; rejects with an UpvestError when Upvest refuses or cannot be reached. */
  async checkAccess(): Promise<void> {
    this.#ensureOpen();
    await this.#tokens.getToken(this.#closing.signal);
  }

  stats(): UpvestClientStats {
    return this.#transport.stats();
  }

  /** Rejects queued and later calls, stops retries and waits for requests in flight. */
  close(): Promise<void> {
    if (this.#closed === undefined) {
      this.#closing.abort(new Error('The Upvest client is closed.'));
      this.#closed = this.#transport.close();
    }
    return this.#closed;
  }

  async #call<S extends z.ZodMiniType>(
    buildTarget: () => RequestTarget,
    schema: S,
    options: CallOptions,
  ): Promise<UpvestResult<z.output<S>>> {
    this.#ensureOpen();
    const target = buildTarget();
    const call = `GET ${target.path}`;
    const deadlineAt = performance.now() + this.#deadlineMs;
    const sources = [this.#closing.signal, AbortSignal.timeout(this.#deadlineMs)];
    const signal = AbortSignal.any(options.signal === undefined ? sources : [options.signal, ...sources]);

    let token = await this.#token(signal, call);
    let { response, attempts } = await this.#transport.exchange(this.#apiRequest(target, token), signal, 0, deadlineAt);
    if (response.status === 401) {
      // The token may have been revoked or have expired early: one more try with a fresh one.
      this.#tokens.invalidate(token);
      token = await this.#token(signal, call);
      this.#transport.countRetry();
      ({ response, attempts } = await this.#transport.exchange(this.#apiRequest(target, token), signal, attempts, deadlineAt));
    }
    if (response.status < 200 || response.status > 299) {
      throw httpError(call, response, attempts, [this.#clientSecret, token]);
    }
    const parsed = parseJsonBody(response.body, schema);
    if (!parsed.ok) throw invalidResponseError(call, response, attempts, parsed.reason);
    return { data: parsed.data, status: response.status, requestId: response.requestId, receivedAt: response.receivedAt };
  }

  async #token(signal: AbortSignal, call: string): Promise<string> {
    try {
      return await this.#tokens.getToken(signal);
    } catch (error) {
      if (error instanceof UpvestError) throw error;
      if (abortedByTimeout(signal)) {
        throw new UpvestError(`${call} ran out of time while waiting for an access token.`, { kind: 'timeout', attempts: 0 });
      }
      throw new UpvestError(`${call} was aborted while waiting for an access token.`, { kind: 'aborted', attempts: 0 });
    }
  }

  #apiRequest(target: RequestTarget, token: string): UpstreamRequest {
    return {
      method: 'GET',
      path: target.path,
      query: target.query,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${token}`,
        'upvest-api-version': '1',
        'upvest-client-id': this.#clientId,
      },
    };
  }

  #ensureOpen(): void {
    if (this.#closing.signal.aborted) {
      throw new UpvestError('The Upvest client is closed.', { kind: 'aborted', attempts: 0 });
    }
  }
}

function parseBaseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError('baseUrl must be an absolute http(s) URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('baseUrl must use https or http.');
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new TypeError('baseUrl must not carry a query, fragment or credentials.');
  }
  return url;
}

function requireText(value: string, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`${name} must be a non-empty string.`);
  if (!/^[\x21-\x7e]+$/.test(value)) throw new TypeError(`${name} must be printable ASCII without spaces.`);
  return value;
}

function parseScopes(scopes: readonly string[]): readonly string[] {
  if (scopes.length === 0 || scopes.some((scope) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope))) {
    throw new TypeError('scopes must be one or more OAuth scope names without spaces or quotes.');
  }
  return scopes;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number ≥ 1; got ${value}.`);
  return value;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);
}
