import { createHash, randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import * as openid from 'openid-client';
import type { SignedInUser } from '../../domain/auth-api';
import type { SignInError } from '../../domain/sign-in-navigation';
import { checkAllowList, groupsFromClaim, isVerified } from './allow-list';
import type { OidcSettings } from './auth-settings';

/**
 * Sign-in through an OpenID provider: the authorization code flow with PKCE, state and nonce, done by
 * openid-client. What a sign-in needs between leaving for the provider and coming back (state, nonce, PKCE
 * verifier, where to return) stays on the server, found again through a short-lived random cookie: the
 * browser never holds the verifier, and a callback without the browser that started it fails.
 */

export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  next: string;
  createdAt: number;
}

export type OidcOutcome =
  | { ok: true; user: SignedInUser; next: string }
  | { ok: false; error: SignInError; status: number; detail: string; next: string };

/** How long someone may spend at the identity provider. */
export const PENDING_SIGN_IN_MS = 10 * 60_000;
/** Pending sign-ins kept at most (oldest dropped first): /oidc/start is public and must not grow memory without bound. */
const MAX_PENDING = 10_000;
const DISCOVERY_TIMEOUT_SECONDS = 10;

export class OidcSignIn {
  private configuration: Promise<openid.Configuration> | null = null;
  private readonly pending = new Map<string, PendingSignIn>();

  constructor(
    private readonly settings: OidcSettings,
    private readonly logger: FastifyBaseLogger,
    private readonly now: () => number,
  ) {}

  get providerName(): string {
    return this.settings.providerName;
  }

  /** Fetches the provider's metadata now (at start), so a wrong issuer shows in the log at once. */
  warmUp(): void {
    this.discover().catch(() => undefined); // logged in discover(); the next sign-in tries again
  }

  /** Where to send the browser, and the ID of the pending sign-in (for the cookie). */
  async begin(next: string, options: { forceLogin: boolean }): Promise<{ pendingId: string; authorizationUrl: URL }> {
    const configuration = await this.discover();
    const pendingSignIn: PendingSignIn = {
      state: openid.randomState(),
      nonce: openid.randomNonce(),
      codeVerifier: openid.randomPKCECodeVerifier(),
      next,
      createdAt: this.now(),
    };
    const authorizationUrl = openid.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUrl.href,
      scope: this.settings.scopes.join(' '),
      code_challenge: await openid.calculatePKCECodeChallenge(pendingSignIn.codeVerifier),
      code_challenge_method: 'S256',
      state: pendingSignIn.state,
      nonce: pendingSignIn.nonce,
      ...(options.forceLogin ? { prompt: 'login' } : {}),
    });
    const pendingId = randomBytes(32).toString('base64url');
    this.remember(pendingId, pendingSignIn);
    return { pendingId, authorizationUrl };
  }

  /**
   * Completes a sign-in from the provider's redirect: checks state, exchanges the code with the PKCE
   * verifier, validates the ID token and nonce, reads userinfo, and applies the allow-list.
   * A pending sign-in is used once, whatever the outcome.
   */
  async finish(pendingId: string | undefined, query: URLSearchParams): Promise<OidcOutcome> {
    const pendingSignIn = pendingId === undefined ? undefined : this.take(pendingId);
    if (pendingSignIn === undefined) {
      return refused('expired', 400, 'This sign-in was not started in this browser, or took longer than 10 minutes. Start again.');
    }
    const { next } = pendingSignIn;

    let claims: Record<string, unknown>;
    try {
      const configuration = await this.discover();
      // The provider redirected to the configured URL: rebuild it from the setting (the console may sit
      // behind a proxy), with the provider's parameters.
      const callbackUrl = new URL(this.settings.redirectUrl);
      callbackUrl.search = query.toString();
      const tokens = await openid.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: pendingSignIn.codeVerifier,
        expectedState: pendingSignIn.state,
        expectedNonce: pendingSignIn.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (idClaims === undefined) throw new Error('no ID token');
      let userinfo: Record<string, unknown> = {};
      if (configuration.serverMetadata().userinfo_endpoint !== undefined) {
        userinfo = await openid.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
      }
      // The signed ID token wins where both say something.
      claims = { ...userinfo, ...idClaims };
    } catch (error) {
      return { ...this.explainFailure(error), next };
    }

    const sub = typeof claims.sub === 'string' ? claims.sub : '';
    const email = typeof claims.email === 'string' ? claims.email : undefined;
    const decision = checkAllowList(
      { email, emailVerified: isVerified(claims.email_verified), groups: groupsFromClaim(claims[this.settings.groupsClaim]) },
      this.settings.allowList,
    );
    if (!decision.allowed) {
      this.logger.warn({ oidc_sub: sub, reason: decision.reason }, 'OIDC sign-in refused by the allow-list');
      const who = email === undefined ? 'The account you signed in with' : `The account ${email}`;
      return decision.reason === 'email-unverified'
        ? refused('email-unverified', 403, `${who} has no verified e-mail address at the identity provider, so it cannot be let in.`, next)
        : refused('not-allowed', 403, `${who} is not allowed to use this console. Ask whoever runs the console to add you.`, next);
    }

    const name = typeof claims.name === 'string' ? claims.name : typeof claims.preferred_username === 'string' ? claims.preferred_username : undefined;
    return {
      ok: true,
      next,
      user: { id: sub, ...(name === undefined ? {} : { name }), ...(email === undefined ? {} : { email }) },
    };
  }

  /** Drops sign-ins nobody came back from (called periodically). */
  sweep(): void {
    const now = this.now();
    for (const [key, pendingSignIn] of this.pending) {
      if (now - pendingSignIn.createdAt > PENDING_SIGN_IN_MS) this.pending.delete(key);
    }
  }

  private remember(pendingId: string, pendingSignIn: PendingSignIn): void {
    this.pending.set(hashed(pendingId), pendingSignIn);
    if (this.pending.size > MAX_PENDING) {
      const oldest = this.pending.keys().next();
      if (oldest.done !== true) this.pending.delete(oldest.value);
    }
  }

  private take(pendingId: string): PendingSignIn | undefined {
    const key = hashed(pendingId);
    const pendingSignIn = this.pending.get(key);
    this.pending.delete(key);
    if (pendingSignIn === undefined || this.now() - pendingSignIn.createdAt > PENDING_SIGN_IN_MS) return undefined;
    return pendingSignIn;
  }

  private discover(): Promise<openid.Configuration> {
    if (this.configuration === null) {
      const { issuerUrl, clientId, clientSecret } = this.settings;
      const insecure = issuerUrl.protocol === 'http:'; // loopback only, enforced by the settings
      const attempt = openid.discovery(issuerUrl, clientId, clientSecret, undefined, {
        timeout: DISCOVERY_TIMEOUT_SECONDS,
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- "deprecated" only as a warning sign: plain http is allowed for a loopback provider (tests, local trials), never otherwise (auth-settings.ts)
        ...(insecure ? { execute: [openid.allowInsecureRequests] } : {}),
      });
      this.configuration = attempt;
      attempt.then(
        () => this.logger.info({ issuer: issuerUrl.href }, 'OIDC provider discovered'),
        (error: unknown) => {
          this.configuration = null;
          this.logger.error({ issuer: issuerUrl.href, reason: describe(error) }, 'OIDC provider discovery failed');
        },
      );
    }
    return this.configuration;
  }

  private explainFailure(error: unknown): Omit<Extract<OidcOutcome, { ok: false }>, 'next'> {
    const reason = describe(error);
    if (error instanceof openid.AuthorizationResponseError) {
      this.logger.warn({ oauth_error: error.error, reason }, 'the identity provider ended the sign-in with an error');
      return error.error === 'access_denied'
        ? { ok: false, error: 'cancelled', status: 403, detail: 'The sign-in was cancelled at the identity provider.' }
        : { ok: false, error: 'failed', status: 400, detail: `The identity provider refused the sign-in (${error.error}).` };
    }
    if (error instanceof openid.ResponseBodyError) {
      this.logger.warn({ oauth_error: error.error, provider_status: error.status, reason }, 'the identity provider refused the code exchange');
      return { ok: false, error: 'failed', status: 400, detail: `The identity provider refused the sign-in (${error.error}).` };
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('OAUTH_')) {
      this.logger.warn({ err_code: code, reason }, 'the OIDC sign-in response failed its checks');
      return { ok: false, error: 'failed', status: 400, detail: 'The sign-in response failed its security checks. Start again.' };
    }
    this.logger.error({ reason }, 'the identity provider could not be reached');
    return { ok: false, error: 'unavailable', status: 502, detail: 'The identity provider could not be reached. Try again shortly.' };
  }
}

function refused(error: SignInError, status: number, detail: string, next = '/'): Extract<OidcOutcome, { ok: false }> {
  return { ok: false, error, status, detail, next };
}

function hashed(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

/** An error's name and message only: openid-client errors carry no secrets there, but their causes may hold responses. */
function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
}
