import { describe, expect, it } from 'vitest';
import type { SortField } from '../domain/account-group';
import { accountGroupsTarget, accountGroupTarget, listQuery, userAccountGroupsTarget } from './request-targets';

describe('request targets', () => {
  it('writes list parameters in the fixed order sort, order, offset, limit, only those given', () => {
    expect(listQuery({ limit: 10, offset: 20, order: 'DESC', sort: 'updated_at' })).toBe(
      '?sort=updated_at&order=DESC&offset=20&limit=10',
    );
    expect(listQuery({ limit: 1000 })).toBe('?limit=1000');
    expect(listQuery({ offset: 0 })).toBe('?offset=0');
    expect(listQuery({})).toBe('');
  });

  it('encodes ids as one path segment', () => {
    expect(accountGroupTarget('a/b c?d#é')).toEqual({ path: '/account_groups/a%2Fb%20c%3Fd%23%C3%A9', query: '' });
    expect(userAccountGroupsTarget('u/1', { limit: 5 })).toEqual({ path: '/users/u%2F1/account_groups', query: '?limit=5' });
    expect(accountGroupsTarget({ sort: 'created_at' })).toEqual({ path: '/account_groups', query: '?sort=created_at' });
  });

  it.each([
    [{ limit: 0 }, /limit/],
    [{ limit: 1001 }, /limit/],
    [{ offset: -1 }, /offset/],
    [{ offset: Number.NaN }, /offset/],
    [{ sort: 'name' as SortField }, /sort must be one of created_at, updated_at/],
  ])('refuses %o', (params, message) => {
    expect(() => listQuery(params)).toThrow(message);
  });

  it.each(['', '.', '..', '\uD800'])('refuses the id %j', (id) => {
    expect(() => accountGroupTarget(id)).toThrow(RangeError);
  });
});
