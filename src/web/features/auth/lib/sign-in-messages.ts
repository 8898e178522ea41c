import { SESSION_ENDED_REASON, SIGN_IN_ERRORS, type SignInError } from '../../../../domain/sign-in-navigation';

export interface SignInNotice {
  tone: 'info' | 'error';
  text: string;
}

const ERROR_TEXT: Readonly<Record<SignInError, string>> = {
  'not-allowed':
    'The account you signed in with is not allowed to use this console. Ask whoever runs the console to add you, or sign in with another account.',
  'email-unverified':
    'Your identity provider has not verified your e-mail address, so the console cannot let you in. Verify it there, or ask whoever runs the console to allow one of your groups.',
  cancelled: 'The sign-in was cancelled at the identity provider.',
  expired: 'The sign-in took too long or was started in another browser. Try again.',
  failed: 'The sign-in failed its security checks. Try again.',
  unavailable: 'The identity provider could not be reached. Try again shortly.',
};

function isSignInError(value: string | null): value is SignInError {
  return value !== null && (SIGN_IN_ERRORS as readonly string[]).includes(value);
}

/**
 * What the sign-in page says on arrival, from its URL. Only known codes are worded, so a crafted link
 * cannot put its own text on the console's sign-in page.
 */
export function arrivalNotice(params: URLSearchParams): SignInNotice | null {
  const error = params.get('error');
  if (isSignInError(error)) return { tone: 'error', text: ERROR_TEXT[error] };
  if (params.get('reason') === SESSION_ENDED_REASON) return { tone: 'info', text: 'Your session ended, sign in again.' };
  if (params.get('signed_out') === '1') return { tone: 'info', text: 'You signed out.' };
  return null;
}
