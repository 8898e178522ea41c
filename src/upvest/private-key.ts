import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Loads the tenant's HTTP-signing key (API.md, "HTTP message signatures").
 *
 * Keys come as PEM, usually encrypted: SEC1 (`EC PRIVATE KEY`, possibly with `Proc-Type: 4,ENCRYPTED`)
 * or PKCS#8 (`PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`). ECDSA (SHA-512) and Ed25519 are accepted, the
 * algorithms Upvest's verifier knows. The curve is whatever the tenant registered (API.md: Upvest's docs ask
 * for P-521, their proxy's samples use P-256), so any EC curve the key carries is accepted.
 *
 * Every error message is built from fixed text, the key's PEM label and the file path only: never from
 * the key text, the passphrase or OpenSSL's own messages, so a message can always be logged.
 */

export interface SigningKeySource {
  keyId: string;
  /** Path of a PEM file (`UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME`). */
  file?: string;
  /** PEM text (`UPVEST_API_HTTP_SIGN_PRIVATE_KEY`). */
  pem?: string;
  /** Base64 of the PEM text (`UPVEST_API_HTTP_SIGN_PRIVATE_KEY_BASE64`). */
  base64?: string;
  passphrase?: string;
}

export type SigningAlgorithm = 'ecdsa' | 'ed25519';

export interface SigningKey {
  readonly keyId: string;
  readonly privateKey: KeyObject;
  /** `ecdsa`: ECDSA with SHA-512 and a DER signature; `ed25519`: pure Ed25519. */
  readonly algorithm: SigningAlgorithm;
  /** Safe to log, e.g. "ECDSA P-521" or "Ed25519". */
  readonly description: string;
}

/** Which input was wrong, so that a caller can name its own setting for it. */
export type SigningKeyPart = 'key-id' | 'key' | 'passphrase';

export class SigningKeyError extends Error {
  constructor(
    message: string,
    readonly part: SigningKeyPart = 'key',
  ) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

/** Display names of the usual curves; other curves keep OpenSSL's name. */
const CURVE_NAMES: Readonly<Record<string, string>> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
};

const PRIVATE_KEY_LABELS = new Set(['EC PRIVATE KEY', 'PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);
const PUBLIC_LABELS = new Set(['PUBLIC KEY', 'EC PUBLIC KEY', 'RSA PUBLIC KEY', 'CERTIFICATE']);
/** A real key file is a few hundred bytes; anything this large is the wrong file. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

interface PemBlock {
  readonly label: string;
  readonly text: string;
  readonly encrypted: boolean;
}

export function loadSigningKey(source: SigningKeySource): SigningKey {
  const keyId = validateKeyId(source.keyId);
  const pemText = readPemText(source);
  const block = selectPrivateKeyBlock(pemText);
  const passphrase = source.passphrase === '' ? undefined : source.passphrase;
  if (block.encrypted && passphrase === undefined) {
    throw new SigningKeyError('Cannot load the signing key: missing passphrase for an encrypted key.', 'passphrase');
  }

  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: block.text, format: 'pem', passphrase });
  } catch {
    // OpenSSL cannot tell a wrong passphrase from a damaged encrypted body (a wrong passphrase
    // sometimes decrypts to garbage that then fails to decode), so both get the same message.
    throw block.encrypted
      ? new SigningKeyError('Cannot load the signing key: wrong passphrase or corrupt key.', 'passphrase')
      : new SigningKeyError(`Cannot load the signing key: the ${block.label} block is corrupt or in an unsupported format.`);
  }
  return Object.freeze({ keyId, privateKey, ...describeKey(privateKey) });
}

function validateKeyId(keyId: unknown): string {
  if (typeof keyId !== 'string' || keyId.trim() === '') {
    throw new SigningKeyError('Cannot load the signing key: the key ID is empty.', 'key-id');
  }
  // The key ID is written into signature-input as a quoted structured-field string.
  if (!/^[\x20-\x7e]+$/.test(keyId) || /["\\]/.test(keyId) || keyId !== keyId.trim()) {
    throw new SigningKeyError(
      'Cannot load the signing key: the key ID must be printable ASCII without quotes, backslashes or surrounding spaces.',
      'key-id',
    );
  }
  return keyId;
}

function readPemText(source: SigningKeySource): string {
  const given = (['file', 'pem', 'base64'] as const).filter((name) => source[name] !== undefined);
  if (given.length !== 1) {
    throw new SigningKeyError(
      `Cannot load the signing key: give exactly one of file, pem or base64 (got ${given.length === 0 ? 'none' : given.join(', ')}).`,
    );
  }
  if (source.file !== undefined) return readKeyFile(source.file);
  if (source.pem !== undefined) return unescapeNewlines(source.pem);
  return decodeBase64Pem(source.base64 ?? '');
}

function readKeyFile(path: string): string {
  if (path.trim() === '') throw new SigningKeyError('Cannot load the signing key: the key file path is empty.');
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SigningKeyError(`Cannot load the signing key: file not found: ${path}`);
    if (code === 'EACCES' || code === 'EPERM') {
      throw new SigningKeyError(`Cannot load the signing key: permission denied: ${path}`);
    }
    if (code === 'EISDIR') throw new SigningKeyError(`Cannot load the signing key: not a file: ${path}`);
    throw new SigningKeyError(`Cannot load the signing key: cannot read ${path} (${code ?? 'unknown error'}).`);
  }
  if (content.length > MAX_KEY_FILE_BYTES) {
    throw new SigningKeyError(`Cannot load the signing key: ${path} is too large to be a PEM key.`);
  }
  return content.toString('utf8');
}

/** `.env` files and container settings often carry PEM text on one line with literal `\n`. */
function unescapeNewlines(text: string): string {
  return !text.includes('\n') && text.includes('\\n') ? text.replaceAll('\\n', '\n') : text;
}

function decodeBase64Pem(encoded: string): string {
  const compact = encoded.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new SigningKeyError('Cannot load the signing key: the base64 setting is not valid base64.');
  }
  const text = Buffer.from(compact, 'base64').toString('utf8');
  if (!text.includes('-----BEGIN ')) {
    throw new SigningKeyError('Cannot load the signing key: the base64 setting does not decode to PEM text.');
  }
  return text;
}

function selectPrivateKeyBlock(text: string): PemBlock {
  const blocks = parsePemBlocks(text);
  if (blocks.length === 0) {
    throw new SigningKeyError('Cannot load the signing key: not a PEM key (no "-----BEGIN ...-----" block found).');
  }
  // `openssl ecparam -genkey` writes an EC PARAMETERS block before the key: skip it.
  const privateBlocks = blocks.filter((block) => PRIVATE_KEY_LABELS.has(block.label));
  if (privateBlocks.length > 1) {
    throw new SigningKeyError('Cannot load the signing key: the PEM text holds more than one private key.');
  }
  const [privateBlock] = privateBlocks;
  if (privateBlock !== undefined) return privateBlock;

  const labels = blocks.map((block) => block.label);
  if (labels.some((label) => PUBLIC_LABELS.has(label))) {
    throw new SigningKeyError(
      'Cannot load the signing key: a public key or certificate was given; the private key is needed.',
    );
  }
  if (labels.includes('RSA PRIVATE KEY')) throw new SigningKeyError('Cannot load the signing key: unsupported key type rsa.');
  if (labels.includes('DSA PRIVATE KEY')) throw new SigningKeyError('Cannot load the signing key: unsupported key type dsa.');
  if (labels.includes('OPENSSH PRIVATE KEY')) {
    throw new SigningKeyError(
      'Cannot load the signing key: the OpenSSH key format is not supported; convert the key to PKCS#8 PEM.',
    );
  }
  throw new SigningKeyError(
    `Cannot load the signing key: no private key block found (found ${labels.map((label) => `"${label}"`).join(', ')}).`,
  );
}

function parsePemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  const pattern = /-----BEGIN ([A-Z0-9 ]{1,40})-----[\s\S]*?-----END \1-----/g;
  for (const match of text.replaceAll('\r\n', '\n').matchAll(pattern)) {
    const label = match[1] ?? '';
    const blockText = `${match[0]}\n`;
    const encrypted = label === 'ENCRYPTED PRIVATE KEY' || /^Proc-Type:\s*4,\s*ENCRYPTED\s*$/m.test(blockText);
    blocks.push({ label, text: blockText, encrypted });
  }
  return blocks;
}

function describeKey(privateKey: KeyObject): Pick<SigningKey, 'algorithm' | 'description'> {
  const type = privateKey.asymmetricKeyType ?? 'unknown';
  if (type === 'ed25519') return { algorithm: 'ed25519', description: 'Ed25519' };
  if (type === 'ec') {
    const curve = privateKey.asymmetricKeyDetails?.namedCurve ?? 'unknown curve';
    return { algorithm: 'ecdsa', description: `ECDSA ${CURVE_NAMES[curve] ?? curve}` };
  }
  const shown = type === 'rsa-pss' ? 'rsa' : type;
  throw new SigningKeyError(
    `Cannot load the signing key: unsupported key type ${shown}; use ECDSA (e.g. P-256 or P-521) or Ed25519.`,
  );
}
