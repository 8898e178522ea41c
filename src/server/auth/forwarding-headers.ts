import type { IncomingHttpHeaders } from 'node:http';

/**
 * Headers a reverse proxy adds to what it forwards. A browser or a script on this machine talking to the
 * console directly sends none of them, so with sign-in off (this machine only) their presence means a
 * proxy passes on requests from elsewhere, with a Host such as `127.0.0.1:3000` that looks local.
 */
export const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip'] as const;

/** The first forwarding header the request carries (with any value, empty included), or null. */
export function forwardingHeaderOf(headers: IncomingHttpHeaders): string | null {
  return FORWARDING_HEADERS.find((name) => headers[name] !== undefined) ?? null;
}
