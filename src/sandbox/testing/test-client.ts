import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { SandboxOptions } from '../sandbox-options';
import { jsonOf, sendRaw, type RawResponse } from './raw-http';
import { contentDigest, signedHeaders } from './test-signer';

export interface TestCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly keyId: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function createTestCredentials(curve: 'P-256' | 'P-521' | 'ed25519' = 'P-256'): TestCredentials {
  const pair = curve === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: curve });
  return {
    clientId: 'test-client',
    clientSecret: 'test-secret-0123456789',
    keyId: 'test-key',
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
  };
}

export function sandboxOptionsFor(credentials: TestCredentials, scopes: readonly string[] = ['accounts:read']): Pick<SandboxOptions, 'clients' | 'keys'> {
  return {
    clients: [{ clientId: credentials.clientId, clientSecret: credentials.clientSecret, scopes }],
    keys: [{ keyId: credentials.keyId, publicKey: credentials.publicKey }],
  };
}

export interface GetOptions {
  readonly token?: string;
  /** Replaces, adds or (null) leaves out headers, before signing. */
  readonly headers?: Readonly<Record<string, string | null>>;
  readonly components?: readonly string[];
}

/** Signs requests the way Upvest's clients do, with the test signer; for API-level tests. */
export class TestClient {
  constructor(
    readonly baseUrl: string,
    readonly credentials: TestCredentials,
    private readonly clockMs: () => number = Date.now,
  ) {}

  tokenRequest(form: Readonly<Record<string, string>> = {}, extraHeaders: Readonly<Record<string, string>> = {}): Promise<RawResponse> {
    const body = new URLSearchParams({
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
      grant_type: 'client_credentials',
      scope: 'accounts:read',
      ...form,
    }).toString();
    const headers = {
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      'upvest-api-version': '1',
      'upvest-client-id': this.credentials.clientId,
      'content-length': String(Buffer.byteLength(body)),
      'content-digest': contentDigest(body),
      ...extraHeaders,
    };
    return this.send('POST', '/auth/token', headers, ['@method', '@path', ...Object.keys(headers)], body);
  }

  async accessToken(scope = 'accounts:read'): Promise<string> {
    const response = await this.tokenRequest({ scope });
    if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${response.text}`);
    const body = jsonOf(response) as { access_token: string };
    return body.access_token;
  }

  get(target: string, options: GetOptions = {}): Promise<RawResponse> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      'upvest-api-version': '1',
      'upvest-client-id': this.credentials.clientId,
    };
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === null) Reflect.deleteProperty(headers, name);
      else headers[name] = value;
    }
    const components = options.components ?? [
      '@method',
      '@path',
      ...(target.includes('?') ? ['@query'] : []),
      ...Object.keys(headers),
    ];
    return this.send('GET', target, headers, components, null);
  }

  private send(method: string, target: string, headers: Record<string, string>, components: readonly string[], body: string | null): Promise<RawResponse> {
    const created = Math.floor(this.clockMs() / 1000);
    const signed = signedHeaders({
      method,
      target,
      headers,
      components,
      keyId: this.credentials.keyId,
      privateKey: this.credentials.privateKey,
      created,
      expires: created + 30,
    });
    return sendRaw(this.baseUrl, { method, target, headers: signed, body });
  }
}
