import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEmbeddedSandboxCredentials, startSandbox } from './sandbox';
import { TestClient } from './testing/test-client';

describe('createEmbeddedSandboxCredentials', () => {
  it('gives sandbox options and a private key PEM that signs accepted requests', async () => {
    const credentials = createEmbeddedSandboxCredentials();
    expect(credentials.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(credentials.sandboxOptions.clients[0]).toEqual({ clientId: credentials.clientId, clientSecret: credentials.clientSecret, scopes: ['accounts:read'] });
    const sandbox = await startSandbox({ ...credentials.sandboxOptions, accountGroups: 20, controlPort: null });
    try {
      const privateKey = createPrivateKey(credentials.privateKeyPem);
      const client = new TestClient(sandbox.url, { ...credentials, privateKey, publicKey: privateKey });
      const response = await client.get('/account_groups?limit=5', { token: await client.accessToken() });
      expect(response.status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it('is fresh every time', () => {
    const [a, b] = [createEmbeddedSandboxCredentials(), createEmbeddedSandboxCredentials()];
    expect(a.clientSecret).not.toBe(b.clientSecret);
    expect(a.keyId).not.toBe(b.keyId);
    expect(a.privateKeyPem).not.toBe(b.privateKeyPem);
  });
});
