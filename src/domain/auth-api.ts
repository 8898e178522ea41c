import { z } from 'zod/mini';

/**
 * Staff sign-in as the console API exposes it (browser ↔ console server). The SPA parses these answers;
 * the server builds them. Nothing here carries a secret: session IDs live only in an HttpOnly cookie.
 */

export const SIGN_IN_METHODS = ['password', 'oidc'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

export const signedInUserSchema = z.object({
  /** Username (users file) or the identity provider's subject. */
  id: z.string(),
  name: z.optional(z.string()),
  email: z.optional(z.string()),
});
export type SignedInUser = z.infer<typeof signedInUserSchema>;

/** `GET /api/auth/session`: who is signed in (a 401 problem when nobody is), or that sign-in is off. */
export const authSessionSchema = z.union([
  z.object({ auth: z.literal('none') }),
  z.object({
    auth: z.literal('session'),
    method: z.enum(SIGN_IN_METHODS),
    user: signedInUserSchema,
    /** When the session ends unless used before (idle expiry), never later than the absolute expiry. */
    expires_at: z.string(),
    /** When the session ends however much it is used. */
    absolute_expires_at: z.string(),
  }),
]);
export type AuthSession = z.infer<typeof authSessionSchema>;
export type SignedInSession = Extract<AuthSession, { auth: 'session' }>;

/** `GET /api/auth/methods` (public): what the sign-in page offers. */
export const authMethodsSchema = z.union([
  z.object({ auth: z.literal('none') }),
  z.object({
    auth: z.literal('required'),
    password: z.boolean(),
    /** The identity provider's display name, null when OIDC is not configured. */
    oidc: z.nullable(z.object({ name: z.string() })),
  }),
]);
export type AuthMethods = z.infer<typeof authMethodsSchema>;

/** `POST /api/auth/logout`. */
export const signedOutSchema = z.object({ signed_out: z.literal(true) });

/** Problem types of sign-in, besides the general `/problems/unauthenticated` and `/problems/forbidden`. */
export const AUTH_PROBLEM_TYPES = {
  /** Username or password wrong (never says which). */
  wrongCredentials: '/problems/wrong-credentials',
  /** Too many failed sign-ins: wait `retry_after_seconds`. */
  signInSlowedDown: '/problems/sign-in-slowed-down',
  /** A state-changing call came from another site. */
  crossSiteRequest: '/problems/cross-site-request',
  /** The OIDC round trip failed a check (state, PKCE, ID token) or the provider refused it. */
  signInFailed: '/problems/sign-in-failed',
  /** The identity provider could not be reached. */
  identityProviderUnavailable: '/problems/identity-provider-unavailable',
} as const;
