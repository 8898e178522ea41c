import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccountGroup } from '../../domain/account-group';
import type { AccountGroupList, Facets, RefreshResponse } from '../../domain/console-api';
import {
  formatAccountGroupQuery,
  needsMirror,
  parseAccountGroupQuery,
  printableExcerpt,
  type AccountGroupQuery,
  type QueryKind,
} from '../../domain/list-query';
import { PROBLEM_TYPES } from '../../domain/problem';
import type { UpvestClient, UpvestResult } from '../../upvest/upvest-client';
import { UpvestError } from '../../upvest/upvest-error';
import { audit, auditSearch } from '../auth/audit';
import { Coalescer } from '../coalesce';
import { HttpProblem, invalidParameter } from '../http-problem';
import { accountGroupsCsv } from '../mirror/account-groups-csv';
import type { Mirror } from '../mirror/mirror-sync';
import { settlesWithin } from '../settles-within';
import { isUpstreamNotFound, problemFromUpvestError } from '../upstream-problem';

export interface AccountGroupRoutesOptions {
  upvest: UpvestClient;
  mirror: Mirror;
  now?: () => Date;
  /** Longest a refresh waits for its sync before answering with the mirror's status as it stands. Default 5 s. */
  refreshWaitMs?: number;
}

const REFRESH_WAIT_MS = 5_000;

/** as_of of a mirror that has read nothing yet: no moment of Upvest's data, and certainly not now. */
const NOTHING_READ_AS_OF = new Date(0).toISOString();

const GROUP_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The account-group calls of the console API (DESIGN.md). Plain list calls pass through to Upvest live,
 * identical concurrent ones coalesced into one upstream call; anything filtered or searched is answered
 * from the mirror, because Upvest cannot filter.
 */
export function accountGroupRoutes(app: FastifyInstance, options: AccountGroupRoutesOptions): void {
  const { upvest, mirror } = options;
  const now = options.now ?? (() => new Date());
  const refreshWaitMs = options.refreshWaitMs ?? REFRESH_WAIT_MS;
  const upstreamLists = new Coalescer<AccountGroupList>();
  const upstreamDetails = new Coalescer<UpvestResult<AccountGroup>>();

  app.get('/api/account-groups', async (request): Promise<AccountGroupList> => {
    const query = parseQuery(request, 'list');
    auditSearch(request, query, 'list', now());
    if (!needsMirror(query)) {
      const key = formatAccountGroupQuery(query, 'list').toString();
      return upstreamLists.run(key, () => listUpstream(upvest, query));
    }
    const { total, data } = mirror.store.query(query);
    return {
      meta: {
        offset: query.offset,
        limit: query.limit,
        count: data.length,
        total_count: total,
        sort: query.sort,
        order: query.order,
        source: 'mirror',
        as_of: mirror.asOf() ?? NOTHING_READ_AS_OF,
        complete: mirror.complete,
      },
      data,
    };
  });

  app.get('/api/account-groups/facets', async (request): Promise<Facets> => {
    const query = parseQuery(request, 'facets');
    auditSearch(request, query, 'facets', now());
    const counts = mirror.store.facets(query);
    return { ...counts, as_of: mirror.asOf() ?? NOTHING_READ_AS_OF, complete: mirror.complete };
  });

  app.get('/api/account-groups/export.csv', async (request, reply) => {
    const query = parseQuery(request, 'export');
    const stamp = now().toISOString().replace(/[:.]/g, '-');
    audit(request, { event: 'account_groups.exported', filter: formatAccountGroupQuery(query, 'export').toString() }, now());
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="account-groups-${stamp}.csv"`)
      .header('cache-control', 'no-store')
      .send(accountGroupsCsv(mirror.store.matches(query)));
  });

  app.post('/api/account-groups/refresh', async (): Promise<RefreshResponse> => {
    // An incremental sync is mostly one upstream call: waiting for it lets the SPA's reload show the
    // change. A first sync of a million groups takes a minute or more: answer at once, with its progress.
    const waitMs = mirror.complete ? refreshWaitMs : 0;
    const { started, done } = mirror.requestRefresh();
    if (waitMs > 0) await settlesWithin(done, waitMs);
    return { started, mirror: mirror.status() };
  });

  app.get<{ Params: { id: string } }>('/api/account-groups/:id', async (request) => {
    const { id } = request.params;
    if (!GROUP_ID.test(id)) {
      throw invalidParameter('id', `"id" must be an account group ID (a UUID); got "${printableExcerpt(id)}".`);
    }
    rejectAnyQuery(request);
    const normalisedId = id.toLowerCase();
    audit(request, { event: 'account_group.viewed', group_id: normalisedId }, now());
    try {
      const answer = await upstreamDetails.run(normalisedId, () => upvest.getAccountGroup(normalisedId));
      return answer.data;
    } catch (error) {
      if (error instanceof UpvestError && isUpstreamNotFound(error)) {
        throw new HttpProblem({
          type: PROBLEM_TYPES.notFound,
          title: 'Not found',
          status: 404,
          detail: `Upvest has no account group ${normalisedId}.`,
          ...(error.requestId === undefined ? {} : { upstream_request_id: error.requestId }),
        });
      }
      if (error instanceof UpvestError) throw problemFromUpvestError(error, `account group ${normalisedId}`);
      throw error;
    }
  });
}

async function listUpstream(upvest: UpvestClient, query: AccountGroupQuery): Promise<AccountGroupList> {
  try {
    const answer = await upvest.listAccountGroups({
      sort: query.sort,
      order: query.order,
      offset: query.offset,
      limit: query.limit,
    });
    return {
      data: answer.data.data,
      meta: {
        ...answer.data.meta,
        source: 'upstream',
        as_of: answer.receivedAt.toISOString(),
        complete: true,
      },
    };
  } catch (error) {
    if (error instanceof UpvestError) throw problemFromUpvestError(error, 'the account group list');
    throw error;
  }
}

/** One group's call takes no parameters: anything given is a mistake worth naming, not something to ignore. */
function rejectAnyQuery(request: FastifyRequest): void {
  const queryStart = request.url.indexOf('?');
  const [first] = new URLSearchParams(queryStart === -1 ? '' : request.url.slice(queryStart + 1)).keys();
  if (first !== undefined) {
    throw invalidParameter(first, `Unknown parameter "${printableExcerpt(first)}". One account group's call takes no parameters.`);
  }
}

function parseQuery(request: FastifyRequest, kind: QueryKind): AccountGroupQuery {
  const queryStart = request.url.indexOf('?');
  const params = new URLSearchParams(queryStart === -1 ? '' : request.url.slice(queryStart + 1));
  const parsed = parseAccountGroupQuery(params, kind);
  if (!parsed.ok) throw invalidParameter(parsed.error.parameter, parsed.error.message);
  return parsed.query;
}
