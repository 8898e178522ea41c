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
  ])('falls back to the list for %j', (raw) => {
    expect(safeNextPath(raw)).toBe(DEFAULT_NEXT_PATH);
  });
});
