import { queryOptions, useQuery } from '@tanstack/react-query';
import { authSessionSchema, type AuthSession } from '../../../../domain/auth-api';
import { requestJson } from '../../../lib/api-client';

export const sessionKey = ['auth', 'session'] as const;

export function getSession(signal?: AbortSignal): Promise<AuthSession> {
  return requestJson('/api/auth/session', authSessionSchema, { signal });
}

export function sessionQueryOptions() {
  return queryOptions({
    queryKey: sessionKey,
    queryFn: ({ signal }) => getSession(signal),
    // Who is signed in does not change under our feet; expiry shows up as a 401 on the next call.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/** Who is signed in, or `{auth: 'none'}` when the console runs without sign-in. */
export function useSession() {
  return useQuery(sessionQueryOptions());
}
