import type { FastifyRequest } from 'fastify';
import { apiRoute, isApiRequest } from '../api-path';
import { OIDC_CALLBACK_PATH } from './auth-settings';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SIGN_IN_REDIRECTS = new Set(['/api/auth/oidc/start', OIDC_CALLBACK_PATH]);
const SAME_SITE_FETCH = new Set(['same-origin', 'none']);

/**
 * Why a request must be refused as cross-site, or null when it may go on: any state-changing request (POST and
 * friends) from another site, and reads of the API that another site's page started.
 *
 * Browsers say where a request comes from: `Sec-Fetch-Site` (all current browsers) and `Origin` (on every
 * POST). A page of another site — even a sibling subdomain, which SameSite=Lax cookies would not stop —
 * cannot make either look same-origin. Requests without both headers do not come from a browser page
 * (curl, server-side tools), and carry no ambient cookie a third party could borrow.
 */
export function crossSiteRefusal(request: FastifyRequest): string | null {
  const fetchSite = request.headers['sec-fetch-site'];
  if (SAFE_METHODS.has(request.method)) {
    // Reads of the API are refused too when the browser says another site asked for them (a link, an image or
    // a form there): with the session cookie they would fetch customer data, call Upvest and write audit lines
    // in the person's name. The sign-in redirects are the exception: the identity provider sends them by design.
    const fromAnotherSite = typeof fetchSite === 'string' && !SAME_SITE_FETCH.has(fetchSite.toLowerCase());
    if (!fromAnotherSite || !isApiRequest(request) || SIGN_IN_REDIRECTS.has(apiRoute(request) ?? '')) return null;
    return `The browser marked this request as ${fetchSite}; the console API answers its own pages only.`;
  }

  if (typeof fetchSite === 'string' && !SAME_SITE_FETCH.has(fetchSite.toLowerCase())) {
    return `The browser marked this request as ${fetchSite}; the console accepts changes only from its own pages.`;
  }

  const origin = request.headers.origin?.toLowerCase();
  const own = ownOrigin(request);
  if (origin !== undefined && origin !== own) {
    if (origin.replace(/^https:/, 'http:') === own) {
      // The browser spoke https to a proxy that does not say so (or is not believed): a setup mistake, not an attack.
      return 'The browser used https but the console saw plain http: if a proxy terminates TLS in front of the console, set TRUST_PROXY.';
    }
    return 'The request came from another origin; the console accepts changes only from its own pages.';
  }
  return null;
}

/** The origin the browser is talking to: scheme and host as the client used them (through a trusted proxy's X-Forwarded-*). */
export function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`.toLowerCase();
}
