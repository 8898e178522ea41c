import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountGroup } from '../../domain/account-group';
import { CSV_COLUMNS } from '../../domain/console-api';
import { accountGroupsCsv, exportAccountGroupsCsv } from './account-groups-csv';
import { MirrorStore } from './mirror-store';
import { accountGroupArbitrary, querySeedArbitrary, resolveQuery } from './testing/account-group-arbitraries';
import { ReferenceMirror } from './testing/reference-mirror';

/** RFC 4180, strictly: CRLF between records, quoted fields with doubled quotes. Throws on anything else. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1) throw new Error('unterminated quoted field');
        field += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          field += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        const char = text.charAt(i);
        if (char === '"') throw new Error(`bare quote at ${i}`);
        field += char;
        i++;
      }
    }
    record.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
      if (i === text.length) return records;
      continue;
    }
    throw new Error(`expected a comma or CRLF at ${i}, got ${JSON.stringify(text.slice(i, i + 5))}`);
  }
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** OWASP's CSV-injection triggers, with the full-width forms some spreadsheets also read as formulas. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** What a row must say, written out independently of the exporter. */
function expectedRow(g: AccountGroup): string[] {
  return [
    g.id,
    g.securities_account_number,
    g.type,
    g.status,
    g.users.filter((u) => u.type === 'OWNER').map((u) => u.id).join(' '),
    g.users.map((u) => `${u.type}:${u.id}`).join(' '),
    g.created_at,
    g.updated_at,
  ].map((field) => (FORMULA_START.test(field) ? `'${field}` : field));
}

const awkwardText = fc.string({
  unit: fc.constantFrom(',', '"', '\n', '\r', 'a', 'Z', ' ', 'é', ';', '=', '+', '-', '@', '\t', '\uFF1D'),
  maxLength: 8,
});

describe('account groups CSV', () => {
  it('exports every match in order, and reads back field for field', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(accountGroupArbitrary, fc.option(awkwardText), fc.option(awkwardText)).map(([g, san, userId]) => ({
            ...g,
            securities_account_number: san ?? g.securities_account_number,
            users: userId === null ? g.users : [...g.users, { id: userId, type: 'OWNER' }],
          })),
          { maxLength: 25 },
        ),
        querySeedArbitrary,
        async (groups, seed) => {
          const store = new MirrorStore();
          const reference = new ReferenceMirror();
          store.upsert(groups);
          reference.upsert(groups);
          const query = resolveQuery(seed, reference.groups);
          const records = parseCsv(await readAll(exportAccountGroupsCsv(store, query)));
          expect(records).toEqual([[...CSV_COLUMNS], ...reference.matches(query).map(expectedRow)]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('quotes fields holding a comma, a quote or a line break, and ends lines with CRLF', async () => {
    const group: AccountGroup = {
      id: 'g-1',
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2024-01-02T00:00:00Z',
      users: [
        { id: 'u,1', type: 'OWNER' },
        { id: 'u"2', type: 'GUARDIAN' },
      ],
      status: 'ACTIVE',
      type: 'CHILD',
      securities_account_number: 'line\nbreak',
      ignored_extra: 'not exported',
    };
    expect(await readAll(accountGroupsCsv([group]))).toBe(
      'id,securities_account_number,type,status,owner_user_ids,user_ids,created_at,updated_at\r\n' +
        'g-1,"line\nbreak",CHILD,ACTIVE,"u,1","OWNER:u,1 GUARDIAN:u""2",2024-01-01T00:00:00Z,2024-01-02T00:00:00Z\r\n',
    );
  });

  it('defuses fields a spreadsheet would run as a formula', async () => {
    const group: AccountGroup = {
      id: 'g-1',
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2024-01-02T00:00:00Z',
      users: [
        { id: '=HYPERLINK("https://evil.example","x")', type: 'OWNER' },
        { id: 'u-2', type: 'GUARDIAN' },
      ],
      status: '=HYPERLINK("x")',
      type: '+PERSONAL',
      securities_account_number: '-2+3',
    };
    const [, row] = parseCsv(await readAll(accountGroupsCsv([group])));
    expect(row).toEqual([
      'g-1',
      "'-2+3",
      "'+PERSONAL",
      `'=HYPERLINK("x")`,
      `'=HYPERLINK("https://evil.example","x")`,
      'OWNER:=HYPERLINK("https://evil.example","x") GUARDIAN:u-2',
      '2024-01-01T00:00:00Z',
      '2024-01-02T00:00:00Z',
    ]);
  });

  it('writes only the header when nothing matches', async () => {
    expect(await readAll(accountGroupsCsv([]))).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });

  it('pulls groups only as fast as the reader reads, and stops pulling when the reader goes away', async () => {
    let pulled = 0;
    let finished = false;
    function* endless(): Generator<AccountGroup> {
      try {
        for (let i = 0; i < 1_000_000; i++) {
          pulled++;
          yield {
            id: `g-${i}`,
            created_at: '2024-01-01T00:00:00Z',
            updated_at: '2024-01-01T00:00:00Z',
            users: [{ id: `u-${i}`, type: 'OWNER' }],
            status: 'ACTIVE',
            type: 'PERSONAL',
            securities_account_number: String(100_000_000 + i),
          };
        }
      } finally {
        finished = true;
      }
    }
    const stream = accountGroupsCsv(endless());
    // Paused mode: take one chunk, then read nothing more.
    await once(stream, 'readable');
    expect(stream.read()).not.toBeNull();
    for (let i = 0; i < 20; i++) await nextTurn();
    const pulledWhilePaused = pulled;
    for (let i = 0; i < 20; i++) await nextTurn();
    expect(pulled).toBe(pulledWhilePaused);
    expect(pulled).toBeLessThan(5_000);

    stream.destroy();
    for (let i = 0; i < 5; i++) await nextTurn();
    expect(finished).toBe(true);
    expect(pulled).toBeLessThan(5_000);
  });

  it('fails the stream when reading the groups fails', async () => {
    function* broken(): Generator<AccountGroup> {
      yield {
        id: 'g-1',
        created_at: '2024-01-01T00:00:00Z',
        updated_at: '2024-01-01T00:00:00Z',
        users: [],
        status: 'ACTIVE',
        type: 'PERSONAL',
        securities_account_number: '1',
      };
      throw new Error('store gone');
    }
    await expect(readAll(accountGroupsCsv(broken()))).rejects.toThrow('store gone');
  });
});
