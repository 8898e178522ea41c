import type { SignInMethod, SignedInUser } from '../../domain/auth-api';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who made the request (set by the auth plugin for every /api call); null when sign-in is off. */
    signedIn: { user: SignedInUser; method: SignInMethod } | null;
  }
}
