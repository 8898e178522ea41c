import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { AccountGroup } from '../../domain/account-group';
import { CSV_COLUMNS } from '../../domain/console-api';
import type { MatchQuery, MirrorStore } from './mirror-store';

/**
 * The CSV export (`GET /api/account-groups/export.csv`): every match, one row per group, streamed.
 *
 * Rows are pulled from the store's lazy iterator only as fast as the consumer reads (Readable.from
 * stops pulling when the stringifier's buffer is full), so a million-row export never exists in memory.
 * RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled. A field a
 * spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) gets a leading `'`: user IDs
 * and statuses come from Upvest, not from us, and the file is opened by staff in Excel.
 */

export type CsvRow = readonly string[];

/** One row in CSV_COLUMNS order. */
export function csvRowOf(group: AccountGroup): CsvRow {
  const row: Record<(typeof CSV_COLUMNS)[number], string> = {
    id: group.id,
    securities_account_number: group.securities_account_number,
    type: group.type,
    status: group.status,
    owner_user_ids: group.users
      .filter((user) => user.type === 'OWNER')
      .map((user) => user.id)
      .join(' '),
    user_ids: group.users.map((user) => `${user.type}:${user.id}`).join(' '),
    created_at: group.created_at,
    updated_at: group.updated_at,
  };
  return CSV_COLUMNS.map((column) => row[column]);
}

/** A readable byte stream of the CSV text (header row first) for the given groups. */
export function accountGroupsCsv(groups: Iterable<AccountGroup>): Readable {
  const rows = Readable.from(mapIterable(groups, csvRowOf), { objectMode: true });
  const csv = stringify({
    header: true,
    columns: [...CSV_COLUMNS],
    record_delimiter: 'windows',
    // Setting record_delimiter switches this default off; a field holding a bare CR or LF must still be
    // quoted or it would split the record for any reader.
    quote_record_delimiter: true,
    escape_formulas: true,
  });
  // pipeline, not pipe: a failure on either side (the iterator throws, the client goes away and the
  // response destroys the stream) tears down both, which also ends the store iteration.
  return pipeline(rows, csv, () => undefined);
}

/** Every group matching the query, in its order, as CSV. */
export function exportAccountGroupsCsv(store: MirrorStore, query: MatchQuery): Readable {
  return accountGroupsCsv(store.matches(query));
}

function* mapIterable<T, U>(source: Iterable<T>, map: (value: T) => U): Generator<U, void, undefined> {
  for (const value of source) yield map(value);
}
