import type { CallCounts } from '../../src/sandbox/sandbox';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { request } from 'undici';
import { TsChild } from './child-process';

/**
 * The standalone sandbox (`src/sandbox/main.ts`) as a child process, configured through its env settings.
 * It generates its client and key and prints a `UPVEST_API_*` env block for the console: the bench uses
 * exactly that block, for the console and for the direct (signed) calls.
 */

/** The control endpoint's call counts, as the sandbox defines them. */
export type SandboxCallCounts = CallCounts;

export interface SandboxProcess {
  readonly child: TsChild;
  readonly url: string;
  readonly controlUrl: string;
  /** The env block the sandbox printed, parsed: UPVEST_API_BASE_URL, _CLIENT_ID, _CLIENT_SECRET, _KEY_ID, _HTTP_SIGN_PRIVATE_KEY_FILENAME. */
  readonly consoleEnv: Readonly<ConsoleEnv>;
  calls(): Promise<SandboxCallCounts>;
  resetCalls(): Promise<void>;
  stop(): Promise<void>;
}

export interface SandboxProcessOptions {
  accountGroups: number;
  seed?: number;
  /** A key of the caller's (e.g. ECDSA P-521) instead of the P-256 pair the sandbox generates. */
  signingKey?: BenchSigningKey;
}

export interface BenchSigningKey {
  keyId: string;
  publicKeyFile: string;
  privateKeyFile: string;
}

const CONSOLE_ENV_NAMES = [
  'UPVEST_API_BASE_URL',
  'UPVEST_API_CLIENT_ID',
  'UPVEST_API_CLIENT_SECRET',
  'UPVEST_API_KEY_ID',
  'UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME',
] as const;

export type ConsoleEnv = Record<(typeof CONSOLE_ENV_NAMES)[number], string>;

export async function startSandboxProcess(options: SandboxProcessOptions): Promise<SandboxProcess> {
  const child = new TsChild({
    label: 'sandbox',
    entry: 'src/sandbox/main.ts',
    env: {
      SANDBOX_PORT: '0',
      SANDBOX_CONTROL_PORT: '0',
      SANDBOX_ACCOUNT_GROUPS: String(options.accountGroups),
      SANDBOX_SEED: String(options.seed ?? 1),
      SANDBOX_ACTIVITY_PER_MINUTE: '0',
      ...(options.signingKey === undefined
        ? {}
        : { SANDBOX_KEY_ID: options.signingKey.keyId, SANDBOX_PUBLIC_KEY_FILE: options.signingKey.publicKeyFile }),
    },
  });
  try {
    // Generating a million groups takes a few seconds; allow plenty.
    const block = await child.waitForOutput(/^UPVEST_API_BASE_URL=.*$/m, 30_000 + options.accountGroups / 10);
    const control = await child.waitForOutput(/^\s*Control:\s+(http:\/\/\S+)\/control\/info$/m, 1000);
    // With a key of ours the sandbox cannot know the private key file: its block names a placeholder.
    const consoleEnv =
      options.signingKey === undefined
        ? parseEnvBlock(block[0])
        : { ...parseEnvBlock(block[0]), UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME: options.signingKey.privateKeyFile };
    const generatedKeyFile = options.signingKey === undefined ? consoleEnv.UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME : null;
    const controlUrl = control[1] ?? '';
    const url = consoleEnv.UPVEST_API_BASE_URL;
    return {
      child,
      url,
      controlUrl,
      consoleEnv,
      calls: async () => {
        const answer = await request(`${controlUrl}/control/calls`);
        if (answer.statusCode !== 200) throw new Error(`sandbox /control/calls answered ${answer.statusCode}`);
        const body = (await answer.body.json()) as { counts: SandboxCallCounts };
        return body.counts;
      },
      resetCalls: async () => {
        const answer = await request(`${controlUrl}/control/calls/reset`, { method: 'POST' });
        await answer.body.dump();
        if (answer.statusCode !== 204) throw new Error(`sandbox /control/calls/reset answered ${answer.statusCode}`);
      },
      stop: async () => {
        await child.stop();
        // The sandbox wrote its generated private key into a temporary folder of its own: remove it.
        if (generatedKeyFile !== null) rmSync(dirname(generatedKeyFile), { recursive: true, force: true });
      },
    };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** `A=1 B=2 ...` as printed by the sandbox (values hold no spaces). */
export function parseEnvBlock(line: string): ConsoleEnv {
  const values = new Map<string, string>();
  for (const pair of line.trim().split(/\s+/)) {
    const equals = pair.indexOf('=');
    if (equals > 0) values.set(pair.slice(0, equals), pair.slice(equals + 1));
  }
  const result = {} as ConsoleEnv;
  for (const name of CONSOLE_ENV_NAMES) {
    const value = values.get(name);
    if (value === undefined || value === '') throw new Error(`the sandbox's env block has no ${name}`);
    result[name] = value;
  }
  return result;
}
