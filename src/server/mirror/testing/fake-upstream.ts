import type { AccountGroup, UpvestAccountGroupList } from '../../../domain/account-group';
import type { AccountGroupPageParams, AccountGroupPageSource } from '../mirror-sync';
import { referenceSort } from './reference-mirror';

/** An upstream failure as the Upvest client reports one: a problem title and Upvest's request ID. */
export class FakeUpstreamError extends Error {
  constructor(
    readonly title: string,
    readonly requestId: string | undefined,
  ) {
    super(title);
    this.name = 'FakeUpstreamError';
  }
}

export interface RecordedCall extends AccountGroupPageParams {
  /** Calls of the source still unanswered when this one started. */
  concurrent: number;
}

/**
 * Upvest's `GET /account_groups` over an in-memory tenant: sort, order (ties by ID, DESC = ASC
 * reversed), offset, limit and total_count like the real one. Its clock only moves forward and a change
 * stamps `updated_at` with it, unless the test gives the timestamp (two writes in the same instant). A
 * test can hook every call before it is answered (to change data or fail it) and rewrite the answer
 * (to serve what a misbehaving upstream would: short pages, unreadable fields).
 */
export class FakeUpstream implements AccountGroupPageSource {
  readonly groups = new Map<string, AccountGroup>();
  readonly calls: RecordedCall[] = [];
  beforeAnswer: ((call: RecordedCall, index: number) => void | Promise<void>) | null = null;
  rewriteAnswer: ((answer: UpvestAccountGroupList, call: RecordedCall, index: number) => UpvestAccountGroupList) | null = null;
  private clockMs = Date.UTC(2025, 0, 1);
  private ticks = 0;
  private sequence = 0;
  private unanswered = 0;

  /** @param stepMs how far the upstream clock moves per change (default 1 s) */
  constructor(private readonly stepMs = 1000) {}

  /** A fresh timestamp, strictly later than every earlier one, with varying fraction digits. */
  tick(): string {
    this.ticks++;
    this.clockMs += this.stepMs;
    const micros = String((this.ticks * 137) % 1000).padStart(3, '0');
    return new Date(this.clockMs).toISOString().replace('Z', `${micros}Z`);
  }

  create(count: number, status = 'ACTIVE'): AccountGroup[] {
    const created: AccountGroup[] = [];
    for (let i = 0; i < count; i++) {
      this.sequence++;
      const now = this.tick();
      const group: AccountGroup = {
        id: `${(Math.imul(this.sequence, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0')}-0000-4000-8000-${String(this.sequence).padStart(12, '0')}`,
        created_at: now,
        updated_at: now,
        users: [{ id: `user-${this.sequence % 13}`, type: 'OWNER' }],
        status,
        type: this.sequence % 5 === 0 ? 'ISA' : 'PERSONAL',
        securities_account_number: String(100_000_000 + this.sequence),
      };
      this.groups.set(group.id, group);
      created.push(group);
    }
    return created;
  }

  /**
   * Changes a group the way Upvest does: new state, new updated_at (the next tick of the clock, or
   * `updatedAt` when given, which may equal an earlier one).
   */
  change(id: string, changes: Partial<AccountGroup>, updatedAt?: string): void {
    const group = this.groups.get(id);
    if (group === undefined) throw new Error(`no group ${id}`);
    this.groups.set(id, { ...group, ...changes, updated_at: updatedAt ?? this.tick() });
  }

  /** Changes a group without touching updated_at: a change an incremental sync cannot see. */
  changeSilently(id: string, changes: Partial<AccountGroup>): void {
    const group = this.groups.get(id);
    if (group === undefined) throw new Error(`no group ${id}`);
    this.groups.set(id, { ...group, ...changes });
  }

  ids(): string[] {
    return [...this.groups.keys()];
  }

  async listAccountGroups(
    params: AccountGroupPageParams,
    options?: { signal?: AbortSignal },
  ): Promise<{ data: UpvestAccountGroupList; requestId: string | undefined }> {
    const call: RecordedCall = { ...params, concurrent: this.unanswered };
    const index = this.calls.push(call) - 1;
    this.unanswered++;
    try {
      // Answer asynchronously, as a network would, so that calls in flight overlap.
      await new Promise((resolve) => setImmediate(resolve));
      options?.signal?.throwIfAborted();
      await this.beforeAnswer?.(call, index);
      const sorted = referenceSort([...this.groups.values()], params.sort, params.order);
      const data = sorted.slice(params.offset, params.offset + params.limit).map((g) => structuredClone(g));
      const answer: UpvestAccountGroupList = {
        meta: {
          offset: params.offset,
          limit: params.limit,
          count: data.length,
          total_count: sorted.length,
          sort: params.sort,
          order: params.order,
        },
        data,
      };
      return { data: this.rewriteAnswer?.(answer, call, index) ?? answer, requestId: `req-${index}` };
    } finally {
      this.unanswered--;
    }
  }
}
