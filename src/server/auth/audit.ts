import type { FastifyRequest } from 'fastify';
import type { SignedInUser } from '../../domain/auth-api';
import { formatAccountGroupQuery, type AccountGroupQuery } from '../../domain/list-query';
import { auditLogger } from '../logger';
import './signed-in-request';

/** Who did it when sign-in is off (the console on a loopback address, used from this machine). */
export const LOCAL_USER: SignedInUser = { id: 'local' };

export type AuditEvent =
  | { event: 'account_group.viewed'; group_id: string }
  | { event: 'account_groups.exported'; filter: string }
  | { event: 'account_groups.searched'; call: 'list' | 'facets'; q: string; filter: string };

/**
 * One structured line per access to customer data, for whoever reviews who looked at what:
 * `{"audit":{"event":"account_group.viewed","user":{"id":"alice",...},"group_id":"…","at":"…"}}`.
 * The request's own log context adds the request ID. Written whatever LOG_LEVEL says.
 */
export function audit(request: FastifyRequest, entry: AuditEvent, at: Date): void {
  const user = request.signedIn?.user ?? LOCAL_USER;
  auditLogger(request.log).info(
    { audit: { ...entry, user: { ...user, ...(request.signedIn ? { method: request.signedIn.method } : {}) }, at: at.toISOString() } },
    `audit: ${entry.event}`,
  );
}

/**
 * A search finds groups by ID, securities account number or owner, and the list answers whole group
 * objects: as much as opening the group, so it is audited like the detail view. Calls without `q`
 * (browsing, filtering by status or type) are not.
 */
export function auditSearch(request: FastifyRequest, query: AccountGroupQuery, call: 'list' | 'facets', at: Date): void {
  if (query.q === null) return;
  audit(request, { event: 'account_groups.searched', call, q: query.q, filter: formatAccountGroupQuery(query, call).toString() }, at);
}
