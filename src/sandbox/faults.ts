import { z } from 'zod';
import type { SeededRandom } from './seeded-random';

export const FAULT_TARGETS = ['token', 'account_groups', 'all'] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

export const FAULT_KINDS = [
  'status',
  'latency',
  'rate_limit',
  'malformed_json',
  'truncated_body',
  'drop_connection',
  'invalid_token',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The endpoints a fault can hit. */
export type SandboxEndpoint = 'token' | 'list' | 'get' | 'user_list';

export const faultSpecSchema = z
  .strictObject({
    target: z.enum(FAULT_TARGETS),
    kind: z.enum(FAULT_KINDS),
    /** Probability per matching request, 0..1; default 1 (every matching request). */
    rate: z.number().min(0).max(1).optional(),
    /** Remove the fault after it has applied this many times; default: never. */
    count: z.number().int().min(1).max(1_000_000).optional(),
    /** kind `status`: the status code to answer with. */
    status: z.number().int().min(200).max(599).optional(),
    /** kind `latency`: milliseconds added before the request is answered. */
    latency_ms: z.number().int().min(0).max(600_000).optional(),
    /** kind `status`: the problem detail to answer with. */
    detail: z.string().max(500).optional(),
  })
  .superRefine((spec, context) => {
    if (spec.kind === 'status' && spec.status === undefined) {
      context.addIssue({ code: 'custom', path: ['status'], message: 'kind "status" needs a status code (200..599)' });
    }
    if (spec.kind !== 'status' && spec.status !== undefined) {
      context.addIssue({ code: 'custom', path: ['status'], message: 'status applies only to kind "status"' });
    }
    if (spec.kind === 'latency' && spec.latency_ms === undefined) {
      context.addIssue({ code: 'custom', path: ['latency_ms'], message: 'kind "latency" needs latency_ms' });
    }
    if (spec.kind !== 'latency' && spec.latency_ms !== undefined) {
      context.addIssue({ code: 'custom', path: ['latency_ms'], message: 'latency_ms applies only to kind "latency"' });
    }
    if (spec.kind === 'invalid_token' && spec.target === 'account_groups') {
      context.addIssue({ code: 'custom', path: ['target'], message: 'kind "invalid_token" applies to the token endpoint (target token or all)' });
    }
  });

export type FaultSpec = z.input<typeof faultSpecSchema>;

export interface Fault {
  readonly id: string;
  readonly target: FaultTarget;
  readonly kind: FaultKind;
  readonly rate: number;
  /** Applications left before the fault removes itself; null = unlimited. */
  readonly remaining: number | null;
  readonly status?: number;
  readonly latency_ms?: number;
  readonly detail?: string;
  /** How many times it has applied so far. */
  readonly applied: number;
}

export interface FaultSelection {
  /** Sum of the latency faults that applied. */
  readonly latencyMs: number;
  /** The first non-latency fault that applied, if any: it decides the answer. */
  readonly terminal: Fault | null;
}

export class FaultSpecError extends Error {
  override name = 'FaultSpecError';
}

type MutableFault = { -readonly [K in keyof Fault]: Fault[K] };

/**
 * Injected faults, matched in the order they were added. Latency faults add up; the first other
 * fault that applies decides the answer. With rate 1 a fault applies to every matching request
 * (deterministic); below 1 the seeded PRNG decides, so a run is reproducible from the seed.
 */
export class FaultRegistry {
  private faults: MutableFault[] = [];
  private nextId = 1;

  constructor(private readonly random: SeededRandom) {}

  add(input: unknown): Fault {
    const parsed = faultSpecSchema.safeParse(input);
    if (!parsed.success) {
      throw new FaultSpecError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'fault'}: ${issue.message}`).join('; '));
    }
    const spec = parsed.data;
    const fault: MutableFault = {
      id: `fault-${this.nextId++}`,
      target: spec.target,
      kind: spec.kind,
      rate: spec.rate ?? 1,
      remaining: spec.count ?? null,
      applied: 0,
      ...(spec.status === undefined ? {} : { status: spec.status }),
      ...(spec.latency_ms === undefined ? {} : { latency_ms: spec.latency_ms }),
      ...(spec.detail === undefined ? {} : { detail: spec.detail }),
    };
    this.faults.push(fault);
    return { ...fault };
  }

  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  /** Decides which faults hit this request, counting them as applied. */
  select(endpoint: SandboxEndpoint): FaultSelection {
    let latencyMs = 0;
    let terminal: Fault | null = null;
    for (const fault of [...this.faults]) {
      if (!matches(fault, endpoint)) continue;
      if (fault.kind !== 'latency' && terminal !== null) continue;
      if (!this.rolls(fault.rate)) continue;
      fault.applied++;
      if (fault.remaining !== null) {
        fault.remaining--;
        if (fault.remaining <= 0) this.remove(fault.id);
      }
      if (fault.kind === 'latency') latencyMs += fault.latency_ms ?? 0;
      else terminal = { ...fault };
    }
    return { latencyMs, terminal };
  }

  private rolls(rate: number): boolean {
    if (rate >= 1) return true;
    if (rate <= 0) return false;
    return this.random.next() < rate;
  }
}

function matches(fault: Fault, endpoint: SandboxEndpoint): boolean {
  if (fault.kind === 'invalid_token' && endpoint !== 'token') return false;
  switch (fault.target) {
    case 'all':
      return true;
    case 'token':
      return endpoint === 'token';
    case 'account_groups':
      return endpoint !== 'token';
  }
}
