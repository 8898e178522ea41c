import { createHash, sign } from 'node:crypto';
import type { SigningKey } from './private-key';

/**
 * HTTP message signatures as Upvest verifies them (draft-ietf-httpbis-message-signatures v15, API.md).
 * Pure: no clock, no randomness, no I/O; the caller passes created, expires and nonce.
 *
 * The signer refuses, rather than repairs, anything Upvest's verifier would reject or that a later
 * layer could change on the wire (header values with surrounding whitespace, line breaks, a path with
 * spaces), so a bad request fails here with a clear message instead of as a 401 from Upvest.
 */

export interface SignableRequest {
  method: string;
  /** The request target's path exactly as sent, starting with `/`, without query. */
  path: string;
  /** `''` or the raw query exactly as sent, with its leading `?`. */
  query: string;
  /** Lower-case names; exactly the headers that will be sent (the signer adds the signature headers). */
  headers: Readonly<Record<string, string>>;
  body?: Uint8Array;
}

export interface SignParams {
  key: SigningKey;
  /** Unix seconds. */
  created: number;
  /** Unix seconds, after `created`. */
  expires: number;
  nonce: string;
  /** Explicit component order; default: derived from the request. */
  components?: readonly string[];
}

export interface SignedRequest {
  /** Every header to send: the request's, `content-digest` (with a body), `signature-input`, `signature`, `upvest-signature-version`. */
  headers: Record<string, string>;
  signatureBase: string;
  /** The text after `sig1=` in `signature-input`. */
  signatureParams: string;
}

export class SignRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignRequestError';
  }
}

export const SIGNATURE_LABEL = 'sig1';
export const SIGNATURE_VERSION = '15';

/** Headers covered when present, in this order, after `@method`, `@path` and `@query` (API.md). */
const COVERABLE_HEADERS = [
  'accept',
  'authorization',
  'content-type',
  'upvest-api-version',
  'upvest-client-id',
  'date',
  'content-length',
  'content-digest',
] as const;

/** Headers that must be covered whenever they are sent; `date` may be sent uncovered. */
const REQUIRED_WHEN_PRESENT = new Set<string>(COVERABLE_HEADERS.filter((name) => name !== 'date'));

const DERIVED_COMPONENTS = new Set(['@method', '@path', '@query']);

/** Headers proxies and clients add, rewrite or drop on the way: covering one breaks the signature. */
const NEVER_COVERED = new Set(['host', 'user-agent', 'connection', 'accept-encoding', 'cookie', 'priority']);
const NEVER_COVERED_PREFIXES = ['x-', 'sec-', 'cf-', 'cdn-'];
/** Written by the signer itself; a request must not bring its own. */
const SIGNATURE_HEADERS = new Set(['signature', 'signature-input', 'upvest-signature-version']);

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function contentDigest(body: Uint8Array): string {
  return `sha-512=:${createHash('sha512').update(body).digest('base64')}:`;
}

export function signRequest(request: SignableRequest, params: SignParams): SignedRequest {
  const method = validateMethod(request.method);
  validatePath(request.path);
  validateQuery(request.query);
  validateParams(params);
  const headers = headersToSend(request, method);

  const components =
    params.components === undefined ? defaultComponents(request.query, headers) : [...params.components];
  validateComponents(components, request.query, headers);
  if (components.includes('date')) validateDate(headers.date ?? '', params.created);

  const signatureParams =
    `(${components.map((name) => `"${name}"`).join(' ')})` +
    `;keyid="${params.key.keyId}";created=${params.created};expires=${params.expires};nonce="${params.nonce}"`;
  const lines = components.map((name) => `"${name}": ${componentValue(name, method, request, headers)}`);
  lines.push(`"@signature-params": ${signatureParams}`);
  const signatureBase = lines.join('\n');

  const data = Buffer.from(signatureBase, 'utf8');
  // Node signs ECDSA in ASN.1 DER by default, which is what Upvest expects (not WebCrypto's raw r||s).
  const signature = sign(params.key.algorithm === 'ecdsa' ? 'sha512' : null, data, params.key.privateKey);

  return {
    headers: {
      ...headers,
      'signature-input': `${SIGNATURE_LABEL}=${signatureParams}`,
      signature: `${SIGNATURE_LABEL}=:${signature.toString('base64')}:`,
      // Added after signing and not covered, as Upvest's own clients do.
      'upvest-signature-version': SIGNATURE_VERSION,
    },
    signatureBase,
    signatureParams,
  };
}

function validateMethod(method: string): string {
  if (!TOKEN.test(method)) throw new SignRequestError(`Invalid HTTP method "${printable(method)}".`);
  return method.toUpperCase();
}

function validatePath(path: string): void {
  // Anything outside visible ASCII would be re-encoded or rejected by some layer on the way.
  if (!path.startsWith('/') || !/^[\x21-\x7e]+$/.test(path) || path.includes('?') || path.includes('#')) {
    throw new SignRequestError(
      `Invalid request path "${printable(path)}": it must start with "/" and hold only visible ASCII, without "?" or "#" (encode it first).`,
    );
  }
}

function validateQuery(query: string): void {
  if (query === '') return;
  if (!query.startsWith('?') || query.length < 2 || !/^[\x21-\x7e]+$/.test(query) || query.includes('#')) {
    throw new SignRequestError(
      `Invalid query "${printable(query)}": it must be empty or "?" followed by encoded visible ASCII without "#".`,
    );
  }
}

function validateParams(params: SignParams): void {
  if (!Number.isSafeInteger(params.created) || params.created <= 0) {
    throw new SignRequestError('Invalid signature parameter: created must be a positive whole number of seconds.');
  }
  if (!Number.isSafeInteger(params.expires) || params.expires <= params.created) {
    throw new SignRequestError('Invalid signature parameter: expires must be a whole number of seconds after created.');
  }
  if (!/^[\x20-\x7e]+$/.test(params.nonce) || /["\\]/.test(params.nonce)) {
    throw new SignRequestError('Invalid signature parameter: the nonce must be printable ASCII without quotes or backslashes.');
  }
  if (!/^[\x20-\x7e]+$/.test(params.key.keyId) || /["\\]/.test(params.key.keyId)) {
    throw new SignRequestError('Invalid signature parameter: the key ID must be printable ASCII without quotes or backslashes.');
  }
}

/** The request's headers, checked, plus `content-length` (when missing) and `content-digest` for a body. */
function headersToSend(request: SignableRequest, method: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name !== name.toLowerCase() || !TOKEN.test(name)) {
      throw new SignRequestError(`Invalid header name "${printable(name)}": header names must be lower-case tokens.`);
    }
    if (SIGNATURE_HEADERS.has(name)) {
      throw new SignRequestError(`The request already carries "${name}": the signer writes the signature headers.`);
    }
    // Receivers strip surrounding whitespace, and a line break would forge an extra base line, so
    // "used exactly as sent" is only true for values that have neither. Non-ASCII is refused too: the
    // base is signed as UTF-8 but undici writes header values as latin1, so the bytes would differ.
    if (!/^[\x20-\x7e]*$/.test(value) || value !== value.trim()) {
      throw new SignRequestError(
        `Invalid value of header "${name}": printable ASCII only, without line breaks or surrounding whitespace.`,
      );
    }
    headers[name] = value;
  }

  const body = request.body;
  if (body === undefined) {
    if (headers['content-digest'] !== undefined) {
      throw new SignRequestError('A request without a body must not carry content-digest.');
    }
    return headers;
  }
  if (method === 'GET' || method === 'HEAD') {
    throw new SignRequestError(`A ${method} request must not have a body (it would need a content-digest).`);
  }
  if (headers['content-type'] === undefined) {
    throw new SignRequestError('A request with a body needs a content-type header.');
  }
  const length = String(body.byteLength);
  if (headers['content-length'] === undefined) headers['content-length'] = length;
  else if (headers['content-length'] !== length) {
    throw new SignRequestError(
      `content-length is ${printable(headers['content-length'])} but the body has ${length} bytes.`,
    );
  }
  const digest = contentDigest(body);
  if (headers['content-digest'] !== undefined && headers['content-digest'] !== digest) {
    throw new SignRequestError('The given content-digest does not match the body.');
  }
  headers['content-digest'] = digest;
  return headers;
}

function defaultComponents(query: string, headers: Readonly<Record<string, string>>): string[] {
  const components = ['@method', '@path'];
  if (query !== '') components.push('@query');
  for (const name of COVERABLE_HEADERS) if (headers[name] !== undefined) components.push(name);
  return components;
}

function validateComponents(components: readonly string[], query: string, headers: Readonly<Record<string, string>>): void {
  const seen = new Set<string>();
  for (const name of components) {
    if (seen.has(name)) throw new SignRequestError(`Component "${printable(name)}" is listed twice.`);
    seen.add(name);
    if (name.startsWith('@')) {
      if (!DERIVED_COMPONENTS.has(name)) {
        throw new SignRequestError(`Unsupported derived component "${printable(name)}": use @method, @path or @query.`);
      }
      if (name === '@query' && query === '') {
        throw new SignRequestError('@query must not be covered when the request has no query.');
      }
      continue;
    }
    if (isNeverCovered(name)) {
      throw new SignRequestError(`Header "${printable(name)}" must never be covered: it may change on the way to Upvest.`);
    }
    if (headers[name] === undefined) {
      throw new SignRequestError(`Header "${printable(name)}" is not sent, so it cannot be covered.`);
    }
  }

  const missing = ['@method', '@path', ...(query === '' ? [] : ['@query'])].filter((name) => !seen.has(name));
  for (const name of Object.keys(headers)) {
    if (REQUIRED_WHEN_PRESENT.has(name) && !seen.has(name)) missing.push(name);
  }
  if (missing.length > 0) {
    throw new SignRequestError(`The signature must cover ${missing.map((name) => `"${name}"`).join(', ')}.`);
  }
}

function isNeverCovered(name: string): boolean {
  return (
    NEVER_COVERED.has(name) ||
    SIGNATURE_HEADERS.has(name) ||
    NEVER_COVERED_PREFIXES.some((prefix) => name.startsWith(prefix))
  );
}

/** API.md: a covered `date` must state the same second as `created`. */
function validateDate(date: string, created: number): void {
  const expected = new Date(created * 1000).toUTCString();
  if (date !== expected) {
    throw new SignRequestError(`The covered date header must equal created (expected "${expected}").`);
  }
}

function componentValue(
  name: string,
  method: string,
  request: SignableRequest,
  headers: Readonly<Record<string, string>>,
): string {
  if (name === '@method') return method;
  if (name === '@path') return request.path;
  if (name === '@query') return request.query;
  return headers[name] ?? '';
}

function printable(value: string, max = 60): string {
  const shown = value.replace(/[^\x20-\x7e]/g, '?');
  return shown.length > max ? `${shown.slice(0, max)}…` : shown;
}
