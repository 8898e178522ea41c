import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NonceCache } from './nonce-cache';
import { isDerEcdsaSignature, SignatureVerifier, type VerificationKey } from './signature-verifier';
import { signedHeaders } from './testing/test-signer';
import { loadUpvestVectors, targetOf } from './testing/upvest-vectors';

const fixture = loadUpvestVectors();

function verifierFor(keys: readonly VerificationKey[]): SignatureVerifier {
  return new SignatureVerifier({
    keys,
    isKnownClient: (clientId) => clientId === fixture.clientId,
    nonces: new NonceCache(),
    maxSignatureAgeSeconds: 300,
    clockSkewSeconds: 5,
  });
}

const rawHeaders = (headers: Readonly<Record<string, string>>): string[] => Object.entries(headers).flat();

describe('SignatureVerifier (in process)', () => {
  const verifier = verifierFor(fixture.vectors.map((vector) => ({ keyId: vector.key.keyId, key: createPublicKey(vector.key.publicKeyPem) })));

  it.each(fixture.vectors.map((vector) => [vector.name, vector] as const))('accepts vector %s at its created time', (_name, vector) => {
    const result = verifier.verify(
      {
        method: vector.request.method,
        target: targetOf(vector),
        rawHeaders: rawHeaders(vector.request.headers),
        body: vector.request.body === null ? null : Buffer.from(vector.request.body),
      },
      { nowMs: vector.created * 1000, requireAuthorization: vector.name !== 'token' },
    );
    expect(result).toEqual({ ok: true, clientId: fixture.clientId, keyId: vector.key.keyId });
  });

  it('joins repeated header lines with ", " as received, so a split header still verifies', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const local = verifierFor([{ keyId: 'k', key: publicKey }]);
    const headers = { accept: 'application/json, text/plain', authorization: 'Bearer t', 'upvest-client-id': fixture.clientId };
    const signed = signedHeaders({ method: 'GET', target: '/account_groups', headers, components: ['@method', '@path', ...Object.keys(headers)], keyId: 'k', privateKey, created: 1000, expires: 1030 });
    const lines = Object.entries(signed).flatMap(([name, value]) => (name === 'accept' ? [['accept', 'application/json'], ['accept', 'text/plain']] : [[name, value]]));
    const result = local.verify({ method: 'GET', target: '/account_groups', rawHeaders: lines.flat(), body: null }, { nowMs: 1_000_000, requireAuthorization: true });
    expect(result.ok).toBe(true);
  });

  it('does not call a 64-byte signature "not DER" when an Ed25519 key shares the key id', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ed = generateKeyPairSync('ed25519');
    const local = verifierFor([
      { keyId: 'k', key: ec.publicKey },
      { keyId: 'k', key: ed.publicKey },
    ]);
    const headers = { accept: 'application/json', 'upvest-client-id': fixture.clientId };
    const signed = signedHeaders({ method: 'POST', target: '/auth/token', headers, components: ['@method', '@path', ...Object.keys(headers)], keyId: 'k', privateKey: ec.privateKey, created: 1000, expires: 1030, dsaEncoding: 'ieee-p1363' });
    const result = local.verify({ method: 'POST', target: '/auth/token', rawHeaders: rawHeaders(signed), body: null }, { nowMs: 1_000_000, requireAuthorization: false });
    expect(result).toMatchObject({ ok: false, rule: 'incorrect' });
  });

  it('refuses keys that are neither EC nor Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => verifierFor([{ keyId: 'r', key: rsa.publicKey }])).toThrow(/EC or Ed25519/);
  });
});

describe('isDerEcdsaSignature', () => {
  it('tells DER from raw r||s for every curve', () => {
    const vectorKey = fixture.vectors[0]?.key;
    if (vectorKey === undefined) throw new Error('no vector');
    const keys = [
      createPrivateKey({ key: vectorKey.privateKeyPem, passphrase: vectorKey.passphrase }),
      generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey,
      generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey,
    ];
    for (const key of keys) {
      for (let i = 0; i < 20; i++) {
        const data = Buffer.from(`message ${i}`);
        expect(isDerEcdsaSignature(sign('sha512', data, { key, dsaEncoding: 'der' }))).toBe(true);
        expect(isDerEcdsaSignature(sign('sha512', data, { key, dsaEncoding: 'ieee-p1363' }))).toBe(false);
      }
    }
    expect(isDerEcdsaSignature(Buffer.alloc(0))).toBe(false);
  });
});
