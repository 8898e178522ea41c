import { createPrivateKey } from 'node:crypto';
import { Writable } from 'node:stream';
import { createEmbeddedSandboxCredentials, startSandbox, type RunningSandbox, type SandboxOptions } from '../../sandbox/sandbox';
import { loadConfig } from '../config';
import { startConsole, type RunningConsole } from '../console-server';
import { createLogger } from '../logger';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy';

export interface HarnessOptions {
  sandbox?: Partial<SandboxOptions>;
  /** Extra console settings (environment names), e.g. { MIRROR_SYNC_INTERVAL_SECONDS: '1' }. */
  env?: Record<string, string>;
  /** Start the mirror's sync at once (default false: most tests want a quiet upstream). */
  startMirror?: boolean;
  /** How long /api/ready reuses an answer (default: the console's 5 s). */
  readinessCacheMs?: number;
  /** Put a recording proxy between the console and the sandbox (see recording-proxy.ts). */
  recordUpstream?: boolean;
  /** Hand the console its private key encrypted with this passphrase. */
  keyPassphrase?: string;
  /** The console's clock for sessions and sign-in slow-down (milliseconds since the epoch). */
  clock?: () => number;
}

export interface ApiAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface Harness {
  sandbox: RunningSandbox;
  console: RunningConsole;
  /** Every log line the console wrote, parsed. */
  logs: string[];
  /** Secrets the console holds, to look for where they must not be. */
  secrets: { clientSecret: string; privateKeyPem: string; configuredKeyPem: string; passphrase: string | null };
  /** The recording proxy, when `recordUpstream` was set. */
  upstream: RecordingProxy | null;
  api<T = unknown>(path: string, init?: RequestInit): Promise<ApiAnswer<T>>;
  close(): Promise<void>;
}

/**
 * The real console server, configured exactly as an operator would (environment settings, live mode),
 * pointed at a real sandbox over loopback. Server tests use this rather than mocks.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const credentials = createEmbeddedSandboxCredentials();
  const sandbox = await startSandbox({
    ...credentials.sandboxOptions,
    accountGroups: 300,
    seed: 7,
    controlPort: null,
    ...options.sandbox,
  });
  const upstream = options.recordUpstream === true ? await startRecordingProxy(sandbox.url) : null;
  const passphrase = options.keyPassphrase ?? null;
  const configuredKeyPem =
    passphrase === null
      ? credentials.privateKeyPem
      : createPrivateKey(credentials.privateKeyPem)
          .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
          .toString();
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'debug',
    UPVEST_API_BASE_URL: upstream?.url ?? sandbox.url,
    UPVEST_API_CLIENT_ID: credentials.clientId,
    UPVEST_API_CLIENT_SECRET: credentials.clientSecret,
    UPVEST_API_KEY_ID: credentials.keyId,
    UPVEST_API_HTTP_SIGN_PRIVATE_KEY: configuredKeyPem,
    ...(passphrase === null ? {} : { UPVEST_API_HTTP_SIGN_PRIVATE_KEY_PASSPHRASE: passphrase }),
    STATIC_DIR: '/nonexistent-static-dir',
    // Tests send thousands of requests from one address; the rate-limit test sets its own budget.
    API_RATE_LIMIT_PER_MINUTE: '1000000',
    ...options.env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      callback();
    },
  });
  let running: RunningConsole;
  try {
    running = await startConsole(config, {
      logger: createLogger(config.logLevel, sink),
      startMirror: options.startMirror ?? false,
      ...(options.readinessCacheMs === undefined ? {} : { readinessCacheMs: options.readinessCacheMs }),
      ...(options.clock ? { clock: options.clock } : {}),
    });
  } catch (error) {
    await upstream?.close();
    await sandbox.close();
    throw error;
  }

  return {
    sandbox,
    console: running,
    logs,
    secrets: { clientSecret: credentials.clientSecret, privateKeyPem: credentials.privateKeyPem, configuredKeyPem, passphrase },
    upstream,
    async api<T>(path: string, init?: RequestInit): Promise<ApiAnswer<T>> {
      const response = await fetch(`${running.url}${path}`, init);
      const text = await response.text();
      const type = response.headers.get('content-type') ?? '';
      const body = (type.includes('json') && text !== '' ? JSON.parse(text) : text) as T;
      return { status: response.status, headers: response.headers, body, text };
    },
    async close() {
      await running.close();
      await upstream?.close();
      await sandbox.close();
    },
  };
}
