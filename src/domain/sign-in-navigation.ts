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
  if (raw === null || raw === undefined || raw.length === 0 || raw.length > 2048 || !isPlainLocalPath(raw)) return DEFAULT_NEXT_PATH;
  let url: URL;
  try {
    url = new URL(raw, 'http://console.invalid');
  } catch {
    return DEFAULT_NEXT_PATH;
  }
  if (url.origin !== 'http://console.invalid') return DEFAULT_NEXT_PATH;
  // The console server reads percent-encoded and upper-case spellings of /api as /api too.
  const route = decodedLowerCase(url.pathname);
  if (route === null || route === '/login' || route === '/api' || route.startsWith('/api/')) return DEFAULT_NEXT_PATH;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Normalising can make a path protocol-relative again: `/.//evil.example`, `/a/..//evil.example` and
  // `/%2e//evil.example` all become `//evil.example`, which a browser reads as another host.
  return isPlainLocalPath(path) ? path : DEFAULT_NEXT_PATH;
}

function decodedLowerCase(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname).toLowerCase();
  } catch {
    return null;
  }
}

/** One leading `/` and no second one, no `\` (browsers read it as `/`), no control characters. */
function isPlainLocalPath(path: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
  return path.startsWith('/') && !path.startsWith('//') && !path.includes('\\') && !/[\u0000-\u001f\u007f]/.test(path);
}

/**
 * Set by the SPA on calls it makes by itself while nobody is using the page (timed refreshes): they do
 * not keep a session alive, so an unattended console still signs out after its idle time.
 */
export const BACKGROUND_REQUEST_HEADER = 'x-console-background';
