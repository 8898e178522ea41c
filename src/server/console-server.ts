import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ConsoleMode } from '../domain/console-api';
import { loadSigningKey, SigningKeyError, type SigningKey } from '../upvest/private-key';
import { UpvestClient } from '../upvest/upvest-client';
import { buildApp } from './app';
import { ConfigError, type ConsoleConfig, type UpvestSettings } from './config';
import { startEmbeddedSandbox, type EmbeddedSandbox } from './embedded-sandbox';
import { Mirror } from './mirror/mirror-sync';

export interface RunningConsole {
  url: string;
  mode: ConsoleMode;
  app: FastifyInstance;
  upvest: UpvestClient;
  mirror: Mirror;
  /** The embedded sandbox, when the console runs on it. */
  sandbox: EmbeddedSandbox | null;
  close(): Promise<void>;
}

export interface StartOptions {
  logger: Logger;
  /** Start the mirror's sync at once (default true). */
  startMirror?: boolean;
  /** How long /api/ready reuses an answer (default 5 s); tests set 0 rather than sleep. */
  readinessCacheMs?: number;
  /** Milliseconds since the epoch, for sessions and sign-in slow-down (tests move it). */
  clock?: () => number;
}

/**
 * Starts everything the console needs, in order: the embedded sandbox (when no Upvest base URL is set),
 * the Upvest client, the mirror, the HTTP server. `close()` stops them in reverse order, letting in-flight
 * requests finish.
 */
export async function startConsole(config: ConsoleConfig, options: StartOptions): Promise<RunningConsole> {
  const { logger } = options;
  let sandbox: EmbeddedSandbox | null = null;
  let connection: { baseUrl: string; clientId: string; clientSecret: string; scopes: string[]; key: SigningKey };

  if (config.upvest.mode === 'sandbox') {
    sandbox = await startEmbeddedSandbox(config.upvest.sandbox);
    connection = sandbox.connection;
    logger.info(
      {
        sandbox_url: sandbox.connection.baseUrl,
        sandbox_control_url: sandbox.controlUrl,
        account_groups: config.upvest.sandbox.accountGroups,
        seed: config.upvest.sandbox.seed,
      },
      'no UPVEST_API_BASE_URL set: running on the embedded Upvest sandbox with generated credentials',
    );
  } else {
    const { settings } = config.upvest;
    connection = {
      baseUrl: settings.baseUrl,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      scopes: settings.scopes,
      key: loadKeyOrNameSetting(settings),
    };
    logger.info({ upstream: settings.baseUrl, key: connection.key.description }, 'connecting to Upvest');
  }

  const upvest = new UpvestClient({
    baseUrl: connection.baseUrl,
    clientId: connection.clientId,
    clientSecret: connection.clientSecret,
    scopes: connection.scopes,
    key: connection.key,
    maxConcurrency: config.upstreamLimits.maxConcurrency,
    timeouts: { headersMs: config.upstreamLimits.timeoutMs },
    deadlineMs: config.upstreamLimits.deadlineMs,
    logger: logger.child({ component: 'upvest' }),
  });

  const mirror = new Mirror({
    source: upvest,
    incrementalIntervalMs: config.mirror.incrementalIntervalMs,
    fullResyncIntervalMs: config.mirror.fullResyncIntervalMs,
    pagesInFlight: config.mirror.pagesInFlight,
    logger: logger.child({ component: 'mirror' }),
  });

  const mode: ConsoleMode = config.upvest.mode;
  if (config.trustProxy === true) {
    logger.warn(
      'TRUST_PROXY=true believes any X-Forwarded-For, so a client can pick its own address for the rate limit and the ' +
        "sign-in slow-down: set the proxy's address or a hop count instead",
    );
  }
  let app: FastifyInstance;
  let address: string;
  try {
    app = await buildApp({
      config,
      mode,
      upstreamBaseUrl: connection.baseUrl,
      upvest,
      mirror,
      logger,
      version: packageVersion(),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.readinessCacheMs === undefined ? {} : { readinessCacheMs: options.readinessCacheMs }),
    });
    address = await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    // A setting found wrong while building (an unreadable users file), or the port taken: stop what was started.
    await upvest.close();
    await sandbox?.close();
    throw error;
  }
  if (options.startMirror ?? true) mirror.start();

  let closing: Promise<void> | null = null;
  return {
    url: address,
    mode,
    app,
    upvest,
    mirror,
    sandbox,
    close() {
      closing ??= (async () => {
        // The mirror stops first: it aborts a running sync, so a refresh request waiting on that sync is
        // answered at once instead of holding app.close() (and SIGTERM) for as long as Upvest takes.
        const mirrorStopped = mirror.stop();
        const appClosed = app.close();
        if (await outlasts(appClosed, config.shutdownGraceMs)) {
          // Past the grace period: calls still waiting on Upvest are aborted (their requests get a 503
          // problem), then connections still open (a CSV export read slowly) are cut, so that the process
          // exits before an orchestrator's SIGKILL would cut everything mid-answer.
          logger.warn({ grace_seconds: config.shutdownGraceMs / 1000 }, 'shutdown grace period over: aborting calls to Upvest');
          await upvest.close();
          if (await outlasts(appClosed, ANSWER_AFTER_ABORT_MS)) app.server.closeAllConnections();
        }
        await appClosed;
        await mirrorStopped;
        await upvest.close();
        await sandbox?.close();
      })();
      return closing;
    },
  };
}

/** The signing key from the settings; a key that cannot be loaded is a ConfigError naming the setting to fix. */
function loadKeyOrNameSetting(settings: UpvestSettings): SigningKey {
  try {
    return loadSigningKey({ keyId: settings.keyId, ...settings.privateKey });
  } catch (error) {
    if (!(error instanceof SigningKeyError)) throw error;
    const keySetting =
      settings.privateKey.file !== undefined
        ? 'UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME'
        : settings.privateKey.pem !== undefined
          ? 'UPVEST_API_HTTP_SIGN_PRIVATE_KEY'
          : 'UPVEST_API_HTTP_SIGN_PRIVATE_KEY_BASE64';
    const setting = { 'key-id': 'UPVEST_API_KEY_ID', passphrase: 'UPVEST_API_HTTP_SIGN_PRIVATE_KEY_PASSPHRASE', key: keySetting }[error.part];
    throw new ConfigError(setting, error.message);
  }
}

/** Time for handlers whose Upvest call was just aborted to send their problem before connections are cut. */
const ANSWER_AFTER_ABORT_MS = 1000;

/** True when `work` has not settled after `ms`. */
async function outlasts(work: Promise<unknown>, ms: number): Promise<boolean> {
  const settled = work.then(
    () => false,
    () => false,
  );
  return Promise.race([settled, sleep(ms, true, { ref: false })]);
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
