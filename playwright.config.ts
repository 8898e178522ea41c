import { defineConfig, devices } from '@playwright/test';
import {
  OIDC_CLIENT,
  OIDC_CONSOLE_PORT,
  OIDC_PROVIDER_NAME,
  OIDC_PROVIDER_URL,
  SHORT_IDLE_CONSOLE_PORT,
  SHORT_IDLE_SECONDS,
} from './e2e/support/auth-servers';

const PORT = Number(process.env.E2E_PORT ?? 4310);
const SANDBOX_CONTROL_PORT = Number(process.env.E2E_SANDBOX_CONTROL_PORT ?? 4311);

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download does not work on our machines.
      executablePath: '/usr/bin/chromium',
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } } }],
  webServer: [
    {
      // The real console server on the embedded sandbox, with the sandbox's control port fixed so that
      // tests can inject faults. The SPA was built by `npm run test:e2e` before this starts.
      command: 'tsx src/server/main.ts',
      url: `http://127.0.0.1:${PORT}/api/ready`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        PORT: String(PORT),
        HOST: '127.0.0.1',
        SANDBOX_CONTROL_PORT: String(SANDBOX_CONTROL_PORT),
        // A still tenant: views must not shift between a test's steps.
        SANDBOX_ACTIVITY_PER_MINUTE: '0',
        LOG_LEVEL: 'warn',
      },
    },
    {
      // Sign-in (e2e/sign-in-*.spec.ts): a real OpenID provider with its development login pages.
      command: 'tsx e2e/support/oidc-provider.ts',
      url: `${OIDC_PROVIDER_URL}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // A console that signs staff in through that provider (allow-list: staff.example and a group),
      // and with a users file too.
      command: 'tsx e2e/support/console-with-users.ts',
      url: `http://127.0.0.1:${OIDC_CONSOLE_PORT}/api/ready`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        PORT: String(OIDC_CONSOLE_PORT),
        HOST: '127.0.0.1',
        SANDBOX_ACCOUNT_GROUPS: '300',
        SANDBOX_ACTIVITY_PER_MINUTE: '0',
        LOG_LEVEL: 'warn',
        OIDC_ISSUER_URL: OIDC_PROVIDER_URL,
        OIDC_CLIENT_ID: OIDC_CLIENT.clientId,
        OIDC_CLIENT_SECRET: OIDC_CLIENT.clientSecret,
        OIDC_REDIRECT_URL: OIDC_CLIENT.redirectUri,
        OIDC_PROVIDER_NAME,
        AUTH_ALLOWED_EMAIL_DOMAINS: 'staff.example',
        AUTH_ALLOWED_GROUPS: 'console-operators',
      },
    },
    {
      // A console with a users file only and a five-second idle time, to see a session end in use.
      command: 'tsx e2e/support/console-with-users.ts',
      url: `http://127.0.0.1:${SHORT_IDLE_CONSOLE_PORT}/api/ready`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        PORT: String(SHORT_IDLE_CONSOLE_PORT),
        HOST: '127.0.0.1',
        SANDBOX_ACCOUNT_GROUPS: '300',
        SANDBOX_ACTIVITY_PER_MINUTE: '0',
        LOG_LEVEL: 'warn',
        SESSION_IDLE_SECONDS: String(SHORT_IDLE_SECONDS),
      },
    },
  ],
});
