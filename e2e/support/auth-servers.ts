/**
 * The sign-in end-to-end setup, shared by playwright.config.ts (which starts the servers) and the specs:
 * an OpenID provider (oidc-provider, started by the tests), a console signing in through it (and with a
 * users file too), and a console with a users file only and a five-second idle time, to see a session end.
 */
export const OIDC_PROVIDER_PORT = Number(process.env.E2E_OIDC_PROVIDER_PORT ?? 4320);
export const OIDC_CONSOLE_PORT = Number(process.env.E2E_OIDC_CONSOLE_PORT ?? 4312);
export const SHORT_IDLE_CONSOLE_PORT = Number(process.env.E2E_SHORT_IDLE_CONSOLE_PORT ?? 4313);

export const OIDC_PROVIDER_URL = `http://127.0.0.1:${OIDC_PROVIDER_PORT}`;
export const OIDC_CONSOLE_URL = `http://127.0.0.1:${OIDC_CONSOLE_PORT}`;
export const SHORT_IDLE_CONSOLE_URL = `http://127.0.0.1:${SHORT_IDLE_CONSOLE_PORT}`;

export const OIDC_CLIENT = {
  clientId: 'account-groups-console-e2e',
  // A test provider's secret for a test client on loopback: nothing to protect.
  clientSecret: 'e2e-client-secret-for-the-test-provider-only',
  redirectUri: `${OIDC_CONSOLE_URL}/api/auth/oidc/callback`,
} as const;

export const OIDC_PROVIDER_NAME = 'Test IdP';
export const SHORT_IDLE_SECONDS = 5;

/** A person in the users file of both consoles. */
export const PASSWORD_USER = {
  username: 'olivia',
  password: 'olivia-e2e-password-2026',
  name: 'Olivia Operator',
  email: 'olivia@staff.example',
} as const;
