import type { AccountGroup, SortField, SortOrder, UpvestAccountGroupList } from '../../domain/account-group';
import { UPVEST_LIST_LIMITS } from '../../domain/account-group';
import type { MirrorStatus } from '../../domain/console-api';
import { MirrorStore, type UpsertResult } from './mirror-store';
import { assertFullPage } from './short-page';
import { SlotSet } from './slot-set';
import { timestampKey, UNREADABLE_TIMESTAMP_KEY } from './sort-key';

/**
 * Keeps the {@link MirrorStore} in step with Upvest (DESIGN.md, "The mirror").
 *
 * - Full pass (the first sync, and a periodic resync): `sort=created_at&order=ASC`, page 0 for the
 *   total, then the other pages with a few in flight, each upserted as it lands. A pass that fails keeps
 *   its pages and later resumes with the missing ones; `complete` turns true when every page arrived.
 * - A page with fewer rows than its own total_count promises fails the sync like any upstream failure.
 *   When every page has arrived, the distinct groups read must cover the total the pass began with
 *   (groups created later come after it in created order and are the next incremental sync's job); if
 *   they do not (pages shifted or overlapped), every page is read once more, and a shortfall that
 *   survives that is logged and shown in the status (`missing`, state stale) while the mirror serves on.
 * - Incremental sync: `sort=updated_at&order=DESC` from offset 0 until a page reaches groups older
 *   than the high-water mark minus the overlap, or the end of the list (one call when nothing changed).
 *   A group whose `updated_at` cannot be read is never taken for an older one.
 * - Where an incremental sync must stop: the high-water mark is the newest `updated_at` seen by the
 *   last completed sync, and never goes back. A full pass reads in created order for minutes at a
 *   million groups; a group it read early and that changed later carries an `updated_at` newer than
 *   the newest one upstream when the pass began, but not necessarily newer than the newest one the
 *   pass read. So a pass first asks for that newest group (one call, limit 1) and hands exactly that
 *   mark to the next incremental sync, which then catches every change made during the pass.
 * - Failures never touch what is held (upserts of pages that did arrive are kept: they are newer);
 *   the mirror is marked stale and retries after interval × 2^failures, capped. A periodic resync
 *   that failed midway resumes on alternate attempts, incremental syncs running in between.
 * - Only one sync runs at a time; timers are unref'd so they never keep the process alive. A refresh
 *   during a sync queues one more sync after it (the running one may have read past a change made just
 *   before the refresh); refreshes arriving meanwhile share that one.
 */

export interface AccountGroupPageParams {
  sort: SortField;
  order: SortOrder;
  offset: number;
  limit: number;
}

export interface AccountGroupPageSource {
  listAccountGroups(
    params: AccountGroupPageParams,
    options?: { signal?: AbortSignal },
  ): Promise<{ data: UpvestAccountGroupList; requestId: string | undefined }>;
}

export interface MirrorLogger {
  info(o: object, m?: string): void;
  warn(o: object, m?: string): void;
  error(o: object, m?: string): void;
}

export interface MirrorOptions {
  source: AccountGroupPageSource;
  store?: MirrorStore;
  /** Between incremental syncs, and the base of the backoff. Default 30 s. */
  incrementalIntervalMs?: number;
  /** Between full passes. Default 6 h. */
  fullResyncIntervalMs?: number;
  /** Pages requested at once during a full pass. Default 4. */
  pagesInFlight?: number;
  /** Groups per page, at most Upvest's 1000. Default 1000. */
  pageSize?: number;
  /** How far below the high-water mark an incremental sync still reads (clock skew, slow writes). Default 2 min. */
  overlapMs?: number;
  /** Longest wait between attempts after failures. Default 5 min. */
  maxBackoffMs?: number;
  /** A page request that takes longer fails the sync (a hung request must not stall the mirror). Default 2 min. */
  pageTimeoutMs?: number;
  now?: () => number;
  logger?: MirrorLogger;
}

export type SyncKind = 'full' | 'incremental';

export interface SyncedEvent {
  kind: SyncKind;
  /** True for the pass that made the mirror complete. */
  first: boolean;
  startedAt: string;
  durationMs: number;
  calls: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface FailedEvent {
  kind: SyncKind;
  title: string;
  upstreamRequestId?: string;
  retryInMs: number | null;
  error: unknown;
}

interface MirrorEvents {
  synced: SyncedEvent;
  failed: FailedEvent;
}

interface Mark {
  key: number;
  value: string;
}

interface FullPass {
  readonly first: boolean;
  readonly startedAt: number;
  /** Newest `updated_at` upstream when the pass began; undefined until asked, null for an empty tenant. */
  markAtStart: Mark | null | undefined;
  /** total_count of the first page: the groups the pass must read itself. */
  startTotal: number | null;
  /** Largest total_count seen, which decides how many pages there are. */
  total: number | null;
  readonly donePages: Set<number>;
  loaded: number;
  /** Distinct groups read at positions below startTotal. */
  readonly seen: SlotSet;
  /** Whether every page was read a second time because the first reading fell short. */
  reread: boolean;
}

/** The last full pass read fewer distinct groups than upstream counted, even after reading again. */
interface Shortfall {
  at: number;
  total: number;
  read: number;
}

interface FollowUp {
  readonly done: Promise<void>;
  readonly resolve: () => void;
}

interface RunTally {
  calls: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

const DEFAULTS = {
  incrementalIntervalMs: 30_000,
  fullResyncIntervalMs: 6 * 60 * 60 * 1000,
  pagesInFlight: 4,
  pageSize: UPVEST_LIST_LIMITS.maxLimit,
  overlapMs: 120_000,
  maxBackoffMs: 300_000,
  pageTimeoutMs: 120_000,
} as const;

const SILENT_LOGGER: MirrorLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export class Mirror {
  readonly store: MirrorStore;
  private readonly source: AccountGroupPageSource;
  private readonly incrementalIntervalMs: number;
  private readonly fullResyncIntervalMs: number;
  private readonly pagesInFlight: number;
  private readonly pageSize: number;
  private readonly overlapMs: number;
  private readonly maxBackoffMs: number;
  private readonly pageTimeoutMs: number;
  private readonly now: () => number;
  private readonly logger: MirrorLogger;

  private started = false;
  private stopped = false;
  private running: Promise<void> | null = null;
  private runAbort: AbortController | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextDueAt: number | null = null;

  private pass: FullPass | null = null;
  private isComplete = false;
  private mark: Mark | null = null;
  private failures = 0;
  private lastRun: { kind: SyncKind; ok: boolean } | null = null;
  private lastError: MirrorStatus['last_error'] = null;
  private lastSyncAt: number | null = null;
  private dataAsOf: number | null = null;
  private lastFullSyncAt: number | null = null;
  private lastFullPassStartedAt: number | null = null;
  private completeWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private followUp: FollowUp | null = null;
  private shortfall: Shortfall | null = null;
  private reportedUnreadable = false;
  private readonly listeners: { [K in keyof MirrorEvents]: Set<(event: MirrorEvents[K]) => void> } = {
    synced: new Set(),
    failed: new Set(),
  };

  constructor(options: MirrorOptions) {
    this.source = options.source;
    this.store = options.store ?? new MirrorStore();
    this.incrementalIntervalMs = positive('incrementalIntervalMs', options.incrementalIntervalMs ?? DEFAULTS.incrementalIntervalMs);
    this.fullResyncIntervalMs = positive('fullResyncIntervalMs', options.fullResyncIntervalMs ?? DEFAULTS.fullResyncIntervalMs);
    this.pagesInFlight = integerIn('pagesInFlight', options.pagesInFlight ?? DEFAULTS.pagesInFlight, 1, 32);
    this.pageSize = integerIn('pageSize', options.pageSize ?? DEFAULTS.pageSize, 1, UPVEST_LIST_LIMITS.maxLimit);
    this.overlapMs = nonNegative('overlapMs', options.overlapMs ?? DEFAULTS.overlapMs);
    this.maxBackoffMs = positive('maxBackoffMs', options.maxBackoffMs ?? DEFAULTS.maxBackoffMs);
    this.pageTimeoutMs = positive('pageTimeoutMs', options.pageTimeoutMs ?? DEFAULTS.pageTimeoutMs);
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? SILENT_LOGGER;
  }

  /** Runs the first sync now, then keeps syncing on timers. Calling it again does nothing. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    // A sync started by refresh() before start() schedules the timers when it ends.
    if (this.running === null) void this.runExclusive(this.nextKind());
  }

  /** Stops the timers and aborts a running sync; resolves once it has wound down. Final. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    this.runAbort?.abort(new Error('The mirror was stopped.'));
    if (this.running !== null) await this.running;
    const waiters = this.completeWaiters;
    this.completeWaiters = [];
    for (const waiter of waiters) waiter.reject(new Error('The mirror was stopped before its first sync completed.'));
  }

  /**
   * An incremental sync now (before the first full pass completes: the rest of that pass). While a
   * sync runs, queues one more to run right after it instead, shared with any other refresh until it
   * starts: `started` is true only when this call started a sync at once. `done` resolves when that
   * sync has ended, and never rejects: the outcome is in {@link status}.
   */
  requestRefresh(): { started: boolean; done: Promise<void> } {
    if (this.stopped) return { started: false, done: Promise.resolve() };
    if (this.running === null) return { started: true, done: this.runExclusive(this.refreshKind()) };
    this.followUp ??= newFollowUp();
    return { started: false, done: this.followUp.done };
  }

  /** {@link requestRefresh}, resolving once its sync has ended. */
  async refresh(): Promise<{ started: boolean }> {
    const { started, done } = this.requestRefresh();
    await done;
    return { started };
  }

  /** A full pass now, after any sync already running. Never rejects: the outcome is in {@link status}. */
  async fullResync(): Promise<void> {
    while (this.running !== null) await this.running;
    if (this.stopped) return;
    await this.runExclusive('full');
  }

  get complete(): boolean {
    return this.isComplete;
  }

  /** Resolves when a full pass has completed (at once if one has); rejects if the mirror stops first. */
  whenComplete(): Promise<void> {
    if (this.isComplete) return Promise.resolve();
    if (this.stopped) return Promise.reject(new Error('The mirror was stopped before its first sync completed.'));
    return new Promise((resolve, reject) => this.completeWaiters.push({ resolve, reject }));
  }

  /**
   * ISO time the data reflects at least: the start of the last successful sync; before one, the start of
   * the first pass (everything held was read after it); null while nothing has been read.
   */
  asOf(): string | null {
    return iso(this.dataAsOf ?? this.pass?.startedAt ?? null);
  }

  status(): MirrorStatus {
    const now = this.now();
    return {
      state: this.state(),
      count: this.store.size,
      complete: this.isComplete,
      progress: this.pass === null ? null : { loaded: this.pass.loaded, total: this.pass.total },
      last_sync_at: iso(this.lastSyncAt),
      lag_seconds: this.lastSyncAt === null ? null : Math.max(0, now - this.lastSyncAt) / 1000,
      last_full_sync_at: iso(this.lastFullSyncAt),
      last_error: this.lastError ?? this.shortfallError(),
      next_sync_in_seconds: this.nextDueAt === null ? null : Math.max(0, this.nextDueAt - now) / 1000,
      missing: this.shortfall === null ? 0 : this.shortfall.total - this.shortfall.read,
    };
  }

  /** Subscribes to sync outcomes; returns the unsubscribe function. A throwing listener is ignored. */
  on<K extends keyof MirrorEvents>(event: K, listener: (payload: MirrorEvents[K]) => void): () => void {
    const set = this.listeners[event] as Set<(payload: MirrorEvents[K]) => void>;
    set.add(listener);
    return () => set.delete(listener);
  }

  private state(): MirrorStatus['state'] {
    if (this.lastError !== null || this.shortfall !== null) return 'stale';
    if (this.isComplete) return 'ready';
    return this.running !== null || this.pass !== null || this.store.size > 0 ? 'syncing' : 'starting';
  }

  private nextKind(): SyncKind {
    if (!this.isComplete) return 'full';
    // A resync that failed midway is resumed, but with incremental syncs in between: a page that keeps
    // failing must not stop the mirror from following changes.
    if (this.pass !== null) return this.lastRun?.kind === 'full' && !this.lastRun.ok ? 'incremental' : 'full';
    const resyncDue =
      this.lastFullPassStartedAt !== null && this.now() - this.lastFullPassStartedAt >= this.fullResyncIntervalMs;
    return resyncDue ? 'full' : 'incremental';
  }

  private shortfallError(): MirrorStatus['last_error'] {
    if (this.shortfall === null) return null;
    const { at, total, read } = this.shortfall;
    return {
      at: new Date(at).toISOString(),
      title: `The last full sync read ${read} of the ${total} account groups Upvest counts: ${total - read} may be missing until the next full sync.`,
    };
  }

  private refreshKind(): SyncKind {
    return this.isComplete ? 'incremental' : 'full';
  }

  private runExclusive(kind: SyncKind): Promise<void> {
    this.clearTimer();
    const run = this.execute(kind).finally(() => {
      this.running = null;
      this.afterRun();
    });
    this.running = run;
    return run;
  }

  /** Starts the follow-up a refresh queued (before any timer), or schedules the next sync. */
  private afterRun(): void {
    const followUp = this.followUp;
    this.followUp = null;
    if (followUp === null) {
      this.scheduleNext();
    } else if (this.stopped) {
      followUp.resolve();
    } else {
      void this.runExclusive(this.refreshKind()).then(followUp.resolve);
    }
  }

  /** One sync; never rejects. */
  private async execute(kind: SyncKind): Promise<void> {
    const controller = new AbortController();
    this.runAbort = controller;
    const startedAt = this.now();
    const tally: RunTally = { calls: 0, inserted: 0, updated: 0, unchanged: 0 };
    try {
      const first = kind === 'full' ? await this.runFullPass(controller.signal, tally) : false;
      if (kind === 'incremental') await this.runIncremental(controller.signal, tally);
      this.failures = 0;
      this.lastError = null;
      this.lastRun = { kind, ok: true };
      this.lastSyncAt = this.now();
      const asOf = kind === 'full' ? (this.lastFullPassStartedAt ?? startedAt) : startedAt;
      this.dataAsOf = Math.max(this.dataAsOf ?? asOf, asOf);
      const event: SyncedEvent = {
        kind,
        first,
        startedAt: new Date(startedAt).toISOString(),
        durationMs: this.now() - startedAt,
        ...tally,
      };
      this.logger.info({ mirror: { ...event, count: this.store.size } }, `Mirror ${kind} sync done`);
      this.emit('synced', event);
    } catch (error) {
      if (this.stopped && controller.signal.aborted) return;
      this.failures++;
      this.lastRun = { kind, ok: false };
      const failure = describeFailure(error);
      this.lastError = { at: new Date(this.now()).toISOString(), ...failure };
      const retryInMs = this.started && !this.stopped ? this.backoffMs() : null;
      this.logger.warn(
        { mirror: { kind, failures: this.failures, retryInMs, calls: tally.calls, count: this.store.size, ...failure } },
        `Mirror ${kind} sync failed; serving the last good state`,
      );
      this.emit('failed', { kind, ...failure, retryInMs, error });
    } finally {
      this.runAbort = null;
      // Upserts happened either way; merge them into the sort orders now rather than in a user's query.
      this.store.settle();
    }
  }

  /** Runs or resumes a full pass; returns true when it is the one that made the mirror complete. */
  private async runFullPass(signal: AbortSignal, tally: RunTally): Promise<boolean> {
    let pass = this.pass;
    if (pass === null) {
      pass = {
        first: !this.isComplete,
        startedAt: this.now(),
        markAtStart: undefined,
        startTotal: null,
        total: null,
        donePages: new Set(),
        loaded: 0,
        seen: new SlotSet(),
        reread: false,
      };
      this.pass = pass;
      this.lastFullPassStartedAt = pass.startedAt;
    }
    if (pass.markAtStart === undefined) {
      const newest = await this.fetchPage({ sort: 'updated_at', order: 'DESC', offset: 0, limit: 1 }, signal, tally);
      pass.markAtStart = newestMark(newest.data, null);
    }
    if (pass.total === null) {
      this.acceptFullPage(pass, 0, await this.fetchPage(this.fullPageParams(0), signal, tally), tally);
    }
    for (;;) {
      // Pages still missing; the total can grow while we page (new groups), so look again after a round.
      for (let missing = this.missingPages(pass); missing.length > 0; missing = this.missingPages(pass)) {
        await this.fetchConcurrently(pass, missing, signal, tally);
      }
      if (unreadInPass(pass) === 0 || pass.reread) break;
      // Every page arrived, yet fewer distinct groups than counted: pages shifted or overlapped while we
      // read. Which ones cannot be told, so read them all once more; the seen groups carry over.
      this.logger.warn(
        { mirror: { total: pass.startTotal, read: pass.seen.size, missing: unreadInPass(pass) } },
        'Full pass read fewer distinct groups than Upvest counts; reading every page once more',
      );
      pass.reread = true;
      pass.donePages.clear();
      pass.loaded = 0;
    }
    const first = pass.first;
    this.pass = null;
    this.mark = laterMark(this.mark, pass.markAtStart);
    this.lastFullSyncAt = this.now();
    const unread = unreadInPass(pass);
    this.shortfall = unread === 0 ? null : { at: this.lastFullSyncAt, total: pass.startTotal ?? 0, read: pass.seen.size };
    if (unread > 0) {
      this.logger.warn(
        { mirror: { total: pass.startTotal, read: pass.seen.size, missing: unread, finalTotal: pass.total } },
        'Full pass still short after reading every page again; serving what was read, the next full sync retries',
      );
    }
    if (!this.isComplete) {
      this.isComplete = true;
      const waiters = this.completeWaiters;
      this.completeWaiters = [];
      for (const waiter of waiters) waiter.resolve();
    }
    return first;
  }

  private async fetchConcurrently(pass: FullPass, pages: number[], signal: AbortSignal, tally: RunTally): Promise<void> {
    const queue = [...pages];
    const outcome: { failure: { error: unknown } | null } = { failure: null };
    const worker = async (): Promise<void> => {
      for (let index = queue.shift(); index !== undefined && outcome.failure === null; index = queue.shift()) {
        try {
          const page = await this.fetchPage(this.fullPageParams(index), signal, tally);
          this.acceptFullPage(pass, index, page, tally);
        } catch (error) {
          // Pages already in flight may still land and are kept; no new ones start.
          outcome.failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.pagesInFlight, queue.length) }, worker));
    if (outcome.failure !== null) throw outcome.failure.error;
  }

  /** Keeps the page's groups; throws on a short page (after keeping them), leaving it to be read again. */
  private acceptFullPage(pass: FullPass, index: number, page: UpvestAccountGroupList, tally: RunTally): void {
    const offset = index * this.pageSize;
    // Rows below the total the pass began with are groups it must read itself; rows past it were created
    // during the pass and sit above its mark, so the next incremental sync reads them anyway.
    const counted = (pass.startTotal ?? page.meta.total_count) - offset;
    let row = 0;
    this.upsert(page.data, tally, (slot) => {
      if (row++ < counted) pass.seen.add(slot);
    });
    assertFullPage(offset, this.pageSize, page);
    if (this.pass === pass) {
      pass.startTotal ??= page.meta.total_count;
      pass.donePages.add(index);
      pass.loaded += page.data.length;
      pass.total = Math.max(pass.total ?? 0, page.meta.total_count);
    }
  }

  private missingPages(pass: FullPass): number[] {
    const pageCount = Math.ceil((pass.total ?? 0) / this.pageSize);
    const missing: number[] = [];
    for (let index = 0; index < pageCount; index++) if (!pass.donePages.has(index)) missing.push(index);
    return missing;
  }

  private fullPageParams(index: number): AccountGroupPageParams {
    return { sort: 'created_at', order: 'ASC', offset: index * this.pageSize, limit: this.pageSize };
  }

  private async runIncremental(signal: AbortSignal, tally: RunTally): Promise<void> {
    const stopBelow = this.mark === null ? Number.NEGATIVE_INFINITY : this.mark.key - this.overlapMs * 1000;
    let newest = this.mark;
    for (let offset = 0; ; ) {
      const page = await this.fetchPage({ sort: 'updated_at', order: 'DESC', offset, limit: this.pageSize }, signal, tally);
      this.upsert(page.data, tally);
      newest = newestMark(page.data, newest);
      // A short page would end the loop above unread groups and then move the mark past them.
      assertFullPage(offset, this.pageSize, page);
      offset += page.data.length;
      if (this.reachedOlder(page.data, stopBelow) || offset >= page.meta.total_count) break;
    }
    // Only a sync that read all the way down may move the mark: a failed one leaves it for the retry.
    this.mark = newest;
  }

  /** Whether a page holds a group changed before `stopBelow` (an unreadable `updated_at` is not older). */
  private reachedOlder(groups: readonly AccountGroup[], stopBelow: number): boolean {
    let older = false;
    for (const group of groups) {
      const key = timestampKey(group.updated_at);
      if (key === UNREADABLE_TIMESTAMP_KEY) {
        this.reportUnreadable(group);
      } else if (key < stopBelow) {
        older = true;
      }
    }
    return older;
  }

  /** Once per mirror: an upstream sending such timestamps sends many, and every sync would repeat it. */
  private reportUnreadable(group: AccountGroup): void {
    if (this.reportedUnreadable) return;
    this.reportedUnreadable = true;
    this.logger.warn(
      { mirror: { id: group.id, updated_at: group.updated_at.slice(0, 100) } },
      'Upstream sent an updated_at that cannot be read; incremental syncs read past such groups (logged once)',
    );
  }

  private upsert(groups: readonly AccountGroup[], tally: RunTally, onSlot?: (slot: number) => void): UpsertResult {
    const counts = this.store.upsert(groups, onSlot);
    tally.inserted += counts.inserted;
    tally.updated += counts.updated;
    tally.unchanged += counts.unchanged;
    return counts;
  }

  private async fetchPage(params: AccountGroupPageParams, runSignal: AbortSignal, tally: RunTally): Promise<UpvestAccountGroupList> {
    runSignal.throwIfAborted();
    const signal = AbortSignal.any([runSignal, AbortSignal.timeout(this.pageTimeoutMs)]);
    tally.calls++;
    // Racing the signal: a source that ignores it must not keep stop() or the next sync waiting.
    const response = await raceAbort(this.source.listAccountGroups(params, { signal }), signal);
    runSignal.throwIfAborted();
    return response.data;
  }

  private backoffMs(): number {
    return Math.min(this.incrementalIntervalMs * 2 ** this.failures, this.maxBackoffMs);
  }

  private scheduleNext(): void {
    if (!this.started || this.stopped) return;
    const delay = this.failures === 0 ? this.incrementalIntervalMs : this.backoffMs();
    this.clearTimer();
    this.nextDueAt = this.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.nextDueAt = null;
      if (this.running === null && !this.stopped) void this.runExclusive(this.nextKind());
    }, delay);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.nextDueAt = null;
  }

  private emit<K extends keyof MirrorEvents>(event: K, payload: MirrorEvents[K]): void {
    for (const listener of this.listeners[event] as Set<(payload: MirrorEvents[K]) => void>) {
      try {
        listener(payload);
      } catch (error) {
        this.logger.error({ mirror: { event }, err: describeFailure(error) }, 'Mirror event listener threw');
      }
    }
  }
}

/** Groups the pass must read and has not: its starting total less the distinct groups read below it. */
function unreadInPass(pass: FullPass): number {
  return Math.max(0, (pass.startTotal ?? 0) - pass.seen.size);
}

function newFollowUp(): FollowUp {
  let resolve: () => void = () => undefined;
  const done = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { done, resolve };
}

function newestMark(groups: readonly AccountGroup[], current: Mark | null): Mark | null {
  let newest = current;
  for (const group of groups) {
    const key = timestampKey(group.updated_at);
    if (key !== UNREADABLE_TIMESTAMP_KEY && (newest === null || key > newest.key)) newest = { key, value: group.updated_at };
  }
  return newest;
}

function laterMark(a: Mark | null, b: Mark | null | undefined): Mark | null {
  if (b === undefined || b === null) return a;
  if (a === null) return b;
  return b.key > a.key ? b : a;
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(abortReason(signal));
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') return new Error('An upstream page request timed out.');
  return reason instanceof Error ? reason : new Error('Aborted');
}

/** Title and Upvest request ID of a failure, for status and logs (never the error's other details). */
function describeFailure(error: unknown): { title: string; upstream_request_id?: string } {
  const record = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const title =
    typeof record.title === 'string' && record.title !== ''
      ? record.title
      : error instanceof Error && error.message !== ''
        ? error.message
        : 'The upstream sync failed.';
  const requestId = record.requestId ?? record.upstreamRequestId;
  const truncated = title.length > 300 ? `${title.slice(0, 300)}…` : title;
  return typeof requestId === 'string' && requestId !== '' ? { title: truncated, upstream_request_id: requestId } : { title: truncated };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`Mirror option ${name} must be a positive number; got ${value}.`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`Mirror option ${name} must be zero or more; got ${value}.`);
  return value;
}

function integerIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`Mirror option ${name} must be a whole number from ${min} to ${max}; got ${value}.`);
  }
  return value;
}
