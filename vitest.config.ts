import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  test: {
    projects: [
      {
        // Node side: domain, Upvest client, sandbox, console server. Server tests start the real
        // console server and the real sandbox over loopback.
        test: {
          name: 'server',
          environment: 'node',
          include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['src/web/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The SPA: jsdom with msw handlers in place of the console server.
        plugins: [react()],
        // Resolve packages as the browser bundle does: react-router and react-router/dom then share one module
        // graph (under Node's conditions they split into two copies whose router contexts differ).
        resolve: { conditions: ['module', 'browser', 'development'] },
        test: {
          name: 'web',
          environment: 'jsdom',
          include: ['src/web/**/*.test.{ts,tsx}'],
          setupFiles: ['src/web/testing/setup-tests.ts'],
          testTimeout: 15_000,
        },
      },
    ],
  },
});
