import { createHash, randomUUID, sign, type KeyObject } from 'node:crypto';

/**
 * A deliberately tiny signer for the sandbox's own tests, written with node:crypto from API.md (it is
 * checked against Upvest's vectors byte for byte in the tests). It lets a test build any request,
 * including broken ones, which a production signer would refuse to produce.
 */

export interface SignatureParts {
  readonly method: string;
  /** Raw request target: path plus `?query` exactly as it will be sent. */
  readonly target: string;
  /** Headers to send (lower-case names), without the signature headers. */
  readonly headers: Readonly<Record<string, string>>;
  readonly components: readonly string[];
  readonly keyId: string;
  readonly privateKey: KeyObject;
  readonly created: number;
  readonly expires: number;
  /** null leaves the nonce out. Default: a fresh UUID. */
  readonly nonce?: string | null;
  readonly label?: string;
  /** ECDSA signature encoding; 'ieee-p1363' gives raw r||s (which Upvest refuses). */
  readonly dsaEncoding?: 'der' | 'ieee-p1363';
}

export function signatureParams(components: readonly string[], keyId: string, created: number, expires: number, nonce: string | null): string {
  const list = components.map((name) => `"${name}"`).join(' ');
  return `(${list});keyid="${keyId}";created=${created};expires=${expires}${nonce === null ? '' : `;nonce="${nonce}"`}`;
}

export function signatureBase(parts: Pick<SignatureParts, 'method' | 'target' | 'headers' | 'components'>, params: string): string {
  const questionMark = parts.target.indexOf('?');
  const path = questionMark < 0 ? parts.target : parts.target.slice(0, questionMark);
  const query = questionMark < 0 ? '' : parts.target.slice(questionMark);
  const lines = parts.components.map((name) => {
    const value =
      name === '@method' ? parts.method.toUpperCase() : name === '@path' ? path : name === '@query' ? query : (parts.headers[name] ?? '');
    return `"${name}": ${value}`;
  });
  lines.push(`"@signature-params": ${params}`);
  return lines.join('\n');
}

export function signBytes(privateKey: KeyObject, data: Buffer, dsaEncoding: 'der' | 'ieee-p1363' = 'der'): Buffer {
  return privateKey.asymmetricKeyType === 'ed25519' ? sign(null, data, privateKey) : sign('sha512', data, { key: privateKey, dsaEncoding });
}

/** The headers to send: the given ones plus signature-input, signature and upvest-signature-version. */
export function signedHeaders(parts: SignatureParts): Record<string, string> {
  const nonce = parts.nonce === undefined ? randomUUID() : parts.nonce;
  const params = signatureParams(parts.components, parts.keyId, parts.created, parts.expires, nonce);
  const base = signatureBase(parts, params);
  const signature = signBytes(parts.privateKey, Buffer.from(base, 'latin1'), parts.dsaEncoding);
  const label = parts.label ?? 'sig1';
  return {
    ...parts.headers,
    'signature-input': `${label}=${params}`,
    signature: `${label}=:${signature.toString('base64')}:`,
    'upvest-signature-version': '15',
  };
}

export function contentDigest(body: Buffer | string): string {
  return `sha-512=:${createHash('sha512').update(body).digest('base64')}:`;
}
