import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { SandboxOptionsError } from './sandbox';
import { runStandalone } from './standalone';
import { parseStandaloneConfig, STANDALONE_USAGE, StandaloneConfigError } from './standalone-config';

/** `npm run sandbox`: the sandbox as a standalone server for real Upvest clients. */
async function main(): Promise<void> {
  let config;
  try {
    config = parseStandaloneConfig(process.env, process.argv.slice(2));
  } catch (error) {
    exitForSettings(error);
  }
  if (config.help) {
    process.stdout.write(`${STANDALONE_USAGE}\n`);
    return;
  }
  let running;
  try {
    running = await runStandalone(config, (line) => process.stdout.write(`${line}\n`));
  } catch (error) {
    exitForSettings(error);
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal} received, closing the sandbox.\n`);
    running.sandbox.close().then(
      () => {
        // The generated private key served this run only: do not leave it lying in the temp folder.
        if (running.privateKeyFile !== null) rmSync(dirname(running.privateKeyFile), { recursive: true, force: true });
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`Closing failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

function exitForSettings(error: unknown): never {
  if (error instanceof StandaloneConfigError || error instanceof SandboxOptionsError) {
    process.stderr.write(`Invalid sandbox setting: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`The sandbox could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

void main();
