import type { UpvestAccountGroupList } from '../../domain/account-group';

/**
 * A page with fewer groups than its own `total_count` says exist from its offset on. Accepting one would
 * let a sync count as done with groups it never read, so it fails the sync like any upstream failure
 * (the rows that did arrive are still kept: they are real and newer).
 */
export class ShortPageError extends Error {
  override name = 'ShortPageError';

  constructor(
    readonly offset: number,
    readonly received: number,
    readonly expected: number,
    readonly totalCount: number,
  ) {
    super(
      `Upvest returned ${received} of the ${expected} account groups expected at offset ${offset} (total_count ${totalCount}).`,
    );
  }
}

/** Throws {@link ShortPageError} when the page holds fewer rows than min(limit, total_count − offset). */
export function assertFullPage(offset: number, limit: number, page: UpvestAccountGroupList): void {
  const totalCount = page.meta.total_count;
  const expected = Math.min(limit, totalCount - offset);
  if (page.data.length < expected) throw new ShortPageError(offset, page.data.length, expected, totalCount);
}
