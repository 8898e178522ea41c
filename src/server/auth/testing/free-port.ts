import { createServer } from 'node:net';

/**
 * A loopback port free right now. The OIDC redirect URL has to name the console's port before the console
 * starts (the provider registers it), so tests reserve one this way; another process taking it in the
 * moment between is possible but unlikely enough on a test machine.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}
