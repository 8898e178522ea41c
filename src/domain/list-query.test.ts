import { describe, expect, it } from 'vitest';
import { formatAccountGroupQuery, needsMirror, parseAccountGroupQuery, type QueryKind } from './list-query';

function parse(query: string, kind: QueryKind = 'list') {
  return parseAccountGroupQuery(new URLSearchParams(query), kind);
}

function errorOf(query: string, kind: QueryKind = 'list'): { parameter: string; message: string } {
  const result = parse(query, kind);
  if (result.ok) throw new Error(`expected "${query}" to be rejected`);
  return { parameter: result.error.parameter, message: result.error.message };
}

describe('parseAccountGroupQuery', () => {
  it("uses Upvest's defaults", () => {
    expect(parse('')).toEqual({
      ok: true,
      query: { sort: 'created_at', order: 'ASC', offset: 0, limit: 100, status: [], type: [], q: null },
    });
  });

  it('reads repeated and comma-separated filters, deduplicated in enum order', () => {
    const result = parse('status=LOCKED&status=CLOSING,LOCKED&type=ISA&sort=updated_at&order=DESC&offset=50&limit=1000');
    expect(result).toMatchObject({
      ok: true,
      query: { status: ['CLOSING', 'LOCKED'], type: ['ISA'], sort: 'updated_at', order: 'DESC', offset: 50, limit: 1000 },
    });
  });

  it('trims and lower-cases the search term and ignores a blank one', () => {
    expect(parse('q=%20ABCDEF12%20')).toMatchObject({ ok: true, query: { q: 'abcdef12' } });
    expect(parse('q=%20%20')).toMatchObject({ ok: true, query: { q: null } });
  });

  it.each([
    ['sort=name', 'sort'],
    ['sort=created_at&sort=updated_at', 'sort'],
    ['order=asc', 'order'],
    ['offset=-1', 'offset'],
    ['offset=1.5', 'offset'],
    ['offset=99999999999', 'offset'],
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=', 'limit'],
    ['status=SLEEPING', 'status'],
    ['status=', 'status'],
    ['status=ACTIVE,,LOCKED', 'status'],
    ['type=SAVINGS', 'type'],
    ['q=a%20b', 'q'],
    ['q=a%00b', 'q'],
    [`q=${'x'.repeat(129)}`, 'q'],
    ['q=a&q=b', 'q'],
    ['page=2', 'page'],
    ['LIMIT=10', 'LIMIT'],
  ])('rejects %s naming "%s"', (query, parameter) => {
    const error = errorOf(query);
    expect(error.parameter).toBe(parameter);
    expect(error.message).toContain(parameter);
  });

  it('allows only the parameters of each call', () => {
    expect(errorOf('limit=10', 'facets').parameter).toBe('limit');
    expect(errorOf('offset=10', 'export').parameter).toBe('offset');
    expect(parse('status=ACTIVE&q=123', 'facets').ok).toBe(true);
  });

  it('keeps hostile input out of messages', () => {
    const error = errorOf(`sort=${encodeURIComponent('\u0000\u001b[31m<script>' + 'y'.repeat(100))}`);
    // eslint-disable-next-line no-control-regex -- asserting that no control character reaches the message
    expect(error.message).not.toMatch(/[\u0000-\u001f]/);
    expect(error.message.length).toBeLessThan(200);
  });
});

describe('needsMirror and formatAccountGroupQuery', () => {
  it('sends only filtered or searched queries to the mirror', () => {
    const plain = parse('sort=updated_at');
    const filtered = parse('status=LOCKED');
    const searched = parse('q=123456789');
    if (!plain.ok || !filtered.ok || !searched.ok) throw new Error('unexpected parse failure');
    expect(needsMirror(plain.query)).toBe(false);
    expect(needsMirror(filtered.query)).toBe(true);
    expect(needsMirror(searched.query)).toBe(true);
  });

  it('formats a query canonically, so equal queries get equal keys', () => {
    const a = parse('limit=10&sort=updated_at&status=LOCKED,CLOSING');
    const b = parse('status=CLOSING&status=LOCKED&sort=updated_at&limit=10');
    if (!a.ok || !b.ok) throw new Error('unexpected parse failure');
    expect(formatAccountGroupQuery(a.query, 'list').toString()).toBe(formatAccountGroupQuery(b.query, 'list').toString());
    expect(formatAccountGroupQuery(a.query, 'list').toString()).toBe(
      'sort=updated_at&order=ASC&offset=0&limit=10&status=CLOSING%2CLOCKED',
    );
  });
});
