import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type AccountClaims } from 'oidc-provider';

/**
 * A real OpenID provider (the `oidc-provider` package, certified by the OpenID Foundation) on a loopback
 * port, for tests: code flow with PKCE required, ID tokens, userinfo, and its development login pages,
 * where any login name signs in as that account (the password field is not checked).
 */

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface OidcTestProviderOptions {
  clients: TestClient[];
  /** Login name → claims. A login not listed signs in as an account with a subject only. */
  accounts: Record<string, TestAccount>;
  /** Fixed port (end-to-end tests); a random free one by default. */
  port?: number;
}

export interface OidcTestProvider {
  issuer: string;
  close(): Promise<void>;
}

/** Accounts used across the sign-in tests. */
export const TEST_ACCOUNTS: Record<string, TestAccount> = {
  alice: { email: 'alice@staff.example', email_verified: true, name: 'Alice Staff' },
  gina: { email: 'gina@contractor.example', email_verified: true, name: 'Gina Group', groups: ['console-operators'] },
  mallory: { email: 'mallory@elsewhere.example', email_verified: true, name: 'Mallory Outsider' },
  eve: { email: 'eve@staff.example', email_verified: false, name: 'Eve Unverified' },
};

export async function startOidcTestProvider(options: OidcTestProviderOptions): Promise<OidcTestProvider> {
  let handler: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => {
    response.statusCode = 503;
    response.end();
  };
  const server = createServer((request, response) => {
    handler(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    // Stricter than the default (PKCE only for public clients): the console must send it.
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'groups'],
    },
    findAccount: (_context, id) => ({
      accountId: id,
      claims: (): AccountClaims => ({ sub: id, ...options.accounts[id] }),
    }),
    features: { devInteractions: { enabled: true } },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [{ ...signingKey, use: 'sig', alg: 'RS256' }] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
  });
  handler = provider.callback();

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
