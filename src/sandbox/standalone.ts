import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox } from './sandbox';
import { StandaloneConfigError, type StandaloneConfig } from './standalone-config';
import { ACCOUNTS_READ_SCOPE } from './upvest-api';

export interface StandaloneSandbox {
  readonly sandbox: RunningSandbox;
  readonly clientId: string;
  readonly keyIds: readonly string[];
  /** Where the generated private key was written, when no key was configured. */
  readonly privateKeyFile: string | null;
}

/**
 * Starts the standalone sandbox from its settings and prints what it serves, with an env block for
 * the console. The client secret is printed only when it was generated here; a secret the user set
 * is referred to by its variable, never echoed.
 */
export async function runStandalone(config: StandaloneConfig, print: (line: string) => void): Promise<StandaloneSandbox> {
  const keys = config.keys?.map(({ keyId, publicKeyFile }) => ({ keyId, publicKey: readPublicKey(publicKeyFile) })) ?? null;
  let privateKeyFile: string | null = null;
  let sandboxKeys: { keyId: string; publicKey: KeyObject }[];
  if (keys === null) {
    const generated = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const directory = mkdtempSync(join(tmpdir(), 'upvest-sandbox-'));
    privateKeyFile = join(directory, 'sandbox-private-key.pem');
    writeFileSync(privateKeyFile, generated.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    sandboxKeys = [{ keyId: config.generatedKeyId ?? randomUUID(), publicKey: generated.publicKey }];
  } else {
    sandboxKeys = keys;
  }
  const clientId = config.clientId ?? randomUUID();
  const clientSecret = config.clientSecret ?? randomBytes(24).toString('base64url');

  const sandbox = await startSandbox({
    host: config.host,
    port: config.port,
    controlPort: config.controlPort,
    clients: [{ clientId, clientSecret, scopes: [ACCOUNTS_READ_SCOPE] }],
    keys: sandboxKeys,
    accountGroups: config.accountGroups,
    seed: config.seed,
    activity: config.activityPerMinute === null ? null : { changesPerMinute: config.activityPerMinute },
  });

  const keyIds = sandboxKeys.map((key) => key.keyId);
  const secretShown = config.clientSecret === null ? clientSecret : '"$SANDBOX_CLIENT_SECRET"';
  const privateKeyShown = privateKeyFile ?? `<private key file of ${keyIds[0] ?? 'your key'}>`;
  print('Upvest sandbox is running.');
  print(`  API:             ${sandbox.url}`);
  print(`  Control:         ${sandbox.controlUrl ?? '(none)'}/control/info`);
  print(`  Client ID:       ${clientId}`);
  print(`  Client secret:   ${config.clientSecret === null ? `${clientSecret} (generated)` : '(from SANDBOX_CLIENT_SECRET)'}`);
  print(`  Key IDs:         ${keyIds.join(', ')}`);
  if (privateKeyFile !== null) print(`  Private key:     ${privateKeyFile} (generated, mode 0600)`);
  print(`  Account groups:  ${config.accountGroups} (seed ${config.seed})`);
  print(`  Activity:        ${config.activityPerMinute === null ? 'none' : `${config.activityPerMinute} changes per minute`}`);
  print('');
  print('Point the console at it:');
  print(
    `UPVEST_API_BASE_URL=${sandbox.url} UPVEST_API_CLIENT_ID=${clientId} UPVEST_API_CLIENT_SECRET=${secretShown} ` +
      `UPVEST_API_KEY_ID=${keyIds[0] ?? ''} UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME=${privateKeyShown}`,
  );
  return { sandbox, clientId, keyIds, privateKeyFile };
}

function readPublicKey(file: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch {
    throw new StandaloneConfigError('SANDBOX_PUBLIC_KEY_FILE', `cannot read "${file}"`);
  }
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ec' && key.asymmetricKeyType !== 'ed25519') {
      throw new StandaloneConfigError('SANDBOX_PUBLIC_KEY_FILE', `"${file}" must hold an EC or Ed25519 public key`);
    }
    return key;
  } catch (error) {
    if (error instanceof StandaloneConfigError) throw error;
    throw new StandaloneConfigError('SANDBOX_PUBLIC_KEY_FILE', `"${file}" is not a PEM public key`);
  }
}
