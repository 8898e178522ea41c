import { MAX_ACCOUNT_GROUPS, MAX_CHANGES_PER_MINUTE } from './sandbox-options';

/**
 * Settings of `npm run sandbox`, from the environment with flags of the same meaning taking
 * precedence. Every invalid value is an error naming the setting (main exits with code 2).
 */

export interface StandaloneKeySetting {
  readonly keyId: string;
  readonly publicKeyFile: string;
}

export interface StandaloneConfig {
  readonly host: string;
  readonly port: number;
  readonly controlPort: number;
  /** null: generate one. */
  readonly clientId: string | null;
  /** null: generate one (and print it). */
  readonly clientSecret: string | null;
  /** null: generate an ECDSA P-256 key pair (the private key goes to a 0600 file). */
  readonly keys: readonly StandaloneKeySetting[] | null;
  /** The key ID for a generated key, when SANDBOX_KEY_ID is set without a key file. */
  readonly generatedKeyId: string | null;
  readonly accountGroups: number;
  readonly seed: number;
  readonly activityPerMinute: number | null;
  readonly help: boolean;
}

export class StandaloneConfigError extends Error {
  override name = 'StandaloneConfigError';

  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
  }
}

/** Flag → environment variable it overrides. */
const FLAGS: Readonly<Record<string, string>> = {
  '--host': 'SANDBOX_HOST',
  '--port': 'SANDBOX_PORT',
  '--control-port': 'SANDBOX_CONTROL_PORT',
  '--client-id': 'SANDBOX_CLIENT_ID',
  '--client-secret': 'SANDBOX_CLIENT_SECRET',
  '--key-id': 'SANDBOX_KEY_ID',
  '--public-key-file': 'SANDBOX_PUBLIC_KEY_FILE',
  '--groups': 'SANDBOX_ACCOUNT_GROUPS',
  '--seed': 'SANDBOX_SEED',
  '--activity': 'SANDBOX_ACTIVITY_PER_MINUTE',
};

export const STANDALONE_USAGE = `Usage: npm run sandbox -- [flags]

Flags (each overrides the environment variable beside it):
  --host <host>              SANDBOX_HOST                 default 127.0.0.1
  --port <port>              SANDBOX_PORT                 default 8080
  --control-port <port>      SANDBOX_CONTROL_PORT         default port + 1
  --client-id <id>           SANDBOX_CLIENT_ID            default: generated
  --client-secret <secret>   SANDBOX_CLIENT_SECRET        default: generated and printed
  --key-id <ids>             SANDBOX_KEY_ID               comma-separated, same length as the files
  --public-key-file <files>  SANDBOX_PUBLIC_KEY_FILE      PEM public keys; none: a P-256 pair is generated
  --groups <n>               SANDBOX_ACCOUNT_GROUPS       default 2500
  --seed <n>                 SANDBOX_SEED                 default 1
  --activity <per minute>    SANDBOX_ACTIVITY_PER_MINUTE  default 0 (none)
  --help`;

export function parseStandaloneConfig(env: Readonly<Record<string, string | undefined>>, argv: readonly string[]): StandaloneConfig {
  const settings: Record<string, string | undefined> = { ...env };
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i] ?? '';
    if (argument === '--help' || argument === '-h') {
      help = true;
      continue;
    }
    const [flag = '', inline] = argument.includes('=') ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)] : [argument, undefined];
    const variable = FLAGS[flag];
    if (variable === undefined) throw new StandaloneConfigError(argument, `unknown flag (see --help)`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new StandaloneConfigError(flag, 'needs a value');
    settings[variable] = value;
  }

  const read = (name: string): string | undefined => {
    const value = settings[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const port = integer(read('SANDBOX_PORT'), 'SANDBOX_PORT', 0, 65_535) ?? 8080;
  const controlPort = integer(read('SANDBOX_CONTROL_PORT'), 'SANDBOX_CONTROL_PORT', 0, 65_535) ?? (port === 0 ? 0 : port + 1);
  if (port !== 0 && controlPort === port) throw new StandaloneConfigError('SANDBOX_CONTROL_PORT', 'must differ from SANDBOX_PORT');
  if (port === 65_535 && read('SANDBOX_CONTROL_PORT') === undefined) {
    throw new StandaloneConfigError('SANDBOX_CONTROL_PORT', 'must be set when SANDBOX_PORT is 65535');
  }

  const keyIds = list(read('SANDBOX_KEY_ID'), 'SANDBOX_KEY_ID');
  const keyFiles = list(read('SANDBOX_PUBLIC_KEY_FILE'), 'SANDBOX_PUBLIC_KEY_FILE');
  let keys: StandaloneKeySetting[] | null = null;
  let generatedKeyId: string | null = null;
  if (keyFiles.length > 0) {
    if (keyIds.length !== keyFiles.length) {
      throw new StandaloneConfigError('SANDBOX_KEY_ID', `needs one key ID per file in SANDBOX_PUBLIC_KEY_FILE (${keyFiles.length}); got ${keyIds.length}`);
    }
    keys = keyIds.map((keyId, index) => ({ keyId, publicKeyFile: keyFiles[index] ?? '' }));
  } else if (keyIds.length > 1) {
    throw new StandaloneConfigError('SANDBOX_PUBLIC_KEY_FILE', 'is needed when SANDBOX_KEY_ID lists several keys');
  } else {
    generatedKeyId = keyIds[0] ?? null;
  }

  const activity = number(read('SANDBOX_ACTIVITY_PER_MINUTE'), 'SANDBOX_ACTIVITY_PER_MINUTE', 0, MAX_CHANGES_PER_MINUTE);
  return {
    host: read('SANDBOX_HOST') ?? '127.0.0.1',
    port,
    controlPort,
    clientId: read('SANDBOX_CLIENT_ID') ?? null,
    clientSecret: read('SANDBOX_CLIENT_SECRET') ?? null,
    keys,
    generatedKeyId,
    accountGroups: integer(read('SANDBOX_ACCOUNT_GROUPS'), 'SANDBOX_ACCOUNT_GROUPS', 0, MAX_ACCOUNT_GROUPS) ?? 2500,
    seed: integer(read('SANDBOX_SEED'), 'SANDBOX_SEED', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) ?? 1,
    activityPerMinute: activity === undefined || activity === 0 ? null : activity,
    help,
  };
}

function list(value: string | undefined, name: string): string[] {
  if (value === undefined) return [];
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw new StandaloneConfigError(name, 'has an empty entry in its comma-separated list');
  return items;
}

function integer(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new StandaloneConfigError(name, `must be an integer from ${min} to ${max}; got "${value.slice(0, 40)}"`);
  }
  return parsed;
}

function number(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= min && parsed <= max)) throw new StandaloneConfigError(name, `must be a number from ${min} to ${max}; got "${value.slice(0, 40)}"`);
  return parsed;
}
