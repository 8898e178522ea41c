import type { FastifyRequest } from 'fastify';
import type { SignedInUser } from '../../domain/auth-api';
import './signed-in-request';

/** Who did it when sign-in is off (the console on a loopback address, used from this machine). */
export const LOCAL_USER: SignedInUser = { id: 'local' };

export type AuditEvent =
  | { event: 'account_group.viewed'; group_id: string }
  | { event: 'account_groups.exported'; filter: string };

/**
 * One structured line per access to customer data, for whoever reviews who looked at what:
 * `{"audit":{"event":"account_group.viewed","user":{"id":"alice",...},"group_id":"…","at":"…"}}`.
 * The request's own log context adds the request ID.
 */
export function audit(request: FastifyRequest, entry: AuditEvent, at: Date): void {
  const user = request.signedIn?.user ?? LOCAL_USER;
  request.log.info(
    { audit: { ...entry, user: { ...user, ...(request.signedIn ? { method: request.signedIn.method } : {}) }, at: at.toISOString() } },
    `audit: ${entry.event}`,
  );
}
