import { generateKeyPairSync, randomBytes, randomUUID, verify, type KeyObject } from 'node:crypto';
import { loadSigningKey, type SigningKey } from '../src/upvest/private-key';
import { signRequest, type SignableRequest } from '../src/upvest/sign-request';
import type { Section, SectionContext, SectionResult } from './lib/section';
import { roundTo } from './lib/stats';
import { renderTable } from './lib/table';

/**
 * Signatures per second of `signRequest` for each key type Upvest accepts, on the request the console
 * sends most: a list page. Every signature gets a fresh nonce and timestamp, as in the transport. One
 * thread: the console signs on its event loop, so this is its ceiling of upstream calls per core.
 */

export interface SigningRow {
  key: string;
  signs_per_s: number;
  sign_us: number;
  verifies_per_s: number;
  verify_us: number;
  signature_bytes: number;
}

const KEY_TYPES = [
  { name: 'ECDSA P-256', generate: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }) },
  { name: 'ECDSA P-384', generate: () => generateKeyPairSync('ec', { namedCurve: 'P-384' }) },
  { name: 'ECDSA P-521', generate: () => generateKeyPairSync('ec', { namedCurve: 'P-521' }) },
  { name: 'Ed25519', generate: () => generateKeyPairSync('ed25519') },
] as const;

/** What UpvestClient sends for `GET /api/account-groups?limit=100&offset=300` passed through. */
export function listRequest(clientId: string, token: string): SignableRequest {
  return {
    method: 'GET',
    path: '/account_groups',
    query: '?sort=created_at&order=DESC&offset=300&limit=100',
    headers: {
      accept: 'application/json',
      authorization: `Bearer ${token}`,
      'upvest-api-version': '1',
      'upvest-client-id': clientId,
    },
  };
}

export const signingSection: Section = {
  name: 'signing',
  async run(context: SectionContext): Promise<SectionResult> {
    const durationMs = context.quick ? 300 : 2000;
    const request = listRequest(randomUUID(), randomBytes(48).toString('base64url'));
    const rows: SigningRow[] = [];
    for (const type of KEY_TYPES) {
      context.progress(`signing: ${type.name}`);
      const pair = type.generate();
      const key = loadSigningKey({ keyId: randomUUID(), pem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
      rows.push(measureKey(type.name, key, pair.publicKey, request, durationMs));
    }
    const table = renderTable({
      title: `Signing: signRequest on a list request (${durationMs / 1000} s per figure, one thread)`,
      columns: [
        { header: 'key', value: (row: SigningRow) => row.key },
        { header: 'sign', unit: 'ops/s', value: (row) => row.signs_per_s },
        { header: 'sign', unit: 'µs/op', digits: 1, value: (row) => row.sign_us },
        { header: 'verify', unit: 'ops/s', value: (row) => row.verifies_per_s },
        { header: 'verify', unit: 'µs/op', digits: 1, value: (row) => row.verify_us },
        { header: 'signature', unit: 'bytes', value: (row) => row.signature_bytes },
      ],
      rows,
      notes: [
        'sign = signRequest (validation, signature base, sign, headers) with a fresh nonce (randomUUID) each time;',
        'verify = crypto.verify of that base with the public key (what the sandbox, and Upvest, pay per request).',
      ],
    });
    return { tables: [table], figures: { duration_ms: durationMs, rows } };
  },
};

function measureKey(name: string, key: SigningKey, publicKey: KeyObject, request: SignableRequest, durationMs: number): SigningRow {
  const sign = (): { base: string; signature: Buffer } => {
    const created = Math.floor(Date.now() / 1000);
    const signed = signRequest(request, { key, created, expires: created + 30, nonce: randomUUID() });
    const header = signed.headers.signature ?? '';
    return { base: signed.signatureBase, signature: Buffer.from(header.slice('sig1=:'.length, -1), 'base64') };
  };
  const sample = sign();
  const digest = key.algorithm === 'ecdsa' ? 'sha512' : null;
  const base = Buffer.from(sample.base, 'utf8');
  // A bench of a signer that produces unverifiable signatures would be meaningless.
  if (!verify(digest, base, publicKey, sample.signature)) throw new Error(`${name}: the signature does not verify`);

  const signs = timed(durationMs, sign);
  const verifies = timed(durationMs, () => verify(digest, base, publicKey, sample.signature));
  return {
    key: name,
    signs_per_s: Math.round(signs.perSecond),
    sign_us: roundTo(1e6 / signs.perSecond, 2),
    verifies_per_s: Math.round(verifies.perSecond),
    verify_us: roundTo(1e6 / verifies.perSecond, 2),
    signature_bytes: sample.signature.length,
  };
}

/** Calls `operation` in batches until `durationMs` has passed (after a short warm-up); operations per second. */
function timed(durationMs: number, operation: () => unknown): { perSecond: number } {
  const run = (ms: number): { count: number; elapsed: number } => {
    const start = performance.now();
    let count = 0;
    let elapsed = 0;
    while (elapsed < ms) {
      for (let i = 0; i < 20; i++) operation();
      count += 20;
      elapsed = performance.now() - start;
    }
    return { count, elapsed };
  };
  run(Math.min(200, durationMs / 4));
  const { count, elapsed } = run(durationMs);
  return { perSecond: (count / elapsed) * 1000 };
}
