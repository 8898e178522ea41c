import type { FastifyBaseLogger } from 'fastify';
import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Structured JSON logs. The code never logs secrets in the first place (no headers, no bodies of token
 * calls, no configuration values); these redactions are a second line of defence for fields that could
 * carry one if someone logged a whole object by mistake.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.signature',
  'headers.cookie',
  '*.authorization',
  '*.signature',
  '*.clientSecret',
  '*.client_secret',
  '*.accessToken',
  '*.access_token',
  '*.passphrase',
  '*.privateKey',
  '*.password',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service: 'account-groups-console' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** The level audit lines are written at. Their logger is pinned to it: see {@link auditLogger}. */
export const AUDIT_LOG_LEVEL = 'info';

/**
 * Where audit lines go: a child of the console's logger, so the same stdout, the same JSON, the same
 * redaction and the request's ID, but with its level pinned, so that LOG_LEVEL=warn or even silent
 * never drops a record of who looked at customer data.
 */
export function auditLogger(logger: FastifyBaseLogger): FastifyBaseLogger {
  return logger.child({}, { level: AUDIT_LOG_LEVEL });
}
