import { useQuery } from '@tanstack/react-query';
import { authMethodsSchema, type AuthMethods } from '../../../../domain/auth-api';
import { requestJson } from '../../../lib/api-client';

export function getAuthMethods(signal?: AbortSignal): Promise<AuthMethods> {
  return requestJson('/api/auth/methods', authMethodsSchema, { signal });
}

/** Which ways of signing in this console offers (public: the sign-in page asks before anyone is signed in). */
export function useAuthMethods() {
  return useQuery({
    queryKey: ['auth', 'methods'],
    queryFn: ({ signal }) => getAuthMethods(signal),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}
