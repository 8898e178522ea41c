import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The SPA. `npm start` builds it into dist/ and the console server serves it;
// `npx vite` runs it with hot reload against a console server on port 3000.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    proxy: {
      // The console judges requests by the Host the browser used (same-origin changes, loopback only without
      // sign-in), so the proxy keeps it; it adds no X-Forwarded-* (a console without sign-in refuses those).
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false, xfwd: false },
    },
  },
});
