import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './config';
import { startConsole } from './console-server';
import { createLogger } from './logger';

/** `npm start`: read settings (and .env), start the console, stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');

  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Invalid setting ${error.message}`);
      process.exit(2);
    }
    throw error;
  }

  const logger = createLogger(config.logLevel);
  let running;
  try {
    running = await startConsole(config, { logger });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Invalid setting ${error.message}`);
      process.exit(2);
    }
    throw error;
  }

  logger.info({ url: running.url, mode: running.mode }, `console ready at ${running.url}`);
  if (running.mode === 'sandbox') {
    console.log(`\n  Account Groups Console: ${running.url}  (embedded sandbox data)\n`);
  }

  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down: letting in-flight requests finish');
    running
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('The console failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
