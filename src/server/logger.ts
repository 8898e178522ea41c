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
