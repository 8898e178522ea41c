/**
 * How the browser moves around sign-in: where to return after signing in, and the codes the sign-in
 * page is opened with. No schemas here, so the SPA's first bundle can use it without carrying them.
 */

/**
 * Why the sign-in page was opened, as `/login?error=` (the OIDC callback redirects there) or `?reason=`.
 * Codes only: the page words them, so nothing a third party puts in a link is ever shown as a message.
 */
export const SIGN_IN_ERRORS = ['not-allowed', 'email-unverified', 'cancelled', 'expired', 'failed', 'unavailable'] as const;
export type SignInError = (typeof SIGN_IN_ERRORS)[number];
export const SESSION_ENDED_REASON = 'session-ended';

export const DEFAULT_NEXT_PATH = '/account-groups';

/**
 * Where to go after signing in: only a path of this console (no scheme, no host, no `//` or `\`
 * tricks, no control characters, nothing under /api). Anything else falls back to the list, so a link
 * like `/login?next=https://evil.example` cannot send anyone off the console.
 */
export function safeNextPath(raw: string | null | undefined): string {
  if (raw === null || raw === undefined || raw.length === 0 || raw.length > 2048) return DEFAULT_NEXT_PATH;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\') || /[\u0000-\u001f\u007f]/.test(raw)) {
    return DEFAULT_NEXT_PATH;
  }
  let url: URL;
  try {
    url = new URL(raw, 'http://console.invalid');
  } catch {
    return DEFAULT_NEXT_PATH;
  }
  if (url.origin !== 'http://console.invalid') return DEFAULT_NEXT_PATH;
  if (url.pathname === '/login' || url.pathname === '/api' || url.pathname.startsWith('/api/')) return DEFAULT_NEXT_PATH;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * Set by the SPA on calls it makes by itself while nobody is using the page (timed refreshes): they do
 * not keep a session alive, so an unattended console still signs out after its idle time.
 */
export const BACKGROUND_REQUEST_HEADER = 'x-console-background';
