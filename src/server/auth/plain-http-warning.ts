import type { AuthSettings } from './auth-settings';

/**
 * What to warn about at start when sign-in is on but the console is reached over plain HTTP from other
 * machines (no TRUST_PROXY, so no proxy terminating TLS in front): anyone on the path can read what the
 * browser sends. Null when there is nothing to say.
 */
export function plainHttpWarning(settings: AuthSettings): string | null {
  if (settings.mode !== 'required' || settings.plainHttpHost === null) return null;
  const inClear = settings.usersFile === null ? 'session cookies travel' : 'passwords and session cookies travel';
  return (
    `sign-in is on, but the console listens on ${settings.plainHttpHost} in plain HTTP with no HTTPS proxy in front ` +
    `(TRUST_PROXY is not set): ${inClear} in clear over the network, and cookies are not marked Secure. ` +
    'Put a reverse proxy that terminates TLS in front of the console and set TRUST_PROXY to its address.'
  );
}
