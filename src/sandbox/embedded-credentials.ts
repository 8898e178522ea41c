import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { SandboxClient, SandboxKey } from './sandbox-options';
import { ACCOUNTS_READ_SCOPE } from './upvest-api';

export interface EmbeddedSandboxCredentials {
  /** Spread into startSandbox's options. */
  readonly sandboxOptions: { readonly clients: readonly SandboxClient[]; readonly keys: readonly SandboxKey[] };
  readonly clientId: string;
  readonly clientSecret: string;
  readonly keyId: string;
  readonly scopes: readonly string[];
  /** PKCS#8 PEM, unencrypted (it never leaves the process); load it with the console's key loader. */
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

/**
 * Fresh credentials for the console's embedded mode: an ECDSA P-256 key pair and a client, all in
 * memory, so `npm start` without configuration runs against a sandbox that verifies signatures as
 * strictly as Upvest does.
 */
export function createEmbeddedSandboxCredentials(): EmbeddedSandboxCredentials {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const clientId = randomUUID();
  const clientSecret = randomBytes(32).toString('base64url');
  const keyId = randomUUID();
  const scopes = [ACCOUNTS_READ_SCOPE];
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    sandboxOptions: { clients: [{ clientId, clientSecret, scopes }], keys: [{ keyId, publicKey: publicKeyPem }] },
    clientId,
    clientSecret,
    keyId,
    scopes,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem,
  };
}
