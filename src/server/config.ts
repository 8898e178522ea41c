import { isIP } from 'node:net';
import { readAuthSettings, type AuthSettings } from './auth/auth-settings';
import { ConfigError, readInteger, readSecureUrl, type ReadSetting } from './setting-readers';

export { ConfigError } from './setting-readers';

/**
 * The console server's settings, read from the environment (and `.env`, loaded by main.ts).
 *
 * Upvest settings use the names of Upvest's official Python client so an existing `.env` carries over
 * (API.md "Configuration names"). Every problem names the setting, and no message ever repeats a secret.
 */

export interface UpvestSettings {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  keyId: string;
  privateKey: { file?: string; pem?: string; base64?: string; passphrase?: string };
  scopes: string[];
}

/** How the console talks to Upvest, live or embedded alike. */
export interface UpstreamLimits {
  maxConcurrency: number;
  /** Per attempt: how long to wait for Upvest's response headers. */
  timeoutMs: number;
  /** Per call: everything, retries and waiting included. */
  deadlineMs: number;
}

export interface EmbeddedSandboxSettings {
  accountGroups: number;
  seed: number;
  controlPort: number | null;
  activityPerMinute: number;
}

export interface MirrorSettings {
  incrementalIntervalMs: number;
  fullResyncIntervalMs: number;
  pagesInFlight: number;
}

export interface ConsoleConfig {
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `live` when UPVEST_API_BASE_URL is set; otherwise the embedded sandbox is started. */
  upvest: { mode: 'live'; settings: UpvestSettings } | { mode: 'sandbox'; sandbox: EmbeddedSandboxSettings };
  upstreamLimits: UpstreamLimits;
  mirror: MirrorSettings;
  /** After SIGTERM: how long in-flight requests may take before Upvest calls are aborted and connections closed. */
  shutdownGraceMs: number;
  /** Requests per minute per client address on /api. */
  apiRateLimitPerMinute: number;
  staticDir: string;
  /** Staff sign-in (src/server/auth): none only on a loopback address. */
  auth: AuthSettings;
  /** Fastify's trustProxy: whether X-Forwarded-* from a proxy in front are believed (a hop count becomes a function). */
  trustProxy: boolean | string | ((address: string, hop: number) => boolean);
}

/** Every setting the console reads, with its default, for the README and `--help`. */
export const SETTINGS = [
  ['HOST', '127.0.0.1', 'Address the console server binds to.'],
  ['PORT', '3000', 'Port of the console server.'],
  ['LOG_LEVEL', 'info', 'fatal, error, warn, info, debug, trace or silent.'],
  ['UPVEST_API_BASE_URL', '(unset: embedded sandbox)', 'Upvest API base URL, e.g. https://sandbox.upvest.co.'],
  ['UPVEST_API_CLIENT_ID', '', 'Tenant client ID (required with UPVEST_API_BASE_URL).'],
  ['UPVEST_API_CLIENT_SECRET', '', 'Tenant client secret (required with UPVEST_API_BASE_URL).'],
  ['UPVEST_API_KEY_ID', '', 'ID of the registered HTTP-signature key (required with UPVEST_API_BASE_URL).'],
  ['UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME', '', 'Path of the PEM private key (one of the three key settings).'],
  ['UPVEST_API_HTTP_SIGN_PRIVATE_KEY', '', 'The PEM private key text.'],
  ['UPVEST_API_HTTP_SIGN_PRIVATE_KEY_BASE64', '', 'The PEM private key, base64-encoded.'],
  ['UPVEST_API_HTTP_SIGN_PRIVATE_KEY_PASSPHRASE', '', 'Passphrase of an encrypted private key.'],
  ['UPVEST_API_SCOPES', 'accounts:read', 'Comma-separated OAuth scopes to request.'],
  ['UPVEST_MAX_CONCURRENCY', '8', 'Requests in flight towards Upvest at most.'],
  ['UPVEST_TIMEOUT_MS', '15000', 'Time to wait for Upvest response headers before retrying.'],
  ['UPVEST_DEADLINE_MS', '30000', 'Most time one call to Upvest may take in all, retries and waiting included.'],
  ['MIRROR_SYNC_INTERVAL_SECONDS', '30', 'Incremental mirror sync period.'],
  ['MIRROR_FULL_RESYNC_INTERVAL_MINUTES', '360', 'Full mirror resync period (repairs anything missed).'],
  ['MIRROR_PAGES_IN_FLIGHT', '4', 'Pages of 1,000 fetched at once during a full sync.'],
  ['API_RATE_LIMIT_PER_MINUTE', '600', 'Requests per minute per client address on /api.'],
  ['STATIC_DIR', 'dist', 'Folder of the built SPA that the console server serves.'],
  ['SHUTDOWN_GRACE_SECONDS', '10', 'On SIGTERM, how long in-flight requests may run before Upvest calls are aborted and connections closed.'],
  ['SANDBOX_ACCOUNT_GROUPS', '2500', 'Embedded sandbox: number of account groups.'],
  ['SANDBOX_SEED', '1', 'Embedded sandbox: data seed.'],
  ['SANDBOX_ACTIVITY_PER_MINUTE', '6', 'Embedded sandbox: groups created or changing status per minute.'],
  ['SANDBOX_CONTROL_PORT', '(random)', 'Embedded sandbox: loopback port of its control endpoint (faults, data).'],
  ['OIDC_ISSUER_URL', '(unset: no OIDC sign-in)', 'OpenID Connect issuer, e.g. https://login.example.com.'],
  ['OIDC_CLIENT_ID', '', 'Client ID of the console at the identity provider (required with OIDC_ISSUER_URL).'],
  ['OIDC_CLIENT_SECRET', '', 'Client secret of the console at the identity provider (required with OIDC_ISSUER_URL).'],
  ['OIDC_REDIRECT_URL', '', 'The console\'s callback, e.g. https://console.example/api/auth/oidc/callback (required with OIDC_ISSUER_URL).'],
  ['OIDC_SCOPES', 'openid email profile', 'Space-separated scopes to ask the identity provider for.'],
  ['OIDC_GROUPS_CLAIM', 'groups', 'Claim (ID token or userinfo) that lists the person\'s groups.'],
  ['OIDC_PROVIDER_NAME', '(issuer host)', 'The name on the sign-in button: "Sign in with …".'],
  ['AUTH_ALLOWED_EMAILS', '', 'Comma-separated verified e-mail addresses allowed in through OIDC.'],
  ['AUTH_ALLOWED_EMAIL_DOMAINS', '', 'Comma-separated domains whose verified e-mail addresses are allowed in through OIDC.'],
  ['AUTH_ALLOWED_GROUPS', '', 'Comma-separated groups (OIDC_GROUPS_CLAIM) allowed in through OIDC.'],
  ['AUTH_USERS_FILE', '(unset: no password sign-in)', 'Users file for sign-in with a password (npm run user:add).'],
  ['SESSION_IDLE_SECONDS', '1800', 'A session ends after this long without use.'],
  ['SESSION_MAX_HOURS', '12', 'A session ends this long after sign-in, however much it is used.'],
  ['TRUST_PROXY', 'false', 'Believe X-Forwarded-For/-Proto/-Host: true, a hop count, or comma-separated proxy addresses.'],
] as const satisfies readonly (readonly [string, string, string])[];

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env): ConsoleConfig {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const host = read('HOST') ?? '127.0.0.1';
  if (isIP(host) === 0 && host !== 'localhost') {
    throw new ConfigError('HOST', `must be an IP address or "localhost"; got "${host}".`);
  }

  const baseUrl = read('UPVEST_API_BASE_URL');
  const upvest: ConsoleConfig['upvest'] =
    baseUrl === undefined
      ? { mode: 'sandbox', sandbox: readSandboxSettings(read) }
      : { mode: 'live', settings: readUpvestSettings(baseUrl, env, read) };

  return {
    host,
    port: readInteger(read, 'PORT', 3000, 0, 65_535),
    logLevel: readLogLevel(read('LOG_LEVEL')),
    upvest,
    upstreamLimits: {
      maxConcurrency: readInteger(read, 'UPVEST_MAX_CONCURRENCY', 8, 1, 64),
      timeoutMs: readInteger(read, 'UPVEST_TIMEOUT_MS', 15_000, 100, 300_000),
      deadlineMs: readInteger(read, 'UPVEST_DEADLINE_MS', 30_000, 100, 600_000),
    },
    mirror: {
      incrementalIntervalMs: readInteger(read, 'MIRROR_SYNC_INTERVAL_SECONDS', 30, 1, 86_400) * 1000,
      fullResyncIntervalMs: readInteger(read, 'MIRROR_FULL_RESYNC_INTERVAL_MINUTES', 360, 1, 10_080) * 60_000,
      pagesInFlight: readInteger(read, 'MIRROR_PAGES_IN_FLIGHT', 4, 1, 16),
    },
    apiRateLimitPerMinute: readInteger(read, 'API_RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    staticDir: read('STATIC_DIR') ?? 'dist',
    shutdownGraceMs: readInteger(read, 'SHUTDOWN_GRACE_SECONDS', 10, 0, 3600) * 1000,
    auth: readAuthSettings(read, host),
    trustProxy: readTrustProxy(read('TRUST_PROXY')),
  };
}

function readTrustProxy(raw: string | undefined): ConsoleConfig['trustProxy'] {
  if (raw === undefined || raw.toLowerCase() === 'false') return false;
  if (raw.toLowerCase() === 'true') return true;
  if (/^\d{1,2}$/.test(raw)) {
    const hops = Number(raw);
    return (_address, hop) => hop < hops;
  }
  const proxies = raw.split(',').map((entry) => entry.trim());
  if (proxies.every((entry) => isIP(entry.split('/', 1)[0] ?? '') !== 0)) return proxies.join(',');
  throw new ConfigError('TRUST_PROXY', `must be true, false, a hop count or comma-separated proxy addresses; got "${raw}".`);
}

function readUpvestSettings(baseUrl: string, env: Env, read: ReadSetting): UpvestSettings {
  const url = readSecureUrl('UPVEST_API_BASE_URL', baseUrl);
  if (url.search !== '') {
    throw new ConfigError('UPVEST_API_BASE_URL', 'must be a plain base URL without a query.');
  }

  const required = (name: string): string => {
    const value = read(name);
    if (value === undefined) throw new ConfigError(name, 'is required when UPVEST_API_BASE_URL is set.');
    return value;
  };

  const keySources = {
    file: read('UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME'),
    pem: env.UPVEST_API_HTTP_SIGN_PRIVATE_KEY?.trim() === '' ? undefined : env.UPVEST_API_HTTP_SIGN_PRIVATE_KEY,
    base64: read('UPVEST_API_HTTP_SIGN_PRIVATE_KEY_BASE64'),
  };
  const given = Object.entries(keySources).filter(([, value]) => value !== undefined);
  if (given.length !== 1) {
    throw new ConfigError(
      'UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME',
      given.length === 0
        ? 'set one of UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME, UPVEST_API_HTTP_SIGN_PRIVATE_KEY or UPVEST_API_HTTP_SIGN_PRIVATE_KEY_BASE64.'
        : 'set only one of UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME, UPVEST_API_HTTP_SIGN_PRIVATE_KEY and UPVEST_API_HTTP_SIGN_PRIVATE_KEY_BASE64.',
    );
  }

  const scopes = (read('UPVEST_API_SCOPES') ?? 'accounts:read')
    .split(',')
    .map((scope) => scope.trim())
    .filter((scope) => scope !== '');
  if (scopes.length === 0 || scopes.some((scope) => !/^[\w:.-]+$/.test(scope))) {
    throw new ConfigError('UPVEST_API_SCOPES', 'must be a comma-separated list of scopes such as "accounts:read".');
  }

  const passphrase = env.UPVEST_API_HTTP_SIGN_PRIVATE_KEY_PASSPHRASE;
  return {
    baseUrl: url.toString().replace(/\/+$/, ''),
    clientId: required('UPVEST_API_CLIENT_ID'),
    clientSecret: required('UPVEST_API_CLIENT_SECRET'),
    keyId: required('UPVEST_API_KEY_ID'),
    privateKey: {
      ...(keySources.file === undefined ? {} : { file: keySources.file }),
      ...(keySources.pem === undefined ? {} : { pem: keySources.pem }),
      ...(keySources.base64 === undefined ? {} : { base64: keySources.base64 }),
      ...(passphrase === undefined || passphrase === '' ? {} : { passphrase }),
    },
    scopes,
  };
}

function readSandboxSettings(read: ReadSetting): EmbeddedSandboxSettings {
  // Credentials without a base URL almost always mean a forgotten UPVEST_API_BASE_URL: say so rather than
  // silently showing sandbox data to someone who expects their tenant.
  for (const name of ['UPVEST_API_CLIENT_ID', 'UPVEST_API_CLIENT_SECRET', 'UPVEST_API_KEY_ID']) {
    if (read(name) !== undefined) {
      throw new ConfigError(
        'UPVEST_API_BASE_URL',
        `is required when ${name} is set (leave all UPVEST_API_* settings unset to run on the embedded sandbox).`,
      );
    }
  }
  const controlPort = read('SANDBOX_CONTROL_PORT');
  return {
    accountGroups: readInteger(read, 'SANDBOX_ACCOUNT_GROUPS', 2500, 0, 2_000_000),
    seed: readInteger(read, 'SANDBOX_SEED', 1, 0, 2 ** 31 - 1),
    controlPort: controlPort === undefined ? null : readInteger(read, 'SANDBOX_CONTROL_PORT', 0, 0, 65_535),
    activityPerMinute: readInteger(read, 'SANDBOX_ACTIVITY_PER_MINUTE', 6, 0, 60_000),
  };
}


const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function readLogLevel(raw: string | undefined): ConsoleConfig['logLevel'] {
  if (raw === undefined) return 'info';
  const level = LOG_LEVELS.find((candidate) => candidate === raw.toLowerCase());
  if (level === undefined) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}; got "${raw}".`);
  return level;
}
