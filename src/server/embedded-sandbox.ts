import { createEmbeddedSandboxCredentials, startSandbox, type SandboxControl } from '../sandbox/sandbox';
import { loadSigningKey, type SigningKey } from '../upvest/private-key';
import type { EmbeddedSandboxSettings } from './config';

export interface UpvestConnection {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  key: SigningKey;
}

export interface EmbeddedSandbox {
  /** How the console reaches the sandbox: the same signed path as to Upvest. */
  connection: UpvestConnection;
  /** The sandbox's own control endpoint (faults, data), on loopback only; never exposed via /api. */
  controlUrl: string | null;
  control: SandboxControl;
  close(): Promise<void>;
}

/**
 * `npm start` without Upvest settings: an in-process sandbox on a loopback port, with a freshly generated
 * key pair and client credentials that exist only in memory. The console talks to it through the very same
 * client, signer and token cache it uses for Upvest, so the sandbox proves the real path.
 */
export async function startEmbeddedSandbox(settings: EmbeddedSandboxSettings): Promise<EmbeddedSandbox> {
  const credentials = createEmbeddedSandboxCredentials();
  const sandbox = await startSandbox({
    ...credentials.sandboxOptions,
    host: '127.0.0.1',
    port: 0,
    controlPort: settings.controlPort ?? 0,
    accountGroups: settings.accountGroups,
    seed: settings.seed,
    activity: settings.activityPerMinute > 0 ? { changesPerMinute: settings.activityPerMinute } : null,
  });
  return {
    connection: {
      baseUrl: sandbox.url,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      scopes: [...credentials.scopes],
      key: loadSigningKey({ keyId: credentials.keyId, pem: credentials.privateKeyPem }),
    },
    controlUrl: sandbox.controlUrl,
    control: sandbox.control,
    close: () => sandbox.close(),
  };
}
