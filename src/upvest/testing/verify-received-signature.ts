import { createHash, verify, type KeyObject } from 'node:crypto';
import type { RecordedRequest } from './scripted-upvest-server';

/**
 * Rebuilds the signature base from a request as the server received it (raw request target, received
 * headers and body) and checks the signature with the public key. Written apart from the signer on
 * purpose: if anything between signing and the wire changed the path, query, a covered header or the
 * body, the base differs and the check fails.
 */

export interface ReceivedSignature {
  readonly valid: boolean;
  readonly components: readonly string[];
  readonly params: Readonly<Record<string, string>>;
  /** The base rebuilt from what was received. */
  readonly base: string;
  /** The `@path` and `@query` values as received. */
  readonly receivedPath: string;
  readonly receivedQuery: string;
}

export function verifyReceivedSignature(request: RecordedRequest, publicKey: KeyObject): ReceivedSignature {
  const signatureInput = header(request, 'signature-input');
  const match = /^sig1=(\(([^)]*)\)(.*))$/.exec(signatureInput);
  if (match === null) throw new Error(`unexpected signature-input: ${signatureInput}`);
  const signatureParams = match[1] ?? '';
  const components = [...(match[2] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '');
  const params = Object.fromEntries(
    [...(match[3] ?? '').matchAll(/;([a-z]+)=("([^"]*)"|\d+)/g)].map((m) => [m[1] ?? '', m[3] ?? m[2] ?? '']),
  );

  const queryStart = request.url.indexOf('?');
  const receivedPath = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
  const receivedQuery = queryStart === -1 ? '' : request.url.slice(queryStart);
  const lines = components.map((name) => {
    if (name === '@method') return `"@method": ${request.method}`;
    if (name === '@path') return `"@path": ${receivedPath}`;
    if (name === '@query') return `"@query": ${receivedQuery}`;
    return `"${name}": ${header(request, name)}`;
  });
  lines.push(`"@signature-params": ${signatureParams}`);
  const base = lines.join('\n');

  const signatureMatch = /^sig1=:([A-Za-z0-9+/=]+):$/.exec(header(request, 'signature'));
  const signature = Buffer.from(signatureMatch?.[1] ?? '', 'base64');
  const algorithm = publicKey.asymmetricKeyType === 'ed25519' ? null : 'sha512';
  let valid = verify(algorithm, Buffer.from(base), publicKey, signature);
  if (components.includes('content-digest')) {
    valid &&= header(request, 'content-digest') === `sha-512=:${createHash('sha512').update(request.body).digest('base64')}:`;
  }
  return { valid, components, params, base, receivedPath, receivedQuery };
}

function header(request: RecordedRequest, name: string): string {
  const value = request.headers[name];
  if (typeof value !== 'string') throw new Error(`header ${name} missing or repeated`);
  return value;
}
