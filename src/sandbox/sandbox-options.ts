import { createPublicKey, type KeyObject } from 'node:crypto';

export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
}

export interface SandboxKey {
  keyId: string;
  /** Public key (KeyObject or PEM). A private KeyObject is accepted too: its public half is used. */
  publicKey: KeyObject | string;
}

export interface SandboxOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a random free port). */
  port?: number;
  /** Control endpoint on its own port; default 0 (random); null = no control server. */
  controlPort?: number | null;
  clients: readonly SandboxClient[];
  /** Several allowed; several keys may share a key ID (each is tried). */
  keys: readonly SandboxKey[];
  /** Default 2500. */
  accountGroups?: number;
  /** Default 1. */
  seed?: number;
  /** Default 1800. */
  tokenTtlSeconds?: number;
  /** How old a signature's `created` may be; default 300. */
  maxSignatureWindowSeconds?: number;
  /** Tolerance for `created` in the future; default 5. */
  clockSkewSeconds?: number;
  /** Millisecond clock, injectable (tests pin it to a vector's `created`). Default Date.now. */
  now?: () => number;
  /** Background activity; default null (none). */
  activity?: { changesPerMinute: number } | null;
  /** Fastify logger; default false. */
  log?: boolean;
  /**
   * The instant generated data ends at (ms). Default: the start of the current UTC day by `now`, so
   * the newest groups are recent. IDs, statuses, types, users and account numbers depend only on the
   * seed; this only shifts every generated timestamp.
   */
  dataEndsAt?: number;
}

export interface ResolvedSandboxOptions {
  readonly host: string;
  readonly port: number;
  readonly controlPort: number | null;
  readonly clients: readonly SandboxClient[];
  readonly keys: readonly { readonly keyId: string; readonly key: KeyObject }[];
  readonly accountGroups: number;
  readonly seed: number;
  readonly tokenTtlSeconds: number;
  readonly maxSignatureWindowSeconds: number;
  readonly clockSkewSeconds: number;
  readonly now: () => number;
  readonly changesPerMinute: number | null;
  readonly log: boolean;
  readonly dataEndsAt: number;
}

export const MAX_ACCOUNT_GROUPS = 5_000_000;
export const MAX_CHANGES_PER_MINUTE = 600_000;
const DAY_MS = 86_400_000;

export class SandboxOptionsError extends Error {
  override name = 'SandboxOptionsError';
}

export function resolveSandboxOptions(options: SandboxOptions): ResolvedSandboxOptions {
  const now = options.now ?? Date.now;
  const changesPerMinute = options.activity?.changesPerMinute ?? null;
  if (changesPerMinute !== null) checkChangesPerMinute(changesPerMinute, 'activity.changesPerMinute');
  return {
    host: options.host ?? '127.0.0.1',
    port: port(options.port ?? 0, 'port'),
    controlPort: options.controlPort === null ? null : port(options.controlPort ?? 0, 'controlPort'),
    clients: clients(options.clients),
    keys: keys(options.keys),
    accountGroups: integer(options.accountGroups ?? 2500, 'accountGroups', 0, MAX_ACCOUNT_GROUPS),
    seed: integer(options.seed ?? 1, 'seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    tokenTtlSeconds: integer(options.tokenTtlSeconds ?? 1800, 'tokenTtlSeconds', 1, 86_400 * 366),
    maxSignatureWindowSeconds: integer(options.maxSignatureWindowSeconds ?? 300, 'maxSignatureWindowSeconds', 1, 86_400),
    clockSkewSeconds: integer(options.clockSkewSeconds ?? 5, 'clockSkewSeconds', 0, 3600),
    now,
    changesPerMinute: changesPerMinute === 0 ? null : changesPerMinute,
    log: options.log ?? false,
    dataEndsAt: options.dataEndsAt ?? Math.floor(now() / DAY_MS) * DAY_MS,
  };
}

export function checkChangesPerMinute(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 0 || value > MAX_CHANGES_PER_MINUTE) {
    throw new SandboxOptionsError(`${name} must be a number from 0 to ${MAX_CHANGES_PER_MINUTE}`);
  }
}

function port(value: number, name: string): number {
  return integer(value, name, 0, 65_535);
}

function integer(value: number, name: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SandboxOptionsError(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function clients(list: readonly SandboxClient[]): SandboxClient[] {
  if (list.length === 0) throw new SandboxOptionsError('clients: at least one client is needed');
  const seen = new Set<string>();
  return list.map((client, index) => {
    if (client.clientId.trim() === '') throw new SandboxOptionsError(`clients[${index}].clientId must not be empty`);
    if (client.clientSecret === '') throw new SandboxOptionsError(`clients[${index}].clientSecret must not be empty`);
    if (seen.has(client.clientId)) throw new SandboxOptionsError(`clients[${index}].clientId is given twice`);
    if (client.scopes.some((scope) => !/^\S+$/.test(scope))) {
      throw new SandboxOptionsError(`clients[${index}].scopes must be non-empty words without spaces`);
    }
    seen.add(client.clientId);
    return { clientId: client.clientId, clientSecret: client.clientSecret, scopes: [...client.scopes] };
  });
}

function keys(list: readonly SandboxKey[]): { keyId: string; key: KeyObject }[] {
  if (list.length === 0) throw new SandboxOptionsError('keys: at least one public key is needed');
  return list.map(({ keyId, publicKey }, index) => {
    if (keyId.trim() === '') throw new SandboxOptionsError(`keys[${index}].keyId must not be empty`);
    let key: KeyObject;
    try {
      key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey.type === 'private' ? createPublicKey(publicKey) : publicKey;
    } catch {
      throw new SandboxOptionsError(`keys[${index}].publicKey is not a readable public key (PEM)`);
    }
    if (key.type !== 'public' || (key.asymmetricKeyType !== 'ec' && key.asymmetricKeyType !== 'ed25519')) {
      throw new SandboxOptionsError(`keys[${index}].publicKey must be an EC or Ed25519 public key`);
    }
    return { keyId, key };
  });
}
