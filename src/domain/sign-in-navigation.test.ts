import { describe, expect, it } from 'vitest';
import { DEFAULT_NEXT_PATH, safeNextPath } from './sign-in-navigation';

describe('safeNextPath', () => {
  it.each(['/account-groups', '/account-groups?status=LOCKED&page=2', '/account-groups/0f1e2d3c-0000-4000-8000-000000000000?q=x#top'])(
    'keeps a path of the console: %s',
    (path) => {
      expect(safeNextPath(path)).toBe(path);
    },
  );

  it.each([
    null,
    undefined,
    '',
    'account-groups',
    'https://evil.example/',
    '//evil.example/',
    '///evil.example/',
    '/\\evil.example',
    'javascript:alert(1)',
    '/account-groups\nSet-Cookie: x=1',
    '/api/auth/logout',
    '/login?next=/x',
    `/${'a'.repeat(3000)}`,
    '/API/auth/logout',
    '/%61pi/account-groups/export.csv',
  ])('falls back to the list for %j', (raw) => {
    expect(safeNextPath(raw)).toBe(DEFAULT_NEXT_PATH);
  });

  // Each is a single-slash path as written, but normalises to `//evil.com` (another host to a browser).
  it.each(['/.//evil.com', '/..//evil.com', '/a/..//evil.com', '/%2e//evil.com', '/%2E%2E//evil.com', '/a/b/../..//evil.com/x?y#z', '/./\\evil.com'])(
    'falls back to the list for %j, which normalises to another host',
    (raw) => {
      expect(safeNextPath(raw)).toBe(DEFAULT_NEXT_PATH);
    },
  );

  it('never answers anything a browser could read as another host, whatever it is given', () => {
    const pieces = ['/', '.', '..', '%2e', '%2E', '\\', '%5c', '%2f', 'evil.com', '@', ':', '?', '#', '\t', '%09'];
    for (const a of pieces) {
      for (const b of pieces) {
        for (const c of pieces) {
          const next = safeNextPath(`/${a}${b}${c}`);
          expect(next, `/${a}${b}${c}`).toMatch(/^\/(?![/\\])/);
          expect(new URL(next, 'http://console.invalid').origin).toBe('http://console.invalid');
        }
      }
    }
  });
});
