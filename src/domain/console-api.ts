import { z } from 'zod/mini';
import { accountGroupSchema, upvestListMetaSchema } from './account-group';

/**
 * Responses of the console API (browser ↔ console server), DESIGN.md "The console API".
 * The SPA parses every answer with these schemas; the server builds them.
 */

export const DATA_SOURCES = ['upstream', 'mirror'] as const;
export type DataSource = (typeof DATA_SOURCES)[number];

export const accountGroupListMetaSchema = z.extend(upvestListMetaSchema, {
  /** `upstream`: passed through to Upvest live; `mirror`: answered from the console's mirror. */
  source: z.enum(DATA_SOURCES),
  /**
   * ISO time the data reflects: the upstream answer's time, or the start of the mirror's last successful
   * sync (while the first sync runs, the start of that sync; the epoch while nothing has been read).
   */
  as_of: z.string(),
  /** False while the mirror's first sync is still running (counts may still grow). */
  complete: z.boolean(),
});
export type AccountGroupListMeta = z.infer<typeof accountGroupListMetaSchema>;

export const accountGroupListSchema = z.object({
  meta: accountGroupListMetaSchema,
  data: z.array(accountGroupSchema),
});
export type AccountGroupList = z.infer<typeof accountGroupListSchema>;

export const facetsSchema = z.object({
  total_count: z.int(),
  /** Counts per status under the type and search filters (the status filter itself ignored). */
  status: z.record(z.string(), z.int()),
  /** Counts per type under the status and search filters (the type filter itself ignored). */
  type: z.record(z.string(), z.int()),
  as_of: z.string(),
  complete: z.boolean(),
});
export type Facets = z.infer<typeof facetsSchema>;

export const CONSOLE_MODES = ['sandbox', 'live'] as const;
export type ConsoleMode = (typeof CONSOLE_MODES)[number];

export const MIRROR_STATES = ['starting', 'syncing', 'ready', 'stale'] as const;
export type MirrorState = (typeof MIRROR_STATES)[number];

export const mirrorStatusSchema = z.object({
  /**
   * starting: nothing loaded yet; syncing: first sync running; ready: in sync; stale: the last sync
   * failed, or the last full sync could not read every group (see `missing`).
   */
  state: z.enum(MIRROR_STATES),
  /** Groups held. */
  count: z.int(),
  /** True once a first full sync has finished. */
  complete: z.boolean(),
  /** Progress of the first sync or of a running full resync; null when none runs. */
  progress: z.nullable(z.object({ loaded: z.int(), total: z.nullable(z.int()) })),
  /** When the last successful sync finished (ISO), null before the first. */
  last_sync_at: z.nullable(z.string()),
  /** Seconds since the last successful sync, null before the first. */
  lag_seconds: z.nullable(z.number()),
  last_full_sync_at: z.nullable(z.string()),
  /** Why the mirror is stale: the last sync failure, else the full sync's shortfall. */
  last_error: z.nullable(z.object({ at: z.string(), title: z.string(), upstream_request_id: z.optional(z.string()) })),
  /** Seconds until the next sync attempt (backs off after failures). */
  next_sync_in_seconds: z.nullable(z.number()),
  /**
   * Groups Upvest counted that the last full sync could not read, even reading every page twice; 0 when
   * it read them all. The console always sends it; optional so that statuses written before it still parse.
   */
  missing: z.optional(z.int()),
});
export type MirrorStatus = z.infer<typeof mirrorStatusSchema>;

export const consoleStatusSchema = z.object({
  mode: z.enum(CONSOLE_MODES),
  upstream: z.object({ host: z.string(), base_url: z.string() }),
  mirror: mirrorStatusSchema,
  version: z.string(),
});
export type ConsoleStatus = z.infer<typeof consoleStatusSchema>;

export const refreshResponseSchema = z.object({
  /**
   * True when the refresh started a sync at once; false when one was running, so that one more sync
   * was queued to follow it (shared with other refreshes meanwhile). The answer comes once that sync has
   * ended or after a few seconds, whichever is first; during the first sync, at once (`mirror` says how far).
   */
  started: z.boolean(),
  mirror: mirrorStatusSchema,
});
export type RefreshResponse = z.infer<typeof refreshResponseSchema>;

export const CSV_COLUMNS = [
  'id',
  'securities_account_number',
  'type',
  'status',
  'owner_user_ids',
  'user_ids',
  'created_at',
  'updated_at',
] as const;
