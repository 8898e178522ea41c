import { createHash, verify, type KeyObject } from 'node:crypto';
import type { NonceCache } from './nonce-cache';
import { parseDictionary, StructuredFieldError, type DictionaryMember, type Item } from './structured-fields';

/**
 * Verifies Upvest's HTTP message signatures (draft v15, as API.md describes them), written from the
 * specification and never from our signer, so a canonicalisation bug cannot hide by being the same on
 * both sides. Everything is taken from the request exactly as received: the raw request target, the
 * raw header lines, the body bytes. Every refusal names the rule that was broken.
 */

export interface VerificationKey {
  readonly keyId: string;
  /** A public key: EC (any curve; ECDSA with SHA-512, DER) or Ed25519. */
  readonly key: KeyObject;
}

export interface ReceivedRequest {
  readonly method: string;
  /** The request target exactly as received (`request.raw.url`), e.g. `/account_groups?limit=2`. */
  readonly target: string;
  /** Header lines as received: name, value, name, value... (`request.raw.rawHeaders`). */
  readonly rawHeaders: readonly string[];
  /** The body bytes; null or empty when the request has none. */
  readonly body: Buffer | null;
}

export interface VerifierSettings {
  readonly keys: readonly VerificationKey[];
  readonly isKnownClient: (clientId: string) => boolean;
  readonly nonces: NonceCache;
  /** How old `created` may be. */
  readonly maxSignatureAgeSeconds: number;
  /** Tolerance for `created` (and `date`) ahead of our clock. */
  readonly clockSkewSeconds: number;
}

export interface VerificationContext {
  readonly nowMs: number;
  /** API calls must cover `authorization`; the token request has none. */
  readonly requireAuthorization: boolean;
}

export type SignatureRule =
  | 'signature-version'
  | 'missing-signature-header'
  | 'malformed'
  | 'label'
  | 'several-signatures'
  | 'duplicate-component'
  | 'forbidden-component'
  | 'unsupported-component'
  | 'query-without-query'
  | 'covered-header-absent'
  | 'component-not-covered'
  | 'digest-without-body'
  | 'digest-mismatch'
  | 'unknown-client'
  | 'window-too-long'
  | 'created-in-future'
  | 'expired'
  | 'too-old'
  | 'date-mismatch'
  | 'missing-nonce'
  | 'replayed-nonce'
  | 'unknown-key'
  | 'not-der'
  | 'incorrect';

export type VerificationResult =
  | { readonly ok: true; readonly clientId: string; readonly keyId: string }
  | { readonly ok: false; readonly rule: SignatureRule; readonly detail: string };

/** The longest validity (expires − created) a signature may ask for. */
export const MAX_SIGNATURE_VALIDITY_SECONDS = 300;

const SUPPORTED_DERIVED = new Set(['@method', '@path', '@query']);
const FORBIDDEN_HEADERS = new Set(['host', 'user-agent', 'connection', 'accept-encoding', 'cookie', 'priority']);
const FORBIDDEN_PREFIXES = ['x-', 'sec-', 'cf-', 'cdn-'];
const KNOWN_PARAMETERS = new Set(['keyid', 'created', 'expires', 'nonce', 'alg', 'tag']);
const COMPONENT_NAME = /^@?[a-z0-9][a-z0-9\-_.]*$/;

class Refusal extends Error {
  constructor(
    readonly rule: SignatureRule,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export class SignatureVerifier {
  private readonly keysById = new Map<string, KeyObject[]>();

  constructor(private readonly settings: VerifierSettings) {
    for (const { keyId, key } of settings.keys) {
      const type = key.asymmetricKeyType;
      if (key.type !== 'public' || (type !== 'ec' && type !== 'ed25519')) {
        throw new TypeError(`key "${keyId}" must be an EC or Ed25519 public key`);
      }
      const list = this.keysById.get(keyId) ?? [];
      list.push(key);
      this.keysById.set(keyId, list);
    }
  }

  verify(request: ReceivedRequest, context: VerificationContext): VerificationResult {
    try {
      return this.check(request, context);
    } catch (error) {
      if (error instanceof Refusal) return { ok: false, rule: error.rule, detail: error.detail };
      throw error;
    }
  }

  private check(request: ReceivedRequest, context: VerificationContext): VerificationResult {
    const headers = collectHeaders(request.rawHeaders);
    const version = headers.get('upvest-signature-version');
    if (version === undefined) refuse('signature-version', 'Missing upvest-signature-version header (must be 15)');
    if (version !== '15') refuse('signature-version', 'upvest-signature-version must be 15');
    const inputHeader = headers.get('signature-input');
    if (inputHeader === undefined) refuse('missing-signature-header', 'Missing signature-input header');
    const signatureHeader = headers.get('signature');
    if (signatureHeader === undefined) refuse('missing-signature-header', 'Missing signature header');

    const input = singleSignature(parseOrRefuse(inputHeader, 'signature-input'), 'signature-input');
    if (input.value.kind !== 'inner-list') refuse('malformed', 'Malformed signature-input: sig1 must be an inner list of components');
    const signatureMember = singleSignature(parseOrRefuse(signatureHeader, 'signature'), 'signature');
    const signatureBytes = signatureMember.value.kind === 'item' && signatureMember.value.value.kind === 'bytes' ? signatureMember.value.value.value : null;
    if (signatureBytes === null || signatureBytes.length === 0) refuse('malformed', 'Malformed signature: sig1 must be a byte sequence (:base64:)');

    const components = componentNames(input.value.items);
    const params = signatureParameters(input.value.params);
    const { path, query } = splitTarget(request.target);
    // Upvest's GETs have no body: one sent anyway is ignored, and its digest is refused, not checked.
    const bodylessMethod = request.method === 'GET' || request.method === 'HEAD';
    const hasBody = !bodylessMethod && request.body !== null && request.body.length > 0;

    for (const component of components) {
      if (component === '@query' && query === null) refuse('query-without-query', '"@query" is covered but the request has no query');
      if (!component.startsWith('@') && !headers.has(component)) {
        refuse('covered-header-absent', `Covered header "${component}" is not present in the request`);
      }
    }
    for (const required of requiredComponents(query !== null, hasBody, context.requireAuthorization, headers)) {
      if (!components.includes(required)) refuse('component-not-covered', `Required component "${required}" is not covered by the signature`);
    }
    const digestHeader = headers.get('content-digest');
    if (bodylessMethod && digestHeader !== undefined) refuse('digest-without-body', `content-digest must not be sent on a ${request.method} request`);
    if (!hasBody && digestHeader !== undefined) refuse('digest-without-body', 'content-digest must not be sent on a request without body');
    if (hasBody && digestHeader !== undefined) checkDigest(digestHeader, request.body);

    const clientId = headers.get('upvest-client-id') ?? '';
    if (!this.settings.isKnownClient(clientId)) refuse('unknown-client', 'Unknown client id (upvest-client-id)');

    this.checkTimes(params, headers, components, context.nowMs);

    const candidates = this.keysById.get(params.keyId);
    if (candidates === undefined) refuse('unknown-key', 'Unknown key id (keyid)');
    if (this.settings.nonces.has(clientId, params.nonce, context.nowMs)) {
      refuse('replayed-nonce', 'Signature nonce has already been used (replay)');
    }

    const lines = components.map((name) => `"${name}": ${componentValue(name, request.method, path, query, headers)}`);
    lines.push(`"@signature-params": ${input.raw}`);
    const base = Buffer.from(lines.join('\n'), 'latin1');
    if (!candidates.some((key) => verifies(key, base, signatureBytes))) {
      if (!isDerEcdsaSignature(signatureBytes) && looksLikeEcdsaAttempt(candidates, signatureBytes)) {
        refuse('not-der', 'ECDSA signature must be ASN.1 DER (not raw r||s)');
      }
      refuse('incorrect', 'Signature is incorrect');
    }
    this.settings.nonces.remember(clientId, params.nonce, params.expires * 1000, context.nowMs);
    return { ok: true, clientId, keyId: params.keyId };
  }

  private checkTimes(params: SignatureParameters, headers: Map<string, string>, components: readonly string[], nowMs: number): void {
    const now = nowMs / 1000;
    const { created, expires } = params;
    const skew = this.settings.clockSkewSeconds;
    const maxAge = this.settings.maxSignatureAgeSeconds;
    if (expires <= created) refuse('malformed', 'Malformed signature-input: expires must be after created');
    if (expires - created > MAX_SIGNATURE_VALIDITY_SECONDS) {
      refuse('window-too-long', `Signature window (expires - created) is longer than ${MAX_SIGNATURE_VALIDITY_SECONDS} seconds`);
    }
    if (created > now + skew) refuse('created-in-future', 'Signature created is in the future');
    if (now > expires) refuse('expired', 'Signature has expired');
    if (now - created > maxAge) refuse('too-old', `Signature was created more than ${maxAge} seconds ago`);
    if (components.includes('date')) {
      const dateMs = Date.parse(headers.get('date') ?? '');
      if (Number.isNaN(dateMs)) refuse('date-mismatch', 'Covered date header is not a valid HTTP date');
      // An HTTP date has whole seconds, as created does: equal means equal (API.md), not within the skew.
      if (Math.floor(dateMs / 1000) !== created) refuse('date-mismatch', 'Covered date header must equal the signature created time');
    }
  }
}

interface SignatureParameters {
  readonly keyId: string;
  readonly created: number;
  readonly expires: number;
  readonly nonce: string;
}

function refuse(rule: SignatureRule, detail: string): never {
  throw new Refusal(rule, detail);
}

/** Header lines by lower-case name; repeated lines joined with ", ", values trimmed (RFC 9421 §2.1). */
function collectHeaders(rawHeaders: readonly string[]): Map<string, string> {
  const headers = new Map<string, string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const value = (rawHeaders[i + 1] ?? '').replace(/^[ \t]+|[ \t]+$/g, '');
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  return headers;
}

function parseOrRefuse(text: string, header: string): DictionaryMember[] {
  try {
    return parseDictionary(text);
  } catch (error) {
    if (error instanceof StructuredFieldError) refuse('malformed', `Malformed ${header}: ${error.message}`);
    throw error;
  }
}

function singleSignature(members: readonly DictionaryMember[], header: string): DictionaryMember {
  if (members.length === 0) refuse('malformed', `Malformed ${header}: no signature`);
  if (members.length > 1) refuse('several-signatures', `Exactly one signature (sig1) is allowed in ${header}; got ${members.length}`);
  const [member] = members;
  if (member === undefined) refuse('malformed', `Malformed ${header}: no signature`);
  if (member.name !== 'sig1') refuse('label', `Signature label must be sig1 in ${header}`);
  return member;
}

function componentNames(items: readonly Item[]): string[] {
  const names: string[] = [];
  for (const item of items) {
    if (item.value.kind !== 'string' || !COMPONENT_NAME.test(item.value.value)) {
      refuse('malformed', 'Malformed signature-input: components must be quoted lower-case names');
    }
    if (item.params.length > 0) refuse('unsupported-component', 'Component parameters (;sf, ;key, ;bs, ;req) are not supported');
    const name = item.value.value;
    if (names.includes(name)) refuse('duplicate-component', `Component "${name}" is covered more than once`);
    if (name.startsWith('@')) {
      if (!SUPPORTED_DERIVED.has(name)) refuse('unsupported-component', `Derived component "${name}" is not supported`);
    } else if (FORBIDDEN_HEADERS.has(name) || FORBIDDEN_PREFIXES.some((prefix) => name.startsWith(prefix))) {
      refuse('forbidden-component', `Component "${name}" must not be covered`);
    }
    names.push(name);
  }
  return names;
}

function signatureParameters(params: readonly { name: string; value: Item['value'] }[]): SignatureParameters {
  const seen = new Map<string, Item['value']>();
  for (const { name, value } of params) {
    if (!KNOWN_PARAMETERS.has(name)) refuse('malformed', `Malformed signature-input: unknown parameter "${name}"`);
    if (seen.has(name)) refuse('malformed', `Malformed signature-input: parameter "${name}" given more than once`);
    seen.set(name, value);
  }
  const keyId = seen.get('keyid');
  if (keyId === undefined) refuse('malformed', 'Signature parameter keyid is missing');
  if (keyId.kind !== 'string' || keyId.value === '') refuse('malformed', 'Signature parameter keyid must be a non-empty string');
  const created = integerParameter(seen, 'created');
  const expires = integerParameter(seen, 'expires');
  const nonce = seen.get('nonce');
  if (nonce === undefined) refuse('missing-nonce', 'Signature nonce is missing');
  if (nonce.kind !== 'string' || nonce.value === '') refuse('missing-nonce', 'Signature nonce must be a non-empty string');
  return { keyId: keyId.value, created, expires, nonce: nonce.value };
}

function integerParameter(params: Map<string, Item['value']>, name: string): number {
  const value = params.get(name);
  if (value === undefined) refuse('malformed', `Signature parameter ${name} is missing`);
  if (value.kind !== 'integer' || value.value < 0) refuse('malformed', `Signature parameter ${name} must be a non-negative integer`);
  return value.value;
}

function requiredComponents(hasQuery: boolean, hasBody: boolean, requireAuthorization: boolean, headers: Map<string, string>): string[] {
  const required = ['@method', '@path'];
  if (hasQuery) required.push('@query');
  // accept is covered whenever it is sent; a header that is not sent must never be covered (API.md).
  if (headers.has('accept')) required.push('accept');
  if (requireAuthorization) required.push('authorization');
  required.push('upvest-client-id');
  if (headers.has('upvest-api-version')) required.push('upvest-api-version');
  if (hasBody) required.push('content-type', 'content-length', 'content-digest');
  return required;
}

function splitTarget(target: string): { path: string; query: string | null } {
  // An absolute-form target (proxies) still signs only its path and query.
  const originForm = target.startsWith('/') ? target : target.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/, '');
  const questionMark = originForm.indexOf('?');
  const path = questionMark < 0 ? originForm : originForm.slice(0, questionMark);
  return { path: path === '' ? '/' : path, query: questionMark < 0 ? null : originForm.slice(questionMark) };
}

function componentValue(name: string, method: string, path: string, query: string | null, headers: Map<string, string>): string {
  switch (name) {
    case '@method':
      return method.toUpperCase();
    case '@path':
      return path;
    case '@query':
      return query ?? '';
    default:
      return headers.get(name) ?? '';
  }
}

function checkDigest(header: string, body: Buffer): void {
  let members: DictionaryMember[];
  try {
    members = parseDictionary(header);
  } catch (error) {
    if (error instanceof StructuredFieldError) refuse('digest-mismatch', `Malformed content-digest: ${error.message}`);
    throw error;
  }
  const sha512 = members.find((member) => member.name === 'sha-512');
  if (sha512 === undefined) refuse('digest-mismatch', 'content-digest must contain a sha-512 digest');
  for (const member of members) {
    const algorithm = member.name === 'sha-512' ? 'sha512' : member.name === 'sha-256' ? 'sha256' : null;
    if (algorithm === null) continue;
    const value = member.value.kind === 'item' && member.value.value.kind === 'bytes' ? member.value.value.value : null;
    if (value === null) refuse('digest-mismatch', `Malformed content-digest: ${member.name} must be a byte sequence`);
    if (!createHash(algorithm).update(body).digest().equals(value)) refuse('digest-mismatch', 'content-digest does not match the body');
  }
}

function verifies(key: KeyObject, base: Buffer, signature: Buffer): boolean {
  try {
    return key.asymmetricKeyType === 'ed25519'
      ? verify(null, base, key, signature)
      : verify('sha512', base, { key, dsaEncoding: 'der' }, signature);
  } catch {
    // OpenSSL throws on some malformed signatures; for the client that is simply a wrong signature.
    return false;
  }
}

/**
 * Whether a failed signature should be reported as "not DER": an EC key was a candidate, and the bytes
 * cannot be an Ed25519 signature of a candidate key (64 bytes, which is also raw r||s for P-256).
 */
function looksLikeEcdsaAttempt(candidates: readonly KeyObject[], signature: Buffer): boolean {
  const hasEc = candidates.some((key) => key.asymmetricKeyType === 'ec');
  const couldBeEd25519 = signature.length === 64 && candidates.some((key) => key.asymmetricKeyType === 'ed25519');
  return hasEc && !couldBeEd25519;
}

/** SEQUENCE { INTEGER r, INTEGER s } in DER, nothing after it. */
export function isDerEcdsaSignature(bytes: Buffer): boolean {
  let position = 0;
  const readLength = (): number => {
    const first = bytes[position++];
    if (first === undefined) return -1;
    if (first < 0x80) return first;
    if (first === 0x81) {
      const length = bytes[position++];
      return length === undefined || length < 0x80 ? -1 : length;
    }
    return -1;
  };
  if (bytes[position++] !== 0x30) return false;
  const sequenceLength = readLength();
  if (sequenceLength < 0 || position + sequenceLength !== bytes.length) return false;
  for (let k = 0; k < 2; k++) {
    if (bytes[position++] !== 0x02) return false;
    const length = readLength();
    if (length <= 0 || position + length > bytes.length) return false;
    const first = bytes[position] ?? 0;
    if (first & 0x80) return false;
    if (length > 1 && first === 0 && ((bytes[position + 1] ?? 0) & 0x80) === 0) return false;
    position += length;
  }
  return position === bytes.length;
}
