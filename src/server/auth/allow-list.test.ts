import { describe, expect, it } from 'vitest';
import { checkAllowList, groupsFromClaim, isVerified } from './allow-list';

const LIST = { emails: ['ann@partner.example'], emailDomains: ['staff.example'], groups: ['console-operators'] };

describe('checkAllowList', () => {
  it.each([
    [{ email: 'Ann@Partner.Example', emailVerified: true, groups: [] }, { allowed: true, rule: 'email' }],
    [{ email: 'bob@staff.example', emailVerified: true, groups: [] }, { allowed: true, rule: 'email-domain' }],
    [{ email: undefined, emailVerified: false, groups: ['x', 'console-operators'] }, { allowed: true, rule: 'group' }],
    [{ email: 'bob@evil.staff.example', emailVerified: true, groups: [] }, { allowed: false, reason: 'not-allowed' }],
    [{ email: 'bob@staff.example.evil', emailVerified: true, groups: [] }, { allowed: false, reason: 'not-allowed' }],
    [{ email: 'bob@evil.example', emailVerified: true, groups: ['Console-Operators'] }, { allowed: false, reason: 'not-allowed' }],
    [{ email: undefined, emailVerified: true, groups: [] }, { allowed: false, reason: 'not-allowed' }],
    [{ email: 'staff.example', emailVerified: true, groups: [] }, { allowed: false, reason: 'not-allowed' }],
  ])('%j → %j', (identity, decision) => {
    expect(checkAllowList(identity, LIST)).toEqual(decision);
  });

  it('never lets an unverified address in, and says so whether or not it is listed (the list cannot be probed)', () => {
    expect(checkAllowList({ email: 'ann@partner.example', emailVerified: false, groups: [] }, LIST)).toEqual({ allowed: false, reason: 'email-unverified' });
    expect(checkAllowList({ email: 'zed@nowhere.example', emailVerified: false, groups: [] }, LIST)).toEqual({ allowed: false, reason: 'email-unverified' });
  });
});

describe('claims as providers send them', () => {
  it('reads groups from an array or a single string', () => {
    expect(groupsFromClaim(['a', 3, 'b'])).toEqual(['a', 'b']);
    expect(groupsFromClaim('a')).toEqual(['a']);
    expect(groupsFromClaim({ a: true })).toEqual([]);
    expect(groupsFromClaim(undefined)).toEqual([]);
  });

  it('counts email_verified only when it says true', () => {
    expect([true, 'true', false, 'false', undefined, 1].map(isVerified)).toEqual([true, true, false, false, false, false]);
  });
});
