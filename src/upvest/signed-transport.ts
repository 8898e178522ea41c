import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { ConcurrencyLimiter, LimiterClosedError } from './concurrency-limiter';
import type { SigningKey } from './private-key';
import type { RetryBudget } from './retry-budget';
import { isRetryableStatus, parseRetryAfterSeconds, retryDelayMs, type RetryPolicy } from './retry-policy';
import { signRequest } from './sign-request';
import { problemRequestId, UpvestError, type UpvestErrorKind } from './upvest-error';
import type { UpvestLogger } from './upvest-logger';

/**
 * Sends signed requests to Upvest over one keep-alive connection pool: at most `maxConcurrency` in
 * flight, each attempt signed when it gets its slot (a request that waited in the queue must not go
 * out with a signature that is about to expire), retried with backoff on network errors, timeouts,
 * 429, 502, 503 and 504. Every request sent through here is idempotent: GETs and the token POST.
 *
 * It answers with whatever status Upvest ended with; turning a status into success or an error is the
 * caller's business (a 401 means something different for a token request and for an API call).
 */

export interface UpstreamRequest {
  readonly method: 'GET' | 'POST';
  /** Encoded path, starting with `/`, without the base URL's path prefix. */
  readonly path: string;
  /** `''` or the encoded query with its leading `?`. */
  readonly query: string;
  /** Lower-case names; the signer adds content-length/content-digest and the signature headers. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  /** Counted separately in the stats. */
  readonly isTokenRequest?: boolean;
}

export interface UpstreamResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
  readonly requestId: string | undefined;
  readonly receivedAt: Date;
}

export interface Exchange {
  readonly response: UpstreamResponse;
  /** Requests sent for this call so far, re-sends included. */
  readonly attempts: number;
}

export interface TransportTimeouts {
  readonly connectMs: number;
  readonly headersMs: number;
  readonly bodyMs: number;
}

export interface SignedTransportOptions {
  readonly baseUrl: URL;
  readonly key: SigningKey;
  readonly signatureTtlSeconds: number;
  readonly maxConcurrency: number;
  readonly connections: number;
  readonly timeouts: TransportTimeouts;
  readonly retry: RetryPolicy;
  /** Shared by every call through this transport. */
  readonly retryBudget: RetryBudget;
  readonly maxResponseBytes: number;
  readonly now: () => number;
  readonly random: () => number;
  readonly nonce: () => string;
  readonly sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  readonly logger: UpvestLogger;
}

export interface TransportStats {
  requests: number;
  retries: number;
  /** Re-sends the retry budget refused. */
  retriesDenied: number;
  tokenRequests: number;
  inFlight: number;
  queued: number;
}

type AttemptOutcome =
  | { readonly ok: true; readonly response: UpstreamResponse }
  | {
      readonly ok: false;
      readonly kind: UpvestErrorKind;
      readonly reason: string;
      readonly retryable: boolean;
      /** Set when Upvest's headers arrived before the body failed: support can still find the call. */
      readonly requestId?: string;
    };

const TIMEOUT_CODES: Readonly<Record<string, string>> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  UND_ERR_HEADERS_TIMEOUT: 'headers timeout',
  UND_ERR_BODY_TIMEOUT: 'body timeout',
  ETIMEDOUT: 'socket timeout',
};
/** The pool was closed or destroyed: re-sending cannot help. */
const FINAL_NETWORK_CODES = new Set(['UND_ERR_CLOSED', 'UND_ERR_DESTROYED', 'UND_ERR_INVALID_ARG']);

class ResponseTooLargeError extends Error {}

export class SignedTransport {
  readonly #options: SignedTransportOptions;
  readonly #pool: Pool;
  readonly #limiter: ConcurrencyLimiter;
  /** The base URL's path without its trailing slash, e.g. '' or '/upvest'. */
  readonly #pathPrefix: string;
  readonly #counters = { requests: 0, retries: 0, tokenRequests: 0 };

  constructor(options: SignedTransportOptions) {
    this.#options = options;
    this.#pathPrefix = options.baseUrl.pathname.replace(/\/+$/, '');
    this.#limiter = new ConcurrencyLimiter(options.maxConcurrency);
    this.#pool = new Pool(options.baseUrl.origin, {
      connections: options.connections,
      connect: { timeout: options.timeouts.connectMs },
      headersTimeout: options.timeouts.headersMs,
      bodyTimeout: options.timeouts.bodyMs,
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
    });
  }

  stats(): TransportStats {
    return {
      ...this.#counters,
      retriesDenied: this.#options.retryBudget.denied,
      inFlight: this.#limiter.inFlight,
      queued: this.#limiter.queued,
    };
  }

  /** Counts a re-send decided by the caller (a fresh token after a 401). */
  countRetry(): void {
    this.#counters.retries += 1;
  }

  /**
   * Sends the request, re-sending it while the outcome is retryable, attempts remain and the retry
   * budget allows. Resolves with the last response, whatever its status; rejects with an UpvestError
   * when no response came. `deadlineAt` (performance.now() time) ends the retries early: a re-send
   * whose backoff would end after it is not started, so the caller gets the last real outcome instead
   * of waiting for nothing. `attemptsBefore` > 0 continues a call (a fresh token after a 401).
   */
  async exchange(request: UpstreamRequest, signal?: AbortSignal, attemptsBefore = 0, deadlineAt = Infinity): Promise<Exchange> {
    const { retry } = this.#options;
    if (attemptsBefore === 0) this.#options.retryBudget.deposit();
    for (let attempt = 1; ; attempt += 1) {
      const attempts = attemptsBefore + attempt;
      const outcome = await this.#attempt(request, signal, attempts);
      const retryable = outcome.ok ? isRetryableStatus(outcome.response.status) : outcome.retryable;
      const delayMs = retryable && attempt < retry.maxAttempts ? this.#retryDelay(outcome, attempt) : null;
      // Checked in this order so that the budget is spent only on a re-send that will happen.
      const retrying = delayMs !== null && performance.now() + delayMs < deadlineAt && this.#options.retryBudget.tryWithdraw();
      if (!retrying) {
        if (outcome.ok) return { response: outcome.response, attempts };
        throw new UpvestError(this.#failureMessage(request, outcome.reason, outcome.kind, attempts), {
          kind: outcome.kind,
          attempts,
          ...(outcome.requestId === undefined ? {} : { requestId: outcome.requestId }),
        });
      }
      this.#options.logger.warn(
        {
          method: request.method,
          path: request.path,
          attempt: attempts,
          delayMs,
          ...(outcome.ok
            ? { status: outcome.response.status, requestId: outcome.response.requestId }
            : { error: outcome.reason, requestId: outcome.requestId }),
        },
        'upvest request will be retried',
      );
      try {
        await this.#options.sleep(delayMs, signal);
      } catch {
        const stopped = abortOutcome(signal);
        throw new UpvestError(this.#failureMessage(request, stopped.reason, stopped.kind, attempts), { kind: stopped.kind, attempts });
      }
      this.#counters.retries += 1;
    }
  }

  #retryDelay(outcome: AttemptOutcome, attempt: number): number {
    const { retry, random, now } = this.#options;
    const retryAfter = outcome.ok ? parseRetryAfterSeconds(outcome.response.headers['retry-after'], now()) : undefined;
    return retryDelayMs(attempt, retry, random, retryAfter);
  }

  /** Stops new requests, rejects queued ones and waits for those in flight. */
  async close(): Promise<void> {
    this.#limiter.close();
    await this.#pool.close();
  }

  async #attempt(request: UpstreamRequest, signal: AbortSignal | undefined, attempt: number): Promise<AttemptOutcome> {
    let release: () => void;
    try {
      release = await this.#limiter.acquire(signal);
    } catch (error) {
      if (error instanceof LimiterClosedError) return { ok: false, kind: 'aborted', reason: 'the Upvest client is closed', retryable: false };
      const stopped = abortOutcome(signal);
      return { ...stopped, reason: `${stopped.reason} while queued` };
    }
    const startedAt = performance.now();
    try {
      return await this.#send(request, signal, attempt, startedAt);
    } finally {
      release();
    }
  }

  async #send(
    request: UpstreamRequest,
    signal: AbortSignal | undefined,
    attempt: number,
    startedAt: number,
  ): Promise<AttemptOutcome> {
    const { key, signatureTtlSeconds, now, nonce, logger } = this.#options;
    const path = this.#pathPrefix + request.path;
    const created = Math.floor(now() / 1000);
    // Signed here, after the queue: fresh created and nonce for every attempt.
    const signed = signRequest(
      { method: request.method, path, query: request.query, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }) },
      { key, created, expires: created + signatureTtlSeconds, nonce: nonce() },
    );
    this.#counters.requests += 1;
    if (request.isTokenRequest === true) this.#counters.tokenRequests += 1;

    let headerRequestId: string | undefined;
    try {
      const response = await this.#pool.request({
        method: request.method,
        // Passed as one string: undici writes it to the request line as it is (no re-encoding).
        path: path + request.query,
        headers: signed.headers,
        body: request.body ?? null,
        signal: signal ?? null,
      });
      const headers = flattenHeaders(response.headers);
      headerRequestId = headers['upvest-request-id'];
      const body = await readBody(response.body, this.#options.maxResponseBytes);
      const requestId = headerRequestId ?? problemRequestId(body);
      logger.debug(
        { method: request.method, path: request.path, status: response.statusCode, requestId, durationMs: elapsed(startedAt), attempt },
        'upvest request',
      );
      return { ok: true, response: { status: response.statusCode, headers, body, requestId, receivedAt: new Date(now()) } };
    } catch (error) {
      const failure = classifyFailure(error, signal);
      const outcome = headerRequestId === undefined ? failure : { ...failure, requestId: headerRequestId };
      logger.debug(
        { method: request.method, path: request.path, error: outcome.reason, requestId: headerRequestId, durationMs: elapsed(startedAt), attempt },
        'upvest request failed',
      );
      return outcome;
    }
  }

  #failureMessage(request: UpstreamRequest, reason: string, kind: UpvestErrorKind, attempts: number): string {
    const call = `${request.method} ${request.path}`;
    const tries = attempts === 1 ? '' : ` after ${attempts} attempts`;
    switch (kind) {
      case 'timeout':
        return `Upvest did not answer ${call} in time (${reason})${tries}.`;
      case 'aborted':
        return `${call} was not completed: ${reason}.`;
      case 'invalid-response':
        return `Upvest's answer to ${call} could not be read (${reason}).`;
      default:
        return `Could not reach Upvest for ${call} (${reason})${tries}.`;
    }
  }
}

/** A signal aborted by a timeout (the call's deadline, a probe's own limit) is a timeout, not a cancellation. */
export function abortedByTimeout(signal: AbortSignal | undefined): boolean {
  const reason: unknown = signal?.reason;
  return signal?.aborted === true && reason instanceof DOMException && reason.name === 'TimeoutError';
}

function abortOutcome(signal: AbortSignal | undefined): AttemptOutcome & { ok: false } {
  return abortedByTimeout(signal)
    ? { ok: false, kind: 'timeout', reason: 'the call ran out of time', retryable: false }
    : { ok: false, kind: 'aborted', reason: 'aborted', retryable: false };
}

function classifyFailure(error: unknown, signal: AbortSignal | undefined): AttemptOutcome & { ok: false } {
  if (signal?.aborted === true) return abortOutcome(signal);
  if (error instanceof ResponseTooLargeError) {
    return { ok: false, kind: 'invalid-response', reason: 'response body too large', retryable: false };
  }
  const code = errorCode(error);
  const timeout = code === undefined ? undefined : TIMEOUT_CODES[code];
  if (timeout !== undefined) return { ok: false, kind: 'timeout', reason: timeout, retryable: true };
  if (code === 'UND_ERR_ABORTED' || (error instanceof Error && error.name === 'AbortError')) {
    return { ok: false, kind: 'aborted', reason: 'aborted', retryable: false };
  }
  const shownCode = code !== undefined && /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'network error';
  return { ok: false, kind: 'network', reason: shownCode, retryable: !FINAL_NETWORK_CODES.has(shownCode) };
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Node wraps connection failures to several addresses in an AggregateError.
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error ? errorCode(cause) : undefined;
}

async function readBody(body: AsyncIterable<Buffer> & { destroy(error?: Error): unknown }, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      const error = new ResponseTooLargeError();
      body.destroy(error);
      throw error;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

function elapsed(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}
