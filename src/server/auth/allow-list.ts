import type { AllowList } from './auth-settings';

/** What the identity provider said about the person, as far as the allow-list cares. */
export interface OidcIdentity {
  email: string | undefined;
  emailVerified: boolean;
  groups: string[];
}

export type AllowListDecision =
  | { allowed: true; rule: 'email' | 'email-domain' | 'group' }
  | { allowed: false; reason: 'not-allowed' | 'email-unverified' };

/**
 * Decides whether someone the identity provider vouched for may use the console. E-mail rules count
 * only for an address the provider says it verified: anyone can type any address into a self-service
 * profile. Domains match exactly (`example.com` does not let in `evil.example.com` or `example.com.evil`).
 */
export function checkAllowList(identity: OidcIdentity, allowList: AllowList): AllowListDecision {
  if (identity.groups.some((group) => allowList.groups.includes(group))) return { allowed: true, rule: 'group' };

  const email = identity.email?.trim().toLowerCase();
  if (email === undefined || email === '') return { allowed: false, reason: 'not-allowed' };
  // Said before looking at the list, so that the answer cannot be used to probe which addresses are on it.
  if (!identity.emailVerified) return { allowed: false, reason: 'email-unverified' };
  if (allowList.emails.includes(email)) return { allowed: true, rule: 'email' };
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (email.includes('@') && allowList.emailDomains.includes(domain)) return { allowed: true, rule: 'email-domain' };
  return { allowed: false, reason: 'not-allowed' };
}

/** The groups claim as providers send it: an array of strings, or one string. Anything else counts as none. */
export function groupsFromClaim(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/** `email_verified` is a boolean per the spec; some providers send the string "true". Missing means unverified. */
export function isVerified(value: unknown): boolean {
  return value === true || value === 'true';
}
