import { defineConfig, devices } from '@playwright/test';

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
  webServer: {
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
});
