import { useMutation, useQueryClient } from '@tanstack/react-query';
import { authSessionSchema, type AuthSession } from '../../../../domain/auth-api';
import { requestJson } from '../../../lib/api-client';
import { sessionKey } from './get-session';

export interface PasswordCredentials {
  username: string;
  password: string;
}

export function signInWithPassword(credentials: PasswordCredentials): Promise<AuthSession> {
  return requestJson('/api/auth/login', authSessionSchema, { method: 'POST', json: credentials });
}

/** Signs in with the users file; on success the header knows who it is without asking again. */
export function useSignInWithPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signInWithPassword,
    onSuccess: (session) => {
      queryClient.setQueryData(sessionKey, session);
    },
  });
}
