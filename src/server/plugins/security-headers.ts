import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Browser hardening: a strict Content-Security-Policy (no inline scripts, no framing), nosniff, no referrer.
 * No CORS plugin is registered: the console API answers its own origin only.
 * Styles allow 'unsafe-inline' because React style attributes and Radix's scroll lock use inline styles;
 * scripts do not.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // HSTS belongs to whatever terminates TLS in front of the console; on plain-http loopback it only confuses.
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}
