import type { SignInMethod, SignedInUser } from '../../domain/auth-api';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who made the request (set by the auth plugin for every /api call); null when sign-in is off. */
    signedIn: { user: SignedInUser; method: SignInMethod } | null;
    /**
     * Whether the console knows who asks: a live session, or anyone at all when sign-in is off (the console
     * then serves this machine only). Public calls answer others without internals such as Upvest's errors.
     */
    knownCaller: boolean;
  }
}
