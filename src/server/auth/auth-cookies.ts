import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import { PENDING_SIGN_IN_MS } from './oidc-sign-in';

/**
 * The two cookies of sign-in. Both HttpOnly (no script reads them) and SameSite=Lax: Lax rather than
 * Strict because the identity provider's redirect back is a cross-site navigation that must carry the
 * pending sign-in cookie. Over HTTPS (also behind a proxy when TRUST_PROXY is set) they are Secure and
 * use the `__Host-` / `__Secure-` prefixes, which browsers refuse to accept over plain http or from a
 * sibling domain, so they cannot be planted from outside.
 */

const SESSION = { plain: 'agc_session', secure: '__Host-agc_session' } as const;
const PENDING = { plain: 'agc_oidc', secure: '__Secure-agc_oidc' } as const;
const PENDING_PATH = '/api/auth/oidc';

function overHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

function options(request: FastifyRequest, path: string, maxAgeSeconds?: number): CookieSerializeOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: overHttps(request),
    path,
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

export function readSessionCookie(request: FastifyRequest): string | undefined {
  return nonEmpty(request.cookies[overHttps(request) ? SESSION.secure : SESSION.plain]);
}

/** A session cookie (no Max-Age: it also ends with the browser; the server enforces the real expiry). */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, id: string): void {
  void reply.setCookie(overHttps(request) ? SESSION.secure : SESSION.plain, id, options(request, '/'));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(overHttps(request) ? SESSION.secure : SESSION.plain, options(request, '/'));
}

export function readPendingCookie(request: FastifyRequest): string | undefined {
  return nonEmpty(request.cookies[overHttps(request) ? PENDING.secure : PENDING.plain]);
}

export function setPendingCookie(request: FastifyRequest, reply: FastifyReply, id: string): void {
  void reply.setCookie(overHttps(request) ? PENDING.secure : PENDING.plain, id, options(request, PENDING_PATH, PENDING_SIGN_IN_MS / 1000));
}

export function clearPendingCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(overHttps(request) ? PENDING.secure : PENDING.plain, options(request, PENDING_PATH));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' || value.length > 200 ? undefined : value;
}
