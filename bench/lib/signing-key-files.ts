import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchSigningKey } from './sandbox-process';

/** A fresh EC key pair in a private temporary folder, for a sandbox and a console that must use a given curve. */
export function writeEcKeyFiles(namedCurve: 'P-256' | 'P-384' | 'P-521'): BenchSigningKey & { remove(): void } {
  const directory = mkdtempSync(join(tmpdir(), 'bench-key-'));
  const pair = generateKeyPairSync('ec', { namedCurve });
  const privateKeyFile = join(directory, 'private.pem');
  const publicKeyFile = join(directory, 'public.pem');
  writeFileSync(privateKeyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(publicKeyFile, pair.publicKey.export({ type: 'spki', format: 'pem' }));
  return { keyId: randomUUID(), privateKeyFile, publicKeyFile, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
