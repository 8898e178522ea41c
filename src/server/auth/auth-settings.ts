import { ConfigError, isLoopbackHostname, readInteger, readSecureUrl, type ReadSetting } from '../setting-readers';

/**
 * Staff sign-in settings. Safe by default: with neither OIDC nor a users file, the console serves only
 * when bound to a loopback address and not behind a proxy (no TRUST_PROXY); otherwise it refuses to start
 * and says how to configure sign-in.
 */

export interface AllowList {
  /** Lower-cased addresses. */
  emails: string[];
  /** Lower-cased domains, matched exactly against the part after `@`. */
  emailDomains: string[];
  /** Matched exactly against the values of the groups claim. */
  groups: string[];
}

export interface OidcSettings {
  issuerUrl: URL;
  clientId: string;
  clientSecret: string;
  redirectUrl: URL;
  scopes: string[];
  groupsClaim: string;
  providerName: string;
  allowList: AllowList;
}

export interface SessionSettings {
  idleMs: number;
  maxMs: number;
}

export type AuthSettings =
  | { mode: 'none' }
  | {
      mode: 'required';
      oidc: OidcSettings | null;
      usersFile: string | null;
      session: SessionSettings;
      /**
       * The address when the console listens beyond this machine in plain HTTP: a non-loopback HOST and no
       * TRUST_PROXY (so no proxy terminating TLS in front). Null on loopback or behind a proxy.
       */
      plainHttpHost: string | null;
    };

export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';

type Read = ReadSetting;

export function readAuthSettings(read: Read, host: string): AuthSettings {
  const oidc = readOidcSettings(read);
  const usersFile = read('AUTH_USERS_FILE') ?? null;
  const session: SessionSettings = {
    idleMs: readInteger(read, 'SESSION_IDLE_SECONDS', 1800, 5, 86_400) * 1000,
    maxMs: readInteger(read, 'SESSION_MAX_HOURS', 12, 1, 720) * 3_600_000,
  };
  if (oidc === null) {
    for (const name of ['AUTH_ALLOWED_EMAILS', 'AUTH_ALLOWED_EMAIL_DOMAINS', 'AUTH_ALLOWED_GROUPS']) {
      if (read(name) !== undefined) {
        throw new ConfigError(name, 'applies to OIDC sign-in only: set OIDC_ISSUER_URL and the other OIDC_* settings too.');
      }
    }
  }

  if (oidc === null && usersFile === null) {
    // Only this machine can reach a loopback address: the console may run without sign-in there.
    if (isLoopbackHostname(host)) {
      // ...unless a proxy on this machine hands it requests from elsewhere (it forwards them to 127.0.0.1 too).
      if (behindProxy(read)) {
        throw new ConfigError(
          'TRUST_PROXY',
          'is set, so the console expects a reverse proxy in front, but no sign-in is configured: without sign-in the ' +
            'console serves this machine only, and through a proxy anyone who can reach the proxy would see every account ' +
            'group of the tenant. Sign-in is required behind a proxy: configure OpenID Connect (OIDC_ISSUER_URL and the ' +
            'other OIDC_* settings) or a users file (AUTH_USERS_FILE), or unset TRUST_PROXY to use the console on this machine.',
        );
      }
      return { mode: 'none' };
    }
    throw new ConfigError(
      'HOST',
      `is "${host}", which is not a loopback address, and no sign-in is configured: anyone who can reach the console ` +
        "would see every account group of the tenant. Configure sign-in with OpenID Connect (OIDC_ISSUER_URL, " +
        'OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL and at least one of AUTH_ALLOWED_EMAILS, ' +
        'AUTH_ALLOWED_EMAIL_DOMAINS, AUTH_ALLOWED_GROUPS), or with a users file (AUTH_USERS_FILE, users added with ' +
        '`npm run user:add -- --file <path> --username <name>`), or bind to 127.0.0.1.',
    );
  }
  const plainHttpHost = isLoopbackHostname(host) || behindProxy(read) ? null : host;
  return { mode: 'required', oidc, usersFile, session, plainHttpHost };
}

/** TRUST_PROXY set to anything but false: the operator says a reverse proxy forwards requests to the console. */
function behindProxy(read: Read): boolean {
  const raw = read('TRUST_PROXY');
  return raw !== undefined && raw.toLowerCase() !== 'false';
}

function readOidcSettings(read: Read): OidcSettings | null {
  const issuer = read('OIDC_ISSUER_URL');
  if (issuer === undefined) {
    for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL']) {
      if (read(name) !== undefined) throw new ConfigError('OIDC_ISSUER_URL', `is required when ${name} is set.`);
    }
    return null;
  }
  const required = (name: string): string => {
    const value = read(name);
    if (value === undefined) throw new ConfigError(name, 'is required when OIDC_ISSUER_URL is set.');
    return value;
  };

  const issuerUrl = readSecureUrl('OIDC_ISSUER_URL', issuer);
  const redirectUrl = readSecureUrl('OIDC_REDIRECT_URL', required('OIDC_REDIRECT_URL'));
  if (redirectUrl.pathname !== OIDC_CALLBACK_PATH || redirectUrl.search !== '') {
    throw new ConfigError(
      'OIDC_REDIRECT_URL',
      `must be the console's own address followed by ${OIDC_CALLBACK_PATH}, e.g. https://console.example${OIDC_CALLBACK_PATH}.`,
    );
  }

  const scopes = list(read('OIDC_SCOPES') ?? 'openid email profile', ' ');
  if (!scopes.includes('openid') || scopes.some((scope) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope))) {
    throw new ConfigError('OIDC_SCOPES', 'must be space-separated scopes including "openid", e.g. "openid email profile".');
  }
  const groupsClaim = read('OIDC_GROUPS_CLAIM') ?? 'groups';
  if (!/^[\w:./-]{1,200}$/.test(groupsClaim)) {
    throw new ConfigError('OIDC_GROUPS_CLAIM', 'must be the name of a claim, e.g. "groups".');
  }

  const allowList: AllowList = {
    emails: list(read('AUTH_ALLOWED_EMAILS') ?? '', ',').map((email) => email.toLowerCase()),
    emailDomains: list(read('AUTH_ALLOWED_EMAIL_DOMAINS') ?? '', ',').map((domain) => domain.toLowerCase().replace(/^@/, '')),
    groups: list(read('AUTH_ALLOWED_GROUPS') ?? '', ','),
  };
  for (const email of allowList.emails) {
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new ConfigError('AUTH_ALLOWED_EMAILS', `"${email}" is not an e-mail address.`);
  }
  for (const domain of allowList.emailDomains) {
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) {
      throw new ConfigError('AUTH_ALLOWED_EMAIL_DOMAINS', `"${domain}" is not a domain such as example.com.`);
    }
  }
  if (allowList.emails.length + allowList.emailDomains.length + allowList.groups.length === 0) {
    // Never "anyone with an account at the identity provider": that is often the whole internet.
    throw new ConfigError(
      'AUTH_ALLOWED_EMAILS',
      'OIDC sign-in needs an allow-list: set at least one of AUTH_ALLOWED_EMAILS, AUTH_ALLOWED_EMAIL_DOMAINS or AUTH_ALLOWED_GROUPS.',
    );
  }

  return {
    issuerUrl,
    clientId: required('OIDC_CLIENT_ID'),
    clientSecret: required('OIDC_CLIENT_SECRET'),
    redirectUrl,
    scopes,
    groupsClaim,
    providerName: read('OIDC_PROVIDER_NAME') ?? issuerUrl.hostname,
    allowList,
  };
}


function list(raw: string, separator: string): string[] {
  return raw
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

