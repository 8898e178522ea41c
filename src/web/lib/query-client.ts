import { QueryClient } from '@tanstack/react-query';
import { retryDelayMs, shouldRetry } from './query-retry';

export const STALE_TIME_MS = 15_000;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: STALE_TIME_MS,
        retry: shouldRetry,
        retryDelay: retryDelayMs,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
