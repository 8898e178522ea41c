import { useMutation } from '@tanstack/react-query';
import { signedOutSchema } from '../../../../domain/auth-api';
import { browserNavigation, LOGIN_PATH, requestJson } from '../../../lib/api-client';

export const SIGNED_OUT_PARAM = 'signed_out';

export async function signOut(): Promise<void> {
  await requestJson('/api/auth/logout', signedOutSchema, { method: 'POST' });
}

/**
 * Signs out, then loads the sign-in page afresh: a full navigation, so nothing of the tenant's data stays
 * in this tab's memory or query cache.
 */
export function useSignOut() {
  return useMutation({
    mutationFn: signOut,
    onSuccess: () => {
      browserNavigation.assign(`${LOGIN_PATH}?${SIGNED_OUT_PARAM}=1`);
    },
  });
}
