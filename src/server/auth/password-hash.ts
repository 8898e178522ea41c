import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords of the users file, hashed with scrypt (Node's own). The stored form carries its parameters,
 * so they can be raised later without invalidating existing hashes:
 *
 *   $scrypt$ln=15,r=8,p=1$<salt, base64>$<hash, base64>
 *
 * ln=15 (N = 32768), r=8 costs 32 MiB and some tens of milliseconds per check: slow enough for guessing
 * to be expensive, fast enough for a sign-in.
 */

export const DEFAULT_SCRYPT = { ln: 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Upper bounds for parameters read from a file, so a doctored hash cannot make one check eat the machine. */
const LIMITS = { ln: 17, r: 16, p: 4 } as const;

export interface ScryptParameters {
  ln: number;
  r: number;
  p: number;
}

export class PasswordHashFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PasswordHashFormatError';
  }
}

export async function hashPassword(password: string, parameters: ScryptParameters = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, parameters, KEY_BYTES);
  return `$scrypt$ln=${parameters.ln},r=${parameters.r},p=${parameters.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Constant-time comparison of the derived key. Throws PasswordHashFormatError for a malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const { parameters, salt, key } = parsePasswordHash(stored);
  const candidate = await derive(password, salt, parameters, key.length);
  return timingSafeEqual(candidate, key);
}

export function parsePasswordHash(stored: string): { parameters: ScryptParameters; salt: Buffer; key: Buffer } {
  const match = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/.exec(stored);
  if (match === null) throw new PasswordHashFormatError('is not a "$scrypt$ln=..,r=..,p=..$salt$hash" password hash');
  const [, ln, r, p, salt, key] = match as unknown as [string, string, string, string, string, string];
  const parameters = { ln: Number(ln), r: Number(r), p: Number(p) };
  if (parameters.ln < 10 || parameters.ln > LIMITS.ln || parameters.r < 1 || parameters.r > LIMITS.r) {
    throw new PasswordHashFormatError(`has scrypt parameters out of range (ln 10..${LIMITS.ln}, r 1..${LIMITS.r})`);
  }
  if (parameters.p < 1 || parameters.p > LIMITS.p) throw new PasswordHashFormatError(`has p out of range (1..${LIMITS.p})`);
  const keyBytes = Buffer.from(key, 'base64');
  if (keyBytes.length < 16 || keyBytes.length > 64) throw new PasswordHashFormatError('has a hash of the wrong length');
  return { parameters, salt: Buffer.from(salt, 'base64'), key: keyBytes };
}

function derive(password: string, salt: Buffer, { ln, r, p }: ScryptParameters, length: number): Promise<Buffer> {
  const N = 2 ** ln;
  // OpenSSL's own accounting (128·r·(N+2) for V plus 128·r·p for B), with a little room.
  const options: ScryptOptions = { N, r, p, maxmem: 128 * r * (N + 2 + p) + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, length, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}
