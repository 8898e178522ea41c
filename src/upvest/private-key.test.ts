import { generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import vectors from './fixtures/upvest-vectors.json';
import { loadSigningKey, SigningKeyError, type SigningKeySource } from './private-key';

const KEY_ID = 'c8a4e2f0-1b3d-4e5f-9a7b-2d6c8e0f1a35';
const PASSPHRASE = 'pass-phrase-under-test';
const directory = mkdtempSync(join(tmpdir(), 'upvest-key-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

type Curve = 'P-256' | 'P-384' | 'P-521';
type Format = { type: 'sec1' | 'pkcs8'; encrypted: boolean };

const FORMATS: readonly Format[] = [
  { type: 'sec1', encrypted: false },
  { type: 'sec1', encrypted: true },
  { type: 'pkcs8', encrypted: false },
  { type: 'pkcs8', encrypted: true },
];

function exportPem(privateKey: KeyObject, format: Format): string {
  const base = { type: format.type, format: 'pem' } as const;
  const exported = format.encrypted
    ? privateKey.export({ ...base, cipher: 'aes-256-cbc', passphrase: PASSPHRASE })
    : privateKey.export(base);
  return exported.toString();
}

/** Proves the loaded key is the generated one: it signs something the generated public key accepts. */
function expectSameKey(loaded: KeyObject, publicKey: KeyObject, algorithm: 'ecdsa' | 'ed25519'): void {
  const data = Buffer.from('proof of possession');
  const digest = algorithm === 'ecdsa' ? 'sha512' : null;
  expect(verify(digest, data, publicKey, sign(digest, data, loaded))).toBe(true);
}

/** Collects every secret-bearing fragment that must never appear in an error message. */
function secretFragments(pem: string, passphrase?: string): string[] {
  const body = pem
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('-----') && !line.includes(':'));
  return [...body, body.join(''), Buffer.from(pem).toString('base64'), ...(passphrase ? [passphrase] : [])];
}

function loadError(source: SigningKeySource): SigningKeyError {
  try {
    loadSigningKey(source);
  } catch (error) {
    expect(error).toBeInstanceOf(SigningKeyError);
    return error as SigningKeyError;
  }
  throw new Error('expected loadSigningKey to throw');
}

function expectCleanMessage(error: Error, fragments: readonly string[]): void {
  for (const fragment of fragments) expect(error.message).not.toContain(fragment);
  expect(error.message).not.toContain('-----BEGIN');
}

describe('loadSigningKey', () => {
  describe.each<Curve>(['P-256', 'P-384', 'P-521'])('ECDSA %s', (curve) => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });

    it.each(FORMATS)('reads $type (encrypted: $encrypted) from pem, base64 and file', (format) => {
      const pem = exportPem(privateKey, format);
      const file = join(directory, `${curve}-${format.type}-${String(format.encrypted)}.pem`);
      writeFileSync(file, pem);
      const passphrase = format.encrypted ? PASSPHRASE : undefined;
      for (const source of [{ pem }, { base64: Buffer.from(pem).toString('base64') }, { file }]) {
        const key = loadSigningKey({ keyId: KEY_ID, passphrase, ...source });
        expect(key).toMatchObject({ keyId: KEY_ID, algorithm: 'ecdsa', description: `ECDSA ${curve}` });
        expectSameKey(key.privateKey, publicKey, 'ecdsa');
      }
    });
  });

  it.each([
    ['secp256k1', 'ECDSA secp256k1'],
    ['P-224', 'ECDSA secp224r1'],
  ])('reads an EC key on any other curve the key carries (%s), as API.md asks', (namedCurve, description) => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
    const key = loadSigningKey({ keyId: KEY_ID, pem: exportPem(privateKey, { type: 'sec1', encrypted: false }) });
    expect(key).toMatchObject({ algorithm: 'ecdsa', description });
    expectSameKey(key.privateKey, publicKey, 'ecdsa');
  });

  describe('Ed25519', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');

    it.each(FORMATS.filter((format) => format.type === 'pkcs8'))(
      'reads pkcs8 (encrypted: $encrypted)',
      (format) => {
        const pem = exportPem(privateKey, format);
        const key = loadSigningKey({ keyId: KEY_ID, pem, passphrase: format.encrypted ? PASSPHRASE : undefined });
        expect(key).toMatchObject({ algorithm: 'ed25519', description: 'Ed25519' });
        expectSameKey(key.privateKey, publicKey, 'ed25519');
      },
    );
  });

  it.each(vectors.vectors.map((vector) => [vector.name, vector] as const))('reads the key of vector %s', (_, vector) => {
    const key = loadSigningKey({ keyId: vector.key.keyId, pem: vector.key.privateKeyPem, passphrase: vector.key.passphrase });
    const expected = { 'ecdsa-p256': 'ECDSA P-256', 'ecdsa-p521': 'ECDSA P-521', ed25519: 'Ed25519' }[vector.algorithm];
    expect(key.description).toBe(expected);
  });

  it('accepts PEM text whose newlines were escaped as \\n on one line', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = exportPem(privateKey, { type: 'pkcs8', encrypted: false }).replaceAll('\n', '\\n');
    expect(loadSigningKey({ keyId: KEY_ID, pem }).description).toBe('ECDSA P-256');
  });

  it('skips an EC PARAMETERS block in front of the key, as openssl ecparam -genkey writes it', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const parameters = '-----BEGIN EC PARAMETERS-----\nBgUrgQQAIg==\n-----END EC PARAMETERS-----\n';
    const pem = parameters + exportPem(privateKey, { type: 'sec1', encrypted: false });
    expect(loadSigningKey({ keyId: KEY_ID, pem }).description).toBe('ECDSA P-384');
  });

  describe('rejects', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const encryptedSec1 = exportPem(ec.privateKey, { type: 'sec1', encrypted: true });
    const encryptedPkcs8 = exportPem(ec.privateKey, { type: 'pkcs8', encrypted: true });

    it.each([
      ['SEC1', encryptedSec1],
      ['PKCS#8', encryptedPkcs8],
    ])('an encrypted %s key with a wrong passphrase, without leaking anything', (_, pem) => {
      const error = loadError({ keyId: KEY_ID, pem, passphrase: 'not-the-passphrase' });
      expect(error.message).toContain('wrong passphrase or corrupt key');
      expectCleanMessage(error, [...secretFragments(pem, PASSPHRASE), 'not-the-passphrase']);
    });

    it.each([
      ['SEC1', encryptedSec1],
      ['PKCS#8', encryptedPkcs8],
    ])('an encrypted %s key without a passphrase', (_, pem) => {
      for (const passphrase of [undefined, '']) {
        const error = loadError({ keyId: KEY_ID, pem, passphrase });
        expect(error.message).toContain('missing passphrase for an encrypted key');
        expectCleanMessage(error, secretFragments(pem));
      }
    });

    it('a corrupted encrypted key body', () => {
      const lines = encryptedPkcs8.split('\n');
      lines.splice(2, 1);
      const pem = lines.join('\n');
      const error = loadError({ keyId: KEY_ID, pem, passphrase: PASSPHRASE });
      expect(error.message).toContain('wrong passphrase or corrupt key');
      expectCleanMessage(error, secretFragments(pem, PASSPHRASE));
    });

    it('a corrupted plain key body', () => {
      const plain = exportPem(ec.privateKey, { type: 'pkcs8', encrypted: false });
      const pem = plain.replace(/\n[A-Za-z0-9+/]{10}/, '\nAAAAAAAAAA');
      const error = loadError({ keyId: KEY_ID, pem });
      expect(error.message).toMatch(/PRIVATE KEY block is corrupt or in an unsupported format/);
      expectCleanMessage(error, secretFragments(pem));
    });

    it.each([
      ['pkcs8', generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey, 'pkcs8', 'rsa'],
      ['pkcs1', generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey, 'pkcs1', 'rsa'],
      ['pkcs8', generateKeyPairSync('ed448').privateKey, 'pkcs8', 'ed448'],
      ['pkcs8', generateKeyPairSync('x25519').privateKey, 'pkcs8', 'x25519'],
    ] as const)('a %s %s key', (_, privateKey, type, name) => {
      const pem = privateKey.export({ type, format: 'pem' }).toString();
      const error = loadError({ keyId: KEY_ID, pem });
      expect(error.message).toContain(`unsupported key type ${name}`);
      expectCleanMessage(error, secretFragments(pem));
    });

    it('an encrypted RSA key, once decrypted', () => {
      const pem = generateKeyPairSync('rsa', { modulusLength: 1024 })
        .privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE })
        .toString();
      expect(loadError({ keyId: KEY_ID, pem, passphrase: PASSPHRASE }).message).toContain('unsupported key type rsa');
    });

    it('a public key', () => {
      const pem = ec.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect(loadError({ keyId: KEY_ID, pem }).message).toMatch(/public key or certificate was given/);
    });

    it.each([
      ['text without PEM armour', { pem: 'hello, I am not a key' }, /not a PEM key/],
      ['an empty PEM setting', { pem: '' }, /not a PEM key/],
      ['base64 that is not base64', { base64: 'not base64 at all!' }, /not valid base64/],
      ['base64 of something other than PEM', { base64: Buffer.from('plain words').toString('base64') }, /does not decode to PEM/],
      ['an OpenSSH key', { pem: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----\n' }, /OpenSSH key format is not supported/],
    ] as const)('%s', (_, source, message) => {
      expect(loadError({ keyId: KEY_ID, ...source }).message).toMatch(message);
    });

    it('two private keys in one PEM text', () => {
      const pem = exportPem(ec.privateKey, { type: 'pkcs8', encrypted: false });
      expect(loadError({ keyId: KEY_ID, pem: pem + pem }).message).toMatch(/more than one private key/);
    });

    it('a missing file, naming the path', () => {
      const file = join(directory, 'does-not-exist.pem');
      expect(loadError({ keyId: KEY_ID, file }).message).toContain(`file not found: ${file}`);
    });

    it('a directory given as the file', () => {
      const file = join(directory, 'a-directory');
      mkdirSync(file);
      expect(loadError({ keyId: KEY_ID, file }).message).toContain(`not a file: ${file}`);
    });

    it.each([
      [{}, /exactly one of file, pem or base64 \(got none\)/],
      [{ pem: 'x', base64: 'eA==' }, /exactly one of file, pem or base64 \(got pem, base64\)/],
    ])('a source without exactly one key setting: %o', (source, message) => {
      expect(loadError({ keyId: KEY_ID, ...source }).message).toMatch(message);
    });

    it.each(['', ' ', 'with"quote', 'back\\slash', 'line\nbreak', ' padded'])('the key ID %j', (keyId) => {
      const pem = exportPem(ec.privateKey, { type: 'pkcs8', encrypted: false });
      expect(loadError({ keyId, pem }).message).toMatch(/key ID/);
    });
  });
});
