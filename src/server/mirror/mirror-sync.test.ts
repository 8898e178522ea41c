import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccountGroup } from '../../domain/account-group';
import type { MirrorStore } from './mirror-store';
import { Mirror, type MirrorLogger, type MirrorOptions } from './mirror-sync';
import { FakeUpstream, FakeUpstreamError } from './testing/fake-upstream';

const mirrors: Mirror[] = [];

/** Lets the fake upstream answer: it replies on real setImmediate turns, which fake timers leave alone. */
async function letUpstreamAnswer(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
}

async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await letUpstreamAnswer();
}

function mirrorOf(upstream: FakeUpstream, options: Partial<MirrorOptions> = {}): Mirror {
  const mirror = new Mirror({ source: upstream, pageSize: 10, pagesInFlight: 3, ...options });
  mirrors.push(mirror);
  return mirror;
}

afterEach(async () => {
  await Promise.all(mirrors.splice(0).map((m) => m.stop()));
  vi.useRealTimers();
});

function held(store: MirrorStore): AccountGroup[] {
  return [...store.all()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

function upstreamGroups(upstream: FakeUpstream): AccountGroup[] {
  return [...upstream.groups.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

const describeCall = (c: { sort: string; order: string; offset: number; limit: number }): string =>
  `${c.sort} ${c.order} ${c.offset}+${c.limit}`;

function recordingLogger(): MirrorLogger & { warnings: { fields: object; message: string | undefined }[] } {
  const warnings: { fields: object; message: string | undefined }[] = [];
  return {
    warnings,
    info: () => undefined,
    warn: (fields, message) => warnings.push({ fields, message }),
    error: () => undefined,
  };
}

/** A promise that stays pending until released: holds an upstream call (or anything else) open. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

function groupAt(upstream: FakeUpstream, id: string | undefined): AccountGroup {
  const group = id === undefined ? undefined : upstream.groups.get(id);
  if (group === undefined) throw new Error(`no group ${String(id)}`);
  return structuredClone(group);
}

describe('Mirror first sync', () => {
  it('asks for the newest group, then pages in created order with several pages in flight', async () => {
    const upstream = new FakeUpstream();
    upstream.create(95);
    const mirror = mirrorOf(upstream);
    expect(mirror.status()).toMatchObject({ state: 'starting', count: 0, complete: false, progress: null });

    await mirror.refresh();

    expect(held(mirror.store)).toEqual(upstreamGroups(upstream));
    expect(mirror.complete).toBe(true);
    const calls = upstream.calls.map(describeCall);
    expect(calls.slice(0, 2)).toEqual(['updated_at DESC 0+1', 'created_at ASC 0+10']);
    expect(calls.slice(2).sort()).toEqual(
      Array.from({ length: 9 }, (_, i) => `created_at ASC ${(i + 1) * 10}+10`).sort(),
    );
    const parallel = Math.max(...upstream.calls.map((c) => c.concurrent + 1));
    expect(parallel).toBe(3);
    expect(mirror.status()).toMatchObject({ state: 'ready', count: 95, complete: true, progress: null, last_error: null });
  });

  it('serves partial data while it loads, with progress, and completes only at the end', async () => {
    const upstream = new FakeUpstream();
    upstream.create(60);
    const mirror = mirrorOf(upstream, { pagesInFlight: 1 });
    const seen: { count: number; complete: boolean; state: string; loaded: number | undefined; total: number | null | undefined }[] = [];
    upstream.beforeAnswer = () => {
      const status = mirror.status();
      seen.push({
        count: mirror.store.size,
        complete: mirror.complete,
        state: status.state,
        loaded: status.progress?.loaded,
        total: status.progress?.total,
      });
    };
    await mirror.refresh();
    // Before page 3 (offset 20) is answered, pages 0 and 1 are held and visible.
    expect(seen[3]).toEqual({ count: 20, complete: false, state: 'syncing', loaded: 20, total: 60 });
    expect(seen.every((s) => !s.complete)).toBe(true);
    expect(mirror.complete).toBe(true);
  });

  it('resumes a failed first sync from the missing pages and only then completes', async () => {
    const upstream = new FakeUpstream();
    upstream.create(50);
    const mirror = mirrorOf(upstream, { pagesInFlight: 1 });
    upstream.beforeAnswer = (call) => {
      if (call.sort === 'created_at' && call.offset === 30) throw new FakeUpstreamError('Service Unavailable', 'upvest-req-1');
    };
    await mirror.refresh();
    expect(mirror.complete).toBe(false);
    expect(mirror.store.size).toBe(30);
    expect(mirror.status()).toMatchObject({
      state: 'stale',
      complete: false,
      progress: { loaded: 30, total: 50 },
      last_error: { title: 'Service Unavailable', upstream_request_id: 'upvest-req-1' },
    });
    await expect(Promise.race([mirror.whenComplete(), Promise.resolve('pending')])).resolves.toBe('pending');

    upstream.beforeAnswer = null;
    const callsBefore = upstream.calls.length;
    const completed = mirror.whenComplete();
    expect(await mirror.refresh()).toEqual({ started: true });
    await completed;
    expect(upstream.calls.slice(callsBefore).map(describeCall)).toEqual(['created_at ASC 30+10', 'created_at ASC 40+10']);
    expect(mirror.complete).toBe(true);
    expect(held(mirror.store)).toEqual(upstreamGroups(upstream));
    expect(mirror.status()).toMatchObject({ state: 'ready', last_error: null, progress: null });
  });

  it('picks up pages beyond the first total when groups are created during the pass', async () => {
    const upstream = new FakeUpstream();
    upstream.create(25);
    const mirror = mirrorOf(upstream, { pagesInFlight: 1 });
    upstream.beforeAnswer = (_call, index) => {
      if (index === 2) upstream.create(12); // after page 0 told total 25
    };
    await mirror.refresh();
    expect(held(mirror.store)).toEqual(upstreamGroups(upstream));
    expect(upstream.calls.filter((c) => c.sort === 'created_at').map((c) => c.offset)).toEqual([0, 10, 20, 30]);
  });

  it('leaves groups created behind the last page it read to the next incremental sync, without reading again', async () => {
    const upstream = new FakeUpstream();
    upstream.create(25);
    const logger = recordingLogger();
    const mirror = mirrorOf(upstream, { pagesInFlight: 3, logger });
    upstream.beforeAnswer = async (call) => {
      if (call.sort !== 'created_at' || call.offset !== 10) return;
      // The last page (5 of 25) is answered first; then 12 groups are created behind it.
      for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
      upstream.create(12);
    };
    await mirror.refresh();
    expect(upstream.calls.filter((c) => c.sort === 'created_at').map((c) => c.offset).sort((a, b) => a - b)).toEqual([0, 10, 20, 30]);
    // Positions 25-29 were never read by the pass: they are newer than its mark, not missing.
    expect(mirror.store.size).toBe(32);
    expect(mirror.status()).toMatchObject({ state: 'ready', complete: true, missing: 0, last_error: null });
    expect(logger.warnings).toEqual([]);
    upstream.beforeAnswer = null;
    await mirror.refresh();
    expect(held(mirror.store)).toEqual(upstreamGroups(upstream));
  });

  it('fails on a short page, keeps its rows, and reads that page again before it completes', async () => {
    const upstream = new FakeUpstream();
    upstream.create(50);
    const mirror = mirrorOf(upstream, { pagesInFlight: 1 });
    let shorten = true;
    upstream.rewriteAnswer = (answer, call) =>
      shorten && call.sort === 'created_at' && call.offset === 20 ? { ...answer, data: answer.data.slice(0, 7) } : answer;
    await mirror.refresh();
    expect(mirror.complete).toBe(false);
    expect(mirror.store.size).toBe(27);
    expect(mirror.status()).toMatchObject({
      state: 'stale',
      complete: false,
      progress: { loaded: 20, total: 50 },
      last_error: { title: 'Upvest returned 7 of the 10 account groups expected at offset 20 (total_count 50).' },
    });

    shorten = false;
    const callsBefore = upstream.calls.length;
    await mirror.refresh();
    expect(upstream.calls.slice(callsBefore).map(describeCall)).toEqual([
      'created_at ASC 20+10',
      'created_at ASC 30+10',
      'created_at ASC 40+10',
    ]);
    expect(held(mirror.store)).toEqual(upstreamGroups(upstream));
    expect(mirror.status()).toMatchObject({ state: 'ready', complete: true, missing: 0 });
  });

  it('fails on an empty page below total_count rather than taking it for the end', async () => {
    const upstream = new FakeUpstream();
    upstream.create(30);
    const mirror = mirrorOf(upstream);
    upstream.rewriteAnswer = (answer, call) => (call.sort === 'created_at' && call.offset === 10 ? { ...answer, data: [] } : answer);
    await mirror.refresh();
    expect(mirror.complete).toBe(false);
    expect(mirror.status().last_error?.title).toMatch(/returned 0 of the 10 account groups expected at offset 10/);
  });

  it('reads every page once more when pages overlapped, and completes whole when the second reading is', async () => {
    const upstream = new FakeUpstream();
    upstream.create(50);
    const ids = upstream.ids(); // created order
    const logger = recordingLogger();
    const mirror = mirrorOf(upstream, { pagesInFlight: 2, logger });
    let shifted = 1;
    // Page 3 comes back shifted by one (full, but repeating group 29 and leaving out group 39).
    upstream.rewriteAnswer = (answer, call) => {
      if (call.sort !== 'created_at' || call.offset !== 30 || shifted === 0) return answer;
      shifted--;
      return { ...answer, data: [groupAt(upstream, ids[29]), ...answer.data.slice(0, 9)] };
    };
    await mirror.refresh();
    const offsets = upstream.calls.filter((c) => c.sort === 'created_at').map((c) => c.offset);
    expect(offsets.slice(0, 5).sort((a, b) => a - b)).toEqual([0, 10, 20, 30, 40]);
    expect(offsets.slice(5).sort((a, b) => a - b)).toEqual([0, 10, 20, 30, 40]);
    expect(held(mirror.store)).toEqual(upstreamGroups(upstream));
    expect(mirror.status()).toMatchObject({ state: 'ready', complete: true, missing: 0, last_error: null });
    expect(logger.warnings.map((w) => w.fields)).toEqual([{ mirror: { total: 50, read: 49, missing: 1 } }]);
  });

  it('completes and serves when still short after reading again, but says so in the log and the status', async () => {
    const upstream = new FakeUpstream();
    upstream.create(50);
    const ids = upstream.ids();
    const logger = recordingLogger();
    const mirror = mirrorOf(upstream, { pagesInFlight: 2, logger, overlapMs: 0 });
    let broken = true;
    upstream.rewriteAnswer = (answer, call) =>
      broken && call.sort === 'created_at' && call.offset === 30
        ? { ...answer, data: [groupAt(upstream, ids[29]), ...answer.data.slice(0, 9)] }
        : answer;
    await mirror.refresh();
    expect(upstream.calls.filter((c) => c.sort === 'created_at')).toHaveLength(10); // two readings, no third
    expect(mirror.complete).toBe(true);
    expect(mirror.store.size).toBe(49);
    expect(mirror.store.get(ids[39] ?? '')).toBeUndefined();
    const status = mirror.status();
    expect(status).toMatchObject({ state: 'stale', complete: true, count: 49, missing: 1 });
    expect(status.last_error?.title).toBe(
      'The last full sync read 49 of the 50 account groups Upvest counts: 1 may be missing until the next full sync.',
    );
    expect(logger.warnings.at(-1)?.fields).toEqual({ mirror: { total: 50, read: 49, missing: 1, finalTotal: 50 } });

    // A successful incremental sync cannot find the group either: the status keeps saying so.
    await mirror.refresh();
    expect(mirror.status()).toMatchObject({ state: 'stale', missing: 1 });

    broken = false;
    await mirror.fullResync();
    expect(held(mirror.store)).toEqual(upstreamGroups(upstream));
    expect(mirror.status()).toMatchObject({ state: 'ready', missing: 0, last_error: null });
  });

  it('reports as_of as the start of the first sync while it runs, not the time of asking', async () => {
    let now = Date.UTC(2025, 5, 1, 12, 0, 0);
    const upstream = new FakeUpstream();
    upstream.create(30);
    const mirror = mirrorOf(upstream, { now: () => now, pagesInFlight: 1 });
    const hold = gate();
    const asOfWhileLoading: (string | null)[] = [];
    upstream.beforeAnswer = async (call) => {
      now += 1000;
      if (call.sort === 'created_at' && call.offset === 20) {
        asOfWhileLoading.push(mirror.asOf());
        await hold.opened;
        throw new FakeUpstreamError('Bad Gateway', undefined);
      }
    };
    expect(mirror.asOf()).toBeNull();
    const refreshing = mirror.refresh();
    await new Promise((resolve) => setImmediate(resolve));
    hold.open();
    await refreshing;
    expect(asOfWhileLoading).toEqual(['2025-06-01T12:00:00.000Z']);
    // The pass failed midway: what is held was still read after it began.
    now += 60_000;
    expect(mirror.status()).toMatchObject({ state: 'stale', complete: false, count: 20 });
    expect(mirror.asOf()).toBe('2025-06-01T12:00:00.000Z');
  });
});

describe('Mirror incremental sync', () => {
  it('makes exactly one upstream call when nothing changed', async () => {
    const upstream = new FakeUpstream();
    upstream.create(40);
    // Changes 1 s apart, 5 s of overlap: the first page of 10 reaches below the window.
    const mirror = mirrorOf(upstream, { overlapMs: 5000 });
    await mirror.refresh();
    const before = upstream.calls.length;
    expect(await mirror.refresh()).toEqual({ started: true });
    expect(await mirror.refresh()).toEqual({ started: true });
    expect(upstream.calls.slice(before).map(describeCall)).toEqual(['updated_at DESC 0+10', 'updated_at DESC 0+10']);
  });

  it('re-reads the overlap window below the high-water mark', async () => {
    const upstream = new FakeUpstream();
    upstream.create(40);
    // 25 groups changed within the last 25 s: a 30 s overlap re-reads all of them.
    const mirror = mirrorOf(upstream, { overlapMs: 30_000 });
    await mirror.refresh();
    const before = upstream.calls.length;
    await mirror.refresh();
    expect(upstream.calls.slice(before).map(describeCall)).toEqual([
      'updated_at DESC 0+10',
      'updated_at DESC 10+10',
      'updated_at DESC 20+10',
      'updated_at DESC 30+10',
    ]);
  });

  it('reads down past the high-water mark and picks up every change and new group', async () => {
    const upstream = new FakeUpstream();
    upstream.create(40);
    const mirror = mirrorOf(upstream, { overlapMs: 0 });
    await mirror.refresh();
    const ids = upstream.ids();
    for (const id of ids.slice(0, 23)) upstream.change(id, { status: 'LOCKED' });
    upstream.create(4, 'PENDING_APPROVAL');
    const before = upstream.calls.length;
    await mirror.refresh();
    expect(held(mirror.store)).toEqual(upstreamGroups(upstream));
    // 27 changed groups at 10 a page: the third page reaches older groups and ends the sync.
    expect(upstream.calls.slice(before).map(describeCall)).toEqual([
      'updated_at DESC 0+10',
      'updated_at DESC 10+10',
      'updated_at DESC 20+10',
    ]);
  });

  it('catches up in one sync with changes made during the first sync to groups it had already read', async () => {
    const upstream = new FakeUpstream();
    upstream.create(50);
    const mirror = mirrorOf(upstream, { overlapMs: 0, pagesInFlight: 1 });
    const ids = upstream.ids();
    // Before page 1 is answered: change a group page 0 already delivered, then groups not read yet.
    // The pass reads the later ones in their new state, so the newest updated_at it saw is newer than
    // the change to the first group: only the mark taken when the pass began finds that one again.
    upstream.beforeAnswer = (_call, index) => {
      if (index === 2) {
        upstream.change(ids[0] ?? '', { status: 'CLOSING' });
        for (const id of ids.slice(20, 45)) upstream.change(id, { status: 'LOCKED' });
        upstream.create(2);
      }
    };
    await mirror.refresh();
    expect(mirror.store.get(ids[0] ?? '')?.status).toBe('ACTIVE'); // read before it changed
    upstream.beforeAnswer = null;
    await mirror.refresh();
    expect(held(mirror.store)).toEqual(upstreamGroups(upstream));
  });

  it('catches up in the next sync with changes made while an incremental sync pages', async () => {
    const upstream = new FakeUpstream();
    upstream.create(50);
    const mirror = mirrorOf(upstream, { overlapMs: 0 });
    await mirror.refresh();
    const ids = upstream.ids();
    for (const id of ids.slice(10, 35)) upstream.change(id, { status: 'CLOSED' });
    // While page 2 is requested, groups on pages already read change (and move to the top).
    upstream.beforeAnswer = (call) => {
      if (call.sort === 'updated_at' && call.offset === 20) {
        upstream.change(ids[11] ?? '', { status: 'ACTIVE' });
        upstream.change(ids[1] ?? '', { status: 'LOCKED' });
      }
    };
    await mirror.refresh();
    expect(mirror.store.get(ids[1] ?? '')?.status).toBe('ACTIVE');
    upstream.beforeAnswer = null;
    await mirror.refresh();
    expect(held(mirror.store)).toEqual(upstreamGroups(upstream));
  });

  it('converges with upstream after any sequence of changes, also between pages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 45 }),
        fc.array(
          fc.record({
            creates: fc.nat(12),
            changes: fc.array(fc.tuple(fc.nat(), fc.constantFrom('ACTIVE', 'LOCKED', 'CLOSING', 'CLOSED', 'FROZEN')), { maxLength: 25 }),
            duringPages: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('LOCKED', 'CLOSED')), { maxLength: 4 }),
            full: fc.boolean(),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        fc.constantFrom(0, 120_000),
        async (initial, rounds, overlapMs) => {
          const upstream = new FakeUpstream();
          upstream.create(initial);
          const mirror = mirrorOf(upstream, { overlapMs, pageSize: 7, pagesInFlight: 2 });
          for (const round of rounds) {
            upstream.create(round.creates);
            const ids = upstream.ids();
            for (const [pick, status] of round.changes) {
              const id = ids[pick % Math.max(1, ids.length)];
              if (id !== undefined) upstream.change(id, { status });
            }
            const pending = [...round.duringPages];
            const callsBefore = upstream.calls.length;
            upstream.beforeAnswer = (_call, index) => {
              for (const [at, pick, status] of pending) {
                if (index - callsBefore !== at % 4) continue;
                const all = upstream.ids();
                const id = all[pick % Math.max(1, all.length)];
                if (id !== undefined) upstream.change(id, { status });
              }
            };
            if (round.full) await mirror.fullResync();
            else await mirror.refresh();
          }
          // One quiet sync later the mirror must hold exactly what upstream holds.
          upstream.beforeAnswer = null;
          await mirror.refresh();
          expect(held(mirror.store)).toEqual(upstreamGroups(upstream));
          expect(mirror.complete).toBe(true);
          await mirror.stop();
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('Mirror incremental sync: where it stops', () => {
  it('re-reads a group whose updated_at equals the high-water mark, even across a page boundary', async () => {
    const upstream = new FakeUpstream();
    upstream.create(40);
    const mirror = mirrorOf(upstream, { overlapMs: 0 });
    await mirror.refresh();
    // The mark is the newest updated_at: the last group created. Another group is written in that same
    // instant but becomes visible only now (a slow commit); it sorts right after the mark's group.
    const ids = upstream.ids();
    const markHolder = groupAt(upstream, ids[39]);
    const sameInstant = ids.slice(0, 39).find((id) => id < markHolder.id) ?? '';
    // Nine newer changes fill page 0 above the mark's group, which ends that page.
    const others = ids.slice(0, 39).filter((id) => id !== sameInstant);
    for (const id of others.slice(0, 9)) upstream.change(id, { status: 'LOCKED' });
    upstream.change(sameInstant, { status: 'CLOSING' }, markHolder.updated_at);
    const callsBefore = upstream.calls.length;
    await mirror.refresh();
    expect(upstream.calls.slice(callsBefore).map(describeCall)).toEqual(['updated_at DESC 0+10', 'updated_at DESC 10+10']);
    expect(mirror.store.get(sameInstant)?.status).toBe('CLOSING');
    expect(held(mirror.store)).toEqual(upstreamGroups(upstream));
  });

  it('fails on a short page below total_count, keeps the mark, and catches up on the retry', async () => {
    const upstream = new FakeUpstream();
    upstream.create(40);
    const mirror = mirrorOf(upstream, { overlapMs: 0 });
    await mirror.refresh();
    const ids = upstream.ids();
    for (const id of ids.slice(0, 25)) upstream.change(id, { status: 'LOCKED' });
    let shorten = true;
    upstream.rewriteAnswer = (answer, call) =>
      shorten && call.sort === 'updated_at' && call.offset === 10 ? { ...answer, data: answer.data.slice(0, 6) } : answer;
    const callsBefore = upstream.calls.length;
    await mirror.refresh();
    expect(upstream.calls.slice(callsBefore).map(describeCall)).toEqual(['updated_at DESC 0+10', 'updated_at DESC 10+10']);
    expect(mirror.status()).toMatchObject({
      state: 'stale',
      last_error: { title: 'Upvest returned 6 of the 10 account groups expected at offset 10 (total_count 40).' },
    });
    expect(mirror.status().next_sync_in_seconds).toBeNull(); // not started: no timer, but a failure counted

    shorten = false;
    const retryFrom = upstream.calls.length;
    await mirror.refresh();
    // The mark did not move: the retry reads down through all 25 changes again.
    expect(upstream.calls.slice(retryFrom).map(describeCall)).toEqual([
      'updated_at DESC 0+10',
      'updated_at DESC 10+10',
      'updated_at DESC 20+10',
    ]);
    expect(held(mirror.store)).toEqual(upstreamGroups(upstream));
    expect(mirror.status()).toMatchObject({ state: 'ready', last_error: null });
  });

  it('reads on past a group whose updated_at cannot be read, and logs that once', async () => {
    const upstream = new FakeUpstream();
    upstream.create(40);
    const logger = recordingLogger();
    const mirror = mirrorOf(upstream, { overlapMs: 0, logger });
    await mirror.refresh();
    const ids = upstream.ids();
    for (const id of ids.slice(0, 15)) upstream.change(id, { status: 'LOCKED' });
    const garbled = ids[12] ?? '';
    // Upvest sorts by its own clock; the text it serves for this one group cannot be read.
    upstream.rewriteAnswer = (answer) => ({
      ...answer,
      data: answer.data.map((group) => (group.id === garbled ? { ...group, updated_at: 'sometime yesterday' } : group)),
    });
    const callsBefore = upstream.calls.length;
    await mirror.refresh();
    expect(upstream.calls.slice(callsBefore).map(describeCall)).toEqual(['updated_at DESC 0+10', 'updated_at DESC 10+10']);
    for (const id of ids.slice(0, 15)) expect(mirror.store.get(id)?.status).toBe('LOCKED');
    expect(mirror.status()).toMatchObject({ state: 'ready', last_error: null });

    upstream.change(ids[20] ?? '', { status: 'CLOSED' });
    await mirror.refresh();
    expect(mirror.store.get(ids[20] ?? '')?.status).toBe('CLOSED');
    const unreadable = logger.warnings.filter((w) => w.message?.includes('cannot be read'));
    expect(unreadable.map((w) => w.fields)).toEqual([{ mirror: { id: garbled, updated_at: 'sometime yesterday' } }]);
  });
});

describe('Mirror failures', () => {
  it('keeps serving the last good state, marks itself stale with the request ID, and recovers', async () => {
    const upstream = new FakeUpstream();
    upstream.create(40);
    const mirror = mirrorOf(upstream, { overlapMs: 0 });
    await mirror.refresh();
    const ids = upstream.ids();
    for (const id of ids.slice(0, 25)) upstream.change(id, { status: 'LOCKED' });
    upstream.beforeAnswer = (call) => {
      if (call.sort === 'updated_at' && call.offset === 10) throw new FakeUpstreamError('Too Many Requests', 'upvest-req-429');
    };
    await mirror.refresh();

    expect(mirror.status()).toMatchObject({
      state: 'stale',
      complete: true,
      count: 40,
      last_error: { title: 'Too Many Requests', upstream_request_id: 'upvest-req-429' },
    });
    // The first page (newest 10 changes) landed; nothing else was lost or changed.
    const locked = mirror.store.query({ sort: 'updated_at', order: 'DESC', offset: 0, limit: 100, status: ['LOCKED'], type: [], q: null });
    expect(locked.total).toBe(10);
    expect(mirror.store.size).toBe(40);

    upstream.beforeAnswer = null;
    await mirror.refresh();
    expect(held(mirror.store)).toEqual(upstreamGroups(upstream));
    expect(mirror.status()).toMatchObject({ state: 'ready', last_error: null });
  });

  it('backs off exponentially up to the cap, then recovers on its own', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const upstream = new FakeUpstream();
    upstream.create(15);
    let failing = true;
    upstream.beforeAnswer = () => {
      if (failing) throw new Error('connect ECONNREFUSED');
    };
    const mirror = mirrorOf(upstream, { incrementalIntervalMs: 1000, maxBackoffMs: 5000 });
    const waits: (number | null)[] = [];
    mirror.on('failed', (event) => waits.push(event.retryInMs));
    mirror.start();
    await advance(0);
    expect(mirror.status()).toMatchObject({ state: 'stale', next_sync_in_seconds: 2, last_error: { title: 'connect ECONNREFUSED' } });
    await advance(1999);
    expect(waits).toEqual([2000]);
    await advance(1);
    await advance(4000);
    await advance(5000);
    expect(waits).toEqual([2000, 4000, 5000, 5000]);
    expect(mirror.status().next_sync_in_seconds).toBe(5);
    expect(mirror.store.size).toBe(0);

    failing = false;
    await advance(5000);
    expect(mirror.status()).toMatchObject({ state: 'ready', complete: true, count: 15, last_error: null, next_sync_in_seconds: 1 });
    expect(vi.getTimerCount()).toBe(1);
  });

  it('stops promptly even when the source ignores the abort signal', async () => {
    const upstream = new FakeUpstream();
    upstream.create(5);
    const mirror = mirrorOf(upstream);
    await mirror.refresh();
    let release = (): void => undefined;
    upstream.beforeAnswer = () => new Promise<void>((resolve) => (release = resolve));
    const refreshing = mirror.refresh();
    await new Promise((resolve) => setImmediate(resolve));
    await mirror.stop();
    await refreshing;
    expect(mirror.status()).toMatchObject({ state: 'ready', last_error: null, next_sync_in_seconds: null });
    expect(await mirror.refresh()).toEqual({ started: false });
    release();
  });

  it('times out a hung page request and treats it as a failure', async () => {
    const upstream = new FakeUpstream();
    upstream.create(5);
    const mirror = mirrorOf(upstream, { pageTimeoutMs: 30 });
    upstream.beforeAnswer = () => new Promise<void>(() => undefined);
    await mirror.refresh();
    expect(mirror.status()).toMatchObject({ state: 'stale', last_error: { title: 'An upstream page request timed out.' } });
  });
});

describe('Mirror scheduling', () => {
  it('queues a refresh during a running sync as one sync after it, never overlapping', async () => {
    const upstream = new FakeUpstream();
    upstream.create(30);
    const mirror = mirrorOf(upstream);
    const results = await Promise.all([mirror.refresh(), mirror.refresh(), mirror.fullResync()]);
    expect(results.slice(0, 2)).toEqual([{ started: true }, { started: false }]);
    // First pass (1 + 3 pages), the refresh's incremental sync (3 pages: all 30 are within the 2 min
    // overlap), then the requested full pass (1 + 3 pages).
    expect(upstream.calls.map(describeCall)).toEqual([
      'updated_at DESC 0+1',
      'created_at ASC 0+10',
      'created_at ASC 10+10',
      'created_at ASC 20+10',
      'updated_at DESC 0+10',
      'updated_at DESC 10+10',
      'updated_at DESC 20+10',
      'updated_at DESC 0+1',
      'created_at ASC 0+10',
      'created_at ASC 10+10',
      'created_at ASC 20+10',
    ]);
  });

  it('catches a change made just before a refresh that arrives while a sync runs, with one follow-up for all', async () => {
    const upstream = new FakeUpstream();
    upstream.create(40);
    const mirror = mirrorOf(upstream, { overlapMs: 0, pagesInFlight: 1 });
    await mirror.refresh();
    const ids = upstream.ids();
    const hold = gate();
    let reached = (): void => undefined;
    const resyncWaiting = new Promise<void>((resolve) => {
      reached = resolve;
    });
    upstream.beforeAnswer = async (call) => {
      if (call.sort === 'created_at' && call.offset === 30) {
        reached();
        await hold.opened;
      }
    };
    const resync = mirror.fullResync();
    await resyncWaiting;
    // The resync read page 0 already; the user changes a group on it, then clicks Refresh (twice).
    upstream.change(ids[0] ?? '', { status: 'CLOSING' });
    const callsBefore = upstream.calls.length;
    const refreshes = Promise.all([mirror.refresh(), mirror.refresh()]);
    hold.open();
    await resync;
    expect(await refreshes).toEqual([{ started: false }, { started: false }]);
    expect(mirror.store.get(ids[0] ?? '')?.status).toBe('CLOSING');
    expect(upstream.calls.slice(callsBefore).map(describeCall)).toEqual(['updated_at DESC 0+10']);
    // No further sync was queued.
    await new Promise((resolve) => setImmediate(resolve));
    expect(upstream.calls.length).toBe(callsBefore + 1);
  });

  it('answers requestRefresh at once and settles done when its sync has ended', async () => {
    const upstream = new FakeUpstream();
    upstream.create(30);
    const mirror = mirrorOf(upstream);
    const hold = gate();
    upstream.beforeAnswer = () => hold.opened;
    const first = mirror.requestRefresh();
    const second = mirror.requestRefresh();
    expect([first.started, second.started]).toEqual([true, false]);
    let settled = false;
    void second.done.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(mirror.status()).toMatchObject({ state: 'syncing', complete: false });
    expect(settled).toBe(false);
    hold.open();
    await first.done;
    await second.done;
    expect(mirror.complete).toBe(true);
    expect(upstream.calls.filter((c) => c.sort === 'updated_at' && c.limit === 10)).toHaveLength(3); // the follow-up
  });

  it('settles a queued follow-up without running it when the mirror stops', async () => {
    const upstream = new FakeUpstream();
    upstream.create(5);
    const mirror = mirrorOf(upstream);
    const hold = gate();
    upstream.beforeAnswer = () => hold.opened;
    void mirror.refresh();
    const queued = mirror.refresh();
    await new Promise((resolve) => setImmediate(resolve));
    const callsBefore = upstream.calls.length;
    await mirror.stop();
    expect(await queued).toEqual({ started: false });
    expect(upstream.calls.length).toBe(callsBefore);
    hold.open();
  });

  it('does not start a second sync when start() is called while a refresh runs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const upstream = new FakeUpstream();
    upstream.create(25);
    const mirror = mirrorOf(upstream, { incrementalIntervalMs: 1000 });
    const refreshing = mirror.refresh();
    mirror.start();
    await advance(0);
    await refreshing;
    expect(upstream.calls.map(describeCall)).toEqual([
      'updated_at DESC 0+1',
      'created_at ASC 0+10',
      'created_at ASC 10+10',
      'created_at ASC 20+10',
    ]);
    // ...and the timers still run after it.
    expect(mirror.status().next_sync_in_seconds).toBe(1);
    await advance(1000);
    expect(upstream.calls[4]).toMatchObject({ sort: 'updated_at', order: 'DESC', offset: 0, limit: 10 });
  });

  it('never runs two syncs at once', async () => {
    const upstream = new FakeUpstream();
    upstream.create(45);
    const mirror = mirrorOf(upstream, { pagesInFlight: 4, pageSize: 5, overlapMs: 0 });
    await mirror.refresh();
    const kinds = new Map<number, string>();
    let overlap = false;
    const active = new Set<string>();
    upstream.beforeAnswer = async (call, index) => {
      const kind = call.sort === 'created_at' || call.limit === 1 ? 'full' : 'incremental';
      kinds.set(index, kind);
      active.add(kind);
      if (active.size > 1) overlap = true;
      await new Promise((resolve) => setImmediate(resolve));
      active.delete(kind);
    };
    upstream.change(upstream.ids()[3] ?? '', { status: 'LOCKED' });
    const results = await Promise.all([mirror.refresh(), mirror.fullResync(), mirror.refresh(), mirror.fullResync()]);
    expect(results[0]).toEqual({ started: true });
    expect(results[2]).toEqual({ started: false });
    expect(overlap).toBe(false);
    expect(new Set(kinds.values())).toEqual(new Set(['full', 'incremental']));
  });

  it('runs a full resync when it is due, repairing what incremental syncs cannot see, without growing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const upstream = new FakeUpstream();
    upstream.create(30);
    const mirror = mirrorOf(upstream, { incrementalIntervalMs: 1000, fullResyncIntervalMs: 10_000, overlapMs: 0 });
    mirror.start();
    await advance(0);
    const victim = upstream.ids()[7] ?? '';
    upstream.changeSilently(victim, { status: 'LOCKED' });
    const callsBefore = upstream.calls.length;
    await advance(1000);
    await advance(1000);
    await advance(1000);
    expect(upstream.calls.slice(callsBefore).map(describeCall)).toEqual(Array(3).fill('updated_at DESC 0+10'));
    expect(mirror.store.get(victim)?.status).toBe('ACTIVE');
    const firstFull = mirror.status().last_full_sync_at;

    for (let i = 0; i < 8; i++) await advance(1000);
    expect(mirror.store.get(victim)?.status).toBe('LOCKED');
    expect(mirror.store.size).toBe(30);
    expect(mirror.status().last_full_sync_at).not.toBe(firstFull);
    expect(mirror.status().state).toBe('ready');
  });

  it('keeps following changes with incremental syncs while a failing resync waits to resume', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const upstream = new FakeUpstream();
    upstream.create(30);
    const mirror = mirrorOf(upstream, { incrementalIntervalMs: 1000, fullResyncIntervalMs: 60_000, overlapMs: 0, pagesInFlight: 1 });
    mirror.start();
    await advance(0);
    expect(mirror.complete).toBe(true);
    let resyncPageFails = true;
    upstream.beforeAnswer = (call) => {
      if (resyncPageFails && call.sort === 'created_at' && call.offset === 20) throw new FakeUpstreamError('Bad Gateway', 'r-502');
    };
    await mirror.fullResync();
    expect(mirror.status()).toMatchObject({ state: 'stale', progress: { loaded: 20, total: 30 } });

    const id = upstream.ids()[4] ?? '';
    upstream.change(id, { status: 'LOCKED' });
    await advance(2000); // backoff after one failure: interval × 2
    expect(mirror.store.get(id)?.status).toBe('LOCKED');
    expect(mirror.status()).toMatchObject({ state: 'ready', progress: { loaded: 20, total: 30 } });

    resyncPageFails = false;
    const callsBefore = upstream.calls.length;
    await advance(1000);
    expect(upstream.calls.slice(callsBefore).map(describeCall)).toEqual(['created_at ASC 20+10']);
    expect(mirror.status()).toMatchObject({ state: 'ready', progress: null });
  });

  it('reports as_of as the start of the last successful sync, and lag since its end', async () => {
    let now = Date.UTC(2025, 5, 1, 12, 0, 0);
    const upstream = new FakeUpstream();
    upstream.create(12);
    upstream.beforeAnswer = () => {
      now += 1000;
    };
    const mirror = mirrorOf(upstream, { now: () => now });
    expect(mirror.asOf()).toBeNull();
    await mirror.refresh(); // 1 probe + 2 pages: 3 s
    expect(mirror.asOf()).toBe('2025-06-01T12:00:00.000Z');
    expect(mirror.status().last_sync_at).toBe('2025-06-01T12:00:03.000Z');
    now += 7000;
    expect(mirror.status().lag_seconds).toBe(7);
    const startOfIncremental = now;
    await mirror.refresh();
    expect(mirror.asOf()).toBe(new Date(startOfIncremental).toISOString());

    upstream.beforeAnswer = () => {
      throw new FakeUpstreamError('Bad Gateway', undefined);
    };
    await mirror.refresh();
    expect(mirror.asOf()).toBe(new Date(startOfIncremental).toISOString());
    expect(mirror.status().last_error).toEqual({ at: new Date(now).toISOString(), title: 'Bad Gateway' });
  });

  it('leaves no timer behind after stop, and whenComplete rejects if it never completed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const upstream = new FakeUpstream();
    upstream.beforeAnswer = () => {
      throw new Error('down');
    };
    const mirror = mirrorOf(upstream, { incrementalIntervalMs: 1000 });
    const completion = mirror.whenComplete();
    mirror.start();
    await advance(0);
    expect(vi.getTimerCount()).toBe(1);
    await mirror.stop();
    expect(vi.getTimerCount()).toBe(0);
    await expect(completion).rejects.toThrow('stopped');
  });

  it('rejects options that cannot work', () => {
    const source = new FakeUpstream();
    expect(() => new Mirror({ source, pageSize: 1001 })).toThrow(RangeError);
    expect(() => new Mirror({ source, pagesInFlight: 0 })).toThrow(/pagesInFlight/);
    expect(() => new Mirror({ source, incrementalIntervalMs: -1 })).toThrow(/incrementalIntervalMs/);
    expect(() => new Mirror({ source, overlapMs: Number.NaN })).toThrow(/overlapMs/);
  });
});
