/** The pino-compatible subset the Upvest client logs through; pass a pino logger or child as it is. */
export interface UpvestLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const ignore = (): void => undefined;

export const silentLogger: UpvestLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
