import type { SandboxEndpoint } from './faults';

export interface RecordedCall {
  readonly at: string;
  readonly method: string;
  /** The raw request target; it carries no secret (credentials travel in headers and the body). */
  readonly url: string;
  readonly endpoint: SandboxEndpoint | 'other';
  /** The status answered, or null when the connection was dropped before an answer. */
  readonly status: number | null;
  readonly request_id: string;
  /** The fault that shaped the answer, if any. */
  readonly fault: string | null;
}

export interface CallCounts {
  token: number;
  list: number;
  get: number;
  user_list: number;
  other: number;
  /** Refused for what the request was: 400, 401, 403, 406, 426. */
  rejected: number;
  total: number;
}

export interface CallStats {
  readonly counts: CallCounts;
  readonly by_status: Readonly<Record<string, number>>;
  /** Most recent last. */
  readonly recent: readonly RecordedCall[];
}

const REJECTED_STATUSES = new Set([400, 401, 403, 406, 426]);
const RECENT_LIMIT = 200;

/** Counts of the calls the Upvest API port has answered, for tests that assert call patterns. */
export class CallLog {
  private counts: CallCounts = emptyCounts();
  private byStatus = new Map<string, number>();
  private recent: RecordedCall[] = [];

  record(call: RecordedCall): void {
    this.counts[call.endpoint]++;
    this.counts.total++;
    if (call.status !== null && REJECTED_STATUSES.has(call.status)) this.counts.rejected++;
    const statusKey = call.status === null ? 'dropped' : String(call.status);
    this.byStatus.set(statusKey, (this.byStatus.get(statusKey) ?? 0) + 1);
    this.recent.push(call);
    if (this.recent.length > RECENT_LIMIT) this.recent.splice(0, this.recent.length - RECENT_LIMIT);
  }

  stats(): CallStats {
    return { counts: { ...this.counts }, by_status: Object.fromEntries(this.byStatus), recent: [...this.recent] };
  }

  reset(): void {
    this.counts = emptyCounts();
    this.byStatus = new Map();
    this.recent = [];
  }
}

function emptyCounts(): CallCounts {
  return { token: 0, list: 0, get: 0, user_list: 0, other: 0, rejected: 0, total: 0 };
}
