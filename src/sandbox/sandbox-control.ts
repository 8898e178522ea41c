import type { AccountGroup } from '../domain/account-group';
import type { Activity } from './activity';
import type { CallStats } from './call-log';
import {
  activityInputSchema,
  changesInputSchema,
  clockInputSchema,
  describeIssues,
  groupInputSchema,
  groupPatchSchema,
  tokenRegistrationSchema,
  type GroupInput,
  type GroupPatch,
  type TokenRegistration,
} from './control-inputs';
import { FaultSpecError, type Fault, type FaultSpec } from './faults';
import type { NewGroupUser } from './group-store';
import type { GroupChange } from './lifecycle';
import { MAX_SIGNATURE_VALIDITY_SECONDS } from './signature-verifier';
import type { ListRequestListener, SandboxRuntime } from './sandbox-runtime';
import { parseUuid } from './uuid-table';
import type { z } from 'zod';

export interface SandboxInfo {
  readonly url: string;
  readonly control_url: string | null;
  readonly endpoints: readonly string[];
  readonly clients: readonly { readonly client_id: string; readonly scopes: readonly string[] }[];
  readonly keys: readonly { readonly key_id: string; readonly type: string; readonly curve: string | null }[];
  readonly account_groups: number;
  readonly seed: number;
  readonly data_ends_at: string;
  readonly token_ttl_seconds: number;
  readonly max_signature_age_seconds: number;
  readonly max_signature_validity_seconds: number;
  readonly clock_skew_seconds: number;
  readonly activity: { readonly changes_per_minute: number } | null;
  readonly now: string;
  readonly clock_offset_ms: number;
  readonly sort_tie_break: string;
}

/**
 * Everything the control endpoint offers, in process. Inputs use the control endpoint's JSON shapes
 * (snake_case, like the account group itself); bad input throws SandboxControlError with the status
 * the control endpoint would answer.
 */
export interface SandboxControl {
  info(): SandboxInfo;
  /** Call counts per endpoint and the most recent calls. */
  calls(): CallStats;
  resetCalls(): void;
  groupCount(): number;
  /** A copy of every group, in created order (created_at, then id). */
  groups(): AccountGroup[];
  /** A copy of one group, or null. */
  group(id: string): AccountGroup | null;
  /** Creates a group; every field optional (defaults: PENDING_APPROVAL, PERSONAL, one new OWNER, now). */
  createGroup(input?: GroupInput): AccountGroup;
  /** Changes status, type, users or extra fields; moves updated_at to now unless `updated_at` is given. */
  updateGroup(id: string, patch: GroupPatch): AccountGroup;
  /** Applies `count` random lifecycle changes now (deterministic from the seed). */
  applyChanges(count: number): GroupChange[];
  activity(): { changes_per_minute: number } | null;
  /** Starts, retunes or (null or 0) stops background activity. */
  setActivity(changesPerMinute: number | null): void;
  /** Every token issued or registered so far becomes invalid; returns how many there were. */
  revokeTokens(): number;
  /** Makes a known token valid, e.g. a test vector's access token. */
  registerToken(registration: TokenRegistration): { expires_at: string };
  addFault(spec: FaultSpec): Fault;
  faults(): Fault[];
  removeFault(id: string): boolean;
  clearFaults(): void;
  /** The sandbox clock (ms): the injected clock plus the offset. */
  now(): number;
  clockOffsetMs(): number;
  setClockOffset(offsetMs: number): void;
  /** Called before each list page is answered; returns an unsubscribe function. */
  onListRequest(listener: ListRequestListener): () => void;
}

export class SandboxControlError extends Error {
  override name = 'SandboxControlError';

  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export const SORT_TIE_BREAK =
  'Lists sort by the timestamp (millisecond precision, as served); ties are broken by id, compared as lower-case text, in the same direction as order. DESC is exactly the reverse of ASC.';

export function createSandboxControl(runtime: SandboxRuntime, activity: Activity): SandboxControl {
  const { store } = runtime;

  const groupIndex = (id: string): number => {
    const index = store.findGroup(id);
    if (index < 0) throw new SandboxControlError(404, `No account group with id "${id.slice(0, 64)}"`);
    return index;
  };

  const users = (list: readonly { id: string; type: string }[]): NewGroupUser[] =>
    list.map(({ id, type }) => ({ user: store.users.intern(parseUuidOrThrow(id)), role: type }));

  return {
    info: () => ({
      url: runtime.url,
      control_url: runtime.controlUrl,
      endpoints: ['POST /auth/token', 'GET /account_groups', 'GET /account_groups/{account_group_id}', 'GET /users/{user_id}/account_groups'],
      clients: runtime.options.clients.map(({ clientId, scopes }) => ({ client_id: clientId, scopes: [...scopes] })),
      keys: runtime.options.keys.map(({ keyId, key }) => ({
        key_id: keyId,
        type: key.asymmetricKeyType ?? 'unknown',
        curve: key.asymmetricKeyDetails?.namedCurve ?? null,
      })),
      account_groups: store.size,
      seed: runtime.options.seed,
      data_ends_at: new Date(runtime.options.dataEndsAt).toISOString(),
      token_ttl_seconds: runtime.options.tokenTtlSeconds,
      max_signature_age_seconds: runtime.options.maxSignatureWindowSeconds,
      max_signature_validity_seconds: MAX_SIGNATURE_VALIDITY_SECONDS,
      clock_skew_seconds: runtime.options.clockSkewSeconds,
      activity: activity.changesPerMinute === null ? null : { changes_per_minute: activity.changesPerMinute },
      now: new Date(runtime.now()).toISOString(),
      clock_offset_ms: runtime.clockOffsetMs,
      sort_tie_break: SORT_TIE_BREAK,
    }),

    calls: () => runtime.calls.stats(),
    resetCalls: () => {
      runtime.calls.reset();
    },

    groupCount: () => store.size,
    groups: () => {
      const out: AccountGroup[] = [];
      for (const index of store.byCreated) out.push(store.toAccountGroup(index));
      return out;
    },
    group: (id) => {
      const index = store.findGroup(id);
      return index < 0 ? null : store.toAccountGroup(index);
    },

    createGroup: (input = {}) => {
      const parsed = validate(groupInputSchema, input);
      const nowMs = runtime.now();
      const createdMs = parsed.created_at === undefined ? nowMs : Date.parse(parsed.created_at);
      const updatedMs = parsed.updated_at === undefined ? createdMs : Date.parse(parsed.updated_at);
      if (updatedMs < createdMs) throw new SandboxControlError(400, 'updated_at must not be before created_at');
      const id = parsed.id === undefined ? undefined : parseUuidOrThrow(parsed.id);
      if (id !== undefined && store.ids.find(...id) >= 0) {
        throw new SandboxControlError(409, `An account group with id "${parsed.id ?? ''}" exists already`);
      }
      const accountNumber = parsed.securities_account_number === undefined ? undefined : Number(parsed.securities_account_number);
      if (accountNumber !== undefined && !store.claimAccountNumber(accountNumber)) {
        throw new SandboxControlError(409, `securities_account_number ${parsed.securities_account_number ?? ''} is in use`);
      }
      const index = store.add({
        ...(id === undefined ? {} : { id }),
        createdMs,
        updatedMs,
        status: parsed.status ?? 'PENDING_APPROVAL',
        type: parsed.type ?? 'PERSONAL',
        users: parsed.users === undefined ? [{ user: store.users.addRandom(store.idRandom), role: 'OWNER' }] : users(parsed.users),
        ...(accountNumber === undefined ? {} : { accountNumber }),
        ...(parsed.extra === undefined ? {} : { extra: parsed.extra }),
      });
      return store.toAccountGroup(index);
    },

    updateGroup: (id, patch) => {
      const parsed = validate(groupPatchSchema, patch);
      const index = groupIndex(id);
      const updatedMs = parsed.updated_at === undefined ? Math.max(runtime.now(), store.createdMs(index)) : Date.parse(parsed.updated_at);
      if (updatedMs < store.createdMs(index)) throw new SandboxControlError(400, 'updated_at must not be before created_at');
      store.update(index, {
        ...(parsed.status === undefined ? {} : { status: parsed.status }),
        ...(parsed.type === undefined ? {} : { type: parsed.type }),
        ...(parsed.users === undefined ? {} : { users: users(parsed.users) }),
        ...(parsed.extra === undefined ? {} : { extra: parsed.extra }),
        updatedMs,
      });
      return store.toAccountGroup(index);
    },

    applyChanges: (count) => {
      const parsed = validate(changesInputSchema, { count });
      return runtime.simulator.apply(parsed.count, runtime.now());
    },

    activity: () => (activity.changesPerMinute === null ? null : { changes_per_minute: activity.changesPerMinute }),
    setActivity: (changesPerMinute) => {
      const parsed = validate(activityInputSchema, { changes_per_minute: changesPerMinute });
      activity.set(parsed.changes_per_minute);
    },

    revokeTokens: () => runtime.tokens.revokeAll(),
    registerToken: (registration) => {
      const parsed = validate(tokenRegistrationSchema, registration);
      if (!runtime.clients.has(parsed.client_id)) throw new SandboxControlError(400, 'client_id: not a client of this sandbox');
      const expiresAtMs = runtime.now() + (parsed.expires_in ?? runtime.options.tokenTtlSeconds) * 1000;
      runtime.tokens.register(parsed.access_token, { clientId: parsed.client_id, scopes: parsed.scopes, expiresAtMs });
      return { expires_at: new Date(expiresAtMs).toISOString() };
    },

    addFault: (spec) => {
      try {
        return runtime.faults.add(spec);
      } catch (error) {
        if (error instanceof FaultSpecError) throw new SandboxControlError(400, error.message);
        throw error;
      }
    },
    faults: () => runtime.faults.list(),
    removeFault: (id) => runtime.faults.remove(id),
    clearFaults: () => {
      runtime.faults.clear();
    },

    now: () => runtime.now(),
    clockOffsetMs: () => runtime.clockOffsetMs,
    setClockOffset: (offsetMs) => {
      runtime.clockOffsetMs = validate(clockInputSchema, { offset_ms: offsetMs }).offset_ms;
    },

    onListRequest: (listener) => {
      runtime.listListeners.add(listener);
      return () => {
        runtime.listListeners.delete(listener);
      };
    },
  };
}

function validate<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new SandboxControlError(400, describeIssues(result.error));
  return result.data;
}

function parseUuidOrThrow(id: string): readonly [number, number, number, number] {
  const words = parseUuid(id);
  if (words === null) throw new SandboxControlError(400, 'id must be a UUID');
  return words;
}
