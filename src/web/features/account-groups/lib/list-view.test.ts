import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIST_VIEW,
  apiQueryOf,
  applyListViewChange,
  formatListView,
  lastPageOf,
  listViewSearch,
  parseListView,
  type ListView,
} from './list-view';

const parse = (query: string): ListView => parseListView(new URLSearchParams(query));

describe('parseListView', () => {
  it('gives the defaults for an empty query: newest first, 50 per page', () => {
    expect(parse('')).toEqual(DEFAULT_LIST_VIEW);
    expect(DEFAULT_LIST_VIEW).toMatchObject({ sort: 'created_at', order: 'desc', page: 1, size: 50 });
  });

  it('reads every parameter', () => {
    expect(parse('sort=updated_at&order=asc&page=3&size=250&status=LOCKED,CLOSING&type=ISA&q=abc')).toEqual({
      sort: 'updated_at',
      order: 'asc',
      page: 3,
      size: 250,
      status: ['CLOSING', 'LOCKED'],
      type: ['ISA'],
      q: 'abc',
    });
  });

  it.each([
    ['sort=name', { sort: 'created_at' }],
    ['order=sideways', { order: 'desc' }],
    ['order=ASC', { order: 'asc' }],
    // Case-insensitive like order, status and type: a hand-typed link still sorts as asked.
    ['sort=UPDATED_AT', { sort: 'updated_at' }],
    ['sort=Updated_At', { sort: 'updated_at' }],
    ['page=0', { page: 1 }],
    ['page=-2', { page: 1 }],
    ['page=abc', { page: 1 }],
    ['page=2.5', { page: 1 }],
    ['page=99999999999', { page: 1 }],
    ['size=30', { size: 50 }],
    ['size=', { size: 50 }],
    ['status=LOCKED,NOPE', { status: ['LOCKED'] }],
    ['status=locked&status=ACTIVE', { status: ['ACTIVE', 'LOCKED'] }],
    ['type=,,', { type: [] }],
    ['q=%20%20', { q: null }],
    ['q=%20SAN-1%20', { q: 'SAN-1' }],
  ])('falls back per value: %s', (query, expected) => {
    expect(parse(query)).toEqual({ ...DEFAULT_LIST_VIEW, ...expected });
  });
});

describe('formatListView', () => {
  it('leaves defaults out and keeps a fixed order', () => {
    expect(formatListView(DEFAULT_LIST_VIEW).toString()).toBe('');
    const view = parse('q=x&type=CHILD,ISA&status=LOCKED&page=2&order=asc');
    expect(formatListView(view).toString()).toBe('order=asc&page=2&status=LOCKED&type=ISA%2CCHILD&q=x');
  });

  it('writes a readable search string that parses back to the same view', () => {
    const view = parse('status=LOCKED,CLOSING&q=a%2Cb%20c%26d');
    expect(listViewSearch(view)).toBe('?status=CLOSING,LOCKED&q=a,b%20c%26d');
    expect(parseListView(new URLSearchParams(listViewSearch(view)))).toEqual(view);
    expect(listViewSearch(DEFAULT_LIST_VIEW)).toBe('');
  });

  it('round-trips', () => {
    const view = parse('sort=updated_at&order=asc&page=4&size=25&status=ACTIVE&type=PERSONAL&q=u-1');
    expect(parseListView(formatListView(view))).toEqual(view);
  });
});

describe('applyListViewChange', () => {
  const onPage5 = { ...DEFAULT_LIST_VIEW, page: 5 };

  it.each([
    ['status', { status: ['LOCKED' as const] }],
    ['type', { type: ['ISA' as const] }],
    ['search', { q: 'abc' }],
    ['sort', { sort: 'updated_at' as const }],
    ['order', { order: 'asc' as const }],
  ])('goes back to page 1 when the %s changes', (_name, change) => {
    expect(applyListViewChange(onPage5, change).page).toBe(1);
  });

  it('keeps the page when only the page changes', () => {
    expect(applyListViewChange(onPage5, { page: 7 }).page).toBe(7);
  });

  it('keeps the page when a change does not change the list', () => {
    expect(applyListViewChange(onPage5, { status: [] }).page).toBe(5);
  });

  it('keeps the first visible row in view when the page size changes', () => {
    // Page 5 at 50 per page starts at row 201, which is on page 9 at 25 per page and page 1 at 250.
    expect(applyListViewChange(onPage5, { size: 25 }).page).toBe(9);
    expect(applyListViewChange(onPage5, { size: 250 }).page).toBe(1);
  });
});

describe('apiQueryOf', () => {
  it('maps page and size to offset and limit, and the order to upper case', () => {
    const view = parse('page=3&size=25&order=asc&status=LOCKED&q=abc');
    expect(apiQueryOf(view, 'list').toString()).toBe(
      'sort=created_at&order=ASC&offset=50&limit=25&status=LOCKED&q=abc',
    );
    expect(apiQueryOf(view, 'facets').toString()).toBe('status=LOCKED&q=abc');
    expect(apiQueryOf(view, 'export').toString()).toBe('sort=created_at&order=ASC&status=LOCKED&q=abc');
  });
});

describe('lastPageOf', () => {
  it('is 1 for an empty list and rounds up otherwise', () => {
    expect(lastPageOf(0, 50)).toBe(1);
    expect(lastPageOf(50, 50)).toBe(1);
    expect(lastPageOf(51, 50)).toBe(2);
  });
});
