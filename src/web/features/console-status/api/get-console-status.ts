import { queryOptions, useQuery } from '@tanstack/react-query';
import { consoleStatusSchema, type ConsoleStatus } from '../../../../domain/console-api';
import { requestJson } from '../../../lib/api-client';

export const consoleStatusKey = ['console-status'] as const;

/** While the mirror's first sync runs, its progress is polled often enough to move visibly. */
const SYNC_POLL_MS = 2_000;
const STATUS_POLL_MS = 30_000;

export function getConsoleStatus(signal?: AbortSignal): Promise<ConsoleStatus> {
  return requestJson('/api/status', consoleStatusSchema, { signal });
}

export function consoleStatusQueryOptions() {
  return queryOptions({
    queryKey: consoleStatusKey,
    queryFn: ({ signal }) => getConsoleStatus(signal),
    refetchInterval: (query) => (query.state.data?.mirror.complete === false ? SYNC_POLL_MS : STATUS_POLL_MS),
    refetchIntervalInBackground: false,
  });
}

/** Mode (sandbox or live), upstream host and the mirror's state. */
export function useConsoleStatus() {
  return useQuery(consoleStatusQueryOptions());
}
