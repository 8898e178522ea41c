import { UNSAFE_createMemoryHistory } from 'react-router';

export type TestHistory = ReturnType<typeof UNSAFE_createMemoryHistory>;

/**
 * A history in memory at `url`, for AppRouter in tests. v5Compat: like the app's browser history, it
 * reports the router's own pushes and replaces to it, not only go().
 */
export function createTestHistory(url: string): TestHistory {
  return UNSAFE_createMemoryHistory({ initialEntries: [url], v5Compat: true });
}
