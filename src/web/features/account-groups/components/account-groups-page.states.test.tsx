import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PROBLEM_TYPES } from '../../../../domain/problem';
import { createAccountGroupStore } from '../../../testing/data/account-group-store';
import {
  createHandlers,
  defaultStore,
  listPage,
  problemResponse,
  sandboxStatus,
} from '../../../testing/handlers';
import { expectedPage, gate, resultsTable, shownIds, waitForResults } from '../../../testing/list-helpers';
import { recordLiveRegionTexts } from '../../../testing/live-regions';
import { recordRequests, server } from '../../../testing/msw-server';
import { setBrowserOnline } from '../../../testing/browser-state';
import { currentUrl, renderApp } from '../../../testing/render-app';
import { parseListView } from '../lib/list-view';
import { RATE_LIMIT_ENDED, RATE_LIMIT_STARTED } from './notices/rate-limit-notice';

const listUrl = '/api/account-groups';

function answerList(request: Request): HttpResponse<string> {
  return HttpResponse.json(listPage(defaultStore, new URL(request.url))) as unknown as HttpResponse<string>;
}

describe('loading', () => {
  it('shows skeleton rows on first load only, then keeps the rows with a progress bar while paging', async () => {
    const firstPage = gate();
    const secondPage = gate();
    server.use(
      http.get(listUrl, async ({ request }) => {
        const offset = new URL(request.url).searchParams.get('offset');
        await (offset === '0' ? firstPage.wait : secondPage.wait);
        return answerList(request);
      }),
    );
    const { user } = await renderApp();

    expect(await screen.findAllByTestId('skeleton-row')).toHaveLength(10);
    expect(resultsTable()).toHaveAttribute('aria-busy', 'true');
    expect(screen.queryByRole('progressbar', { name: 'Loading account groups' })).toBeNull();

    firstPage.release();
    await waitForResults('Showing 1–50 of 300 account groups');
    const firstIds = shownIds();
    expect(screen.queryAllByTestId('skeleton-row')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByRole('progressbar', { name: 'Loading account groups' })).toBeInTheDocument();
    expect(shownIds()).toEqual(firstIds);
    expect(screen.queryAllByTestId('skeleton-row')).toHaveLength(0);

    secondPage.release();
    await waitForResults('Showing 51–100 of 300 account groups');
    await waitFor(() => expect(screen.queryByRole('progressbar', { name: 'Loading account groups' })).toBeNull());
    expect(shownIds()).toEqual(expectedPage('page=2').data.map((group) => group.id));
  });

  it('prefetches the next page so it shows at once', async () => {
    const recorded = recordRequests();
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    await waitFor(() =>
      expect(recorded.some((r) => r.url.pathname === listUrl && r.url.searchParams.get('offset') === '50')).toBe(true),
    );
    const before = recorded.length;

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitForResults('Showing 51–100 of 300 account groups');
    const refetchedPage2 = recorded
      .slice(before)
      .some((r) => r.url.pathname === listUrl && r.url.searchParams.get('offset') === '50');
    expect(refetchedPage2).toBe(false);
  });
});

describe('cached pages and offline paging', () => {
  const pageIds = (search: string): string[] => expectedPage(search).data.map((group) => group.id);

  it('shows a page visited before at once, without asking again', async () => {
    const recorded = recordRequests();
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitForResults('Showing 51–100 of 300 account groups');

    // From here on the console server would keep every list call waiting.
    const never = gate();
    server.use(
      http.get(listUrl, async () => {
        await never.wait;
        return HttpResponse.error();
      }),
    );
    const before = recorded.length;
    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    // The click's render is synchronous: the rows are there with no wait and no progress bar.
    expect(shownIds()).toEqual(pageIds(''));
    expect(screen.queryByRole('progressbar', { name: 'Loading account groups' })).toBeNull();
    expect(screen.getByTestId('page-range')).toHaveTextContent('1–50 of 300');
    await waitForResults('Showing 1–50 of 300 account groups');
    expect(recorded.slice(before).some((r) => r.url.pathname === listUrl && r.url.searchParams.get('offset') === '0')).toBe(false);
    never.release();
  });

  it('offline, says a page not loaded yet will load when the connection is back, instead of showing the previous rows', async () => {
    const { user, history } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    // Page 2 is prefetched while online; page 3 is not.
    await waitFor(() => expect(recordedOffsets()).toContain('50'));

    setBrowserOnline(false);
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(shownIds()).toEqual(pageIds('page=2'));
    await waitForResults('Showing 51–100 of 300 account groups');

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(currentUrl(history)).toBe('/account-groups?page=3'));
    const table = resultsTable();
    expect(await within(table).findByRole('heading', { name: 'Page 3 will load when the connection is back' })).toBeInTheDocument();
    expect(shownIds()).toEqual([]);
    // The footer claims no rows it does not show, and the page number is the one asked for.
    expect(screen.getByTestId('page-range').textContent.trim()).toBe('');
    expect(screen.getByRole('navigation', { name: 'Pagination' })).toHaveTextContent('Page 3 of 6');
    await waitForResults('You are offline: page 3 will load when the connection is back');
    expect(screen.queryByRole('progressbar', { name: 'Loading account groups' })).toBeNull();
    // No "Updated 2 s ago" for rows that are not on screen.
    expect(screen.queryByText(/^Updated /)).toBeNull();

    // Pages opened before still show at once while offline.
    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(shownIds()).toEqual(pageIds('page=2'));
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await within(resultsTable()).findByRole('heading', { name: 'Page 3 will load when the connection is back' });

    setBrowserOnline(true);
    await waitForResults('Showing 101–150 of 300 account groups');
    expect(shownIds()).toEqual(pageIds('page=3'));
    expect(screen.getByTestId('page-range')).toHaveTextContent('101–150 of 300');
  });

  let requested: URL[] = [];
  function recordedOffsets(): string[] {
    return requested.filter((url) => url.pathname === listUrl).map((url) => url.searchParams.get('offset') ?? '');
  }
  beforeEach(() => {
    requested = [];
    server.events.on('request:start', ({ request }) => {
      requested.push(new URL(request.url));
    });
  });
});

describe('announcements', () => {
  it('announces results when the person changes the view, not when a background refetch changes the total', async () => {
    let extra = 0;
    server.use(
      http.get(listUrl, ({ request }) => {
        const body = listPage(defaultStore, new URL(request.url));
        if (body === null) throw new Error('bad list query in test');
        return HttpResponse.json({ ...body, meta: { ...body.meta, total_count: body.meta.total_count + extra } });
      }),
    );
    const { user, queryClient } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');

    extra = 1;
    await act(() => queryClient.refetchQueries({ queryKey: ['account-groups', 'list'] }));
    await waitFor(() => expect(screen.getByTestId('page-range')).toHaveTextContent('1–50 of 301'));
    expect(screen.getByTestId('results-announcement')).toHaveTextContent('Showing 1–50 of 300 account groups');

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitForResults('Showing 51–100 of 301 account groups');
  });
});

describe('empty lists', () => {
  it('says an empty tenant has no account groups yet, with nothing to clear', async () => {
    server.use(...createHandlers(createAccountGroupStore([])));
    await renderApp();
    await waitForResults('No account groups yet');
    expect(screen.getByRole('heading', { name: 'No account groups yet' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Clear filters' })).toBeNull();
  });

  it('says when nothing matches the filters and offers to clear them', async () => {
    const { history, user } = await renderApp('/account-groups?q=no-such-thing');
    await waitForResults('No account groups match these filters');
    const table = resultsTable();
    expect(within(table).getByRole('heading', { name: 'No account groups match these filters' })).toBeInTheDocument();

    await user.click(within(table).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(currentUrl(history)).toBe('/account-groups'));
    await waitForResults('Showing 1–50 of 300 account groups');
  });
});

describe('errors', () => {
  it('shows the problem with both request IDs, and Retry loads the list', async () => {
    let fail = true;
    server.use(
      http.get(listUrl, ({ request }) =>
        fail
          ? problemResponse({
              type: PROBLEM_TYPES.upstreamUnavailable,
              title: 'Upvest did not answer in time',
              status: 504,
              detail: 'GET /account_groups timed out after 10 s.',
              request_id: 'console-req-7',
              upstream_request_id: 'upvest-req-42',
            })
          : answerList(request),
      ),
    );
    const { user } = await renderApp();

    const panel = await screen.findByRole('alert', { name: 'Upvest did not answer in time' });
    expect(panel).toHaveTextContent('GET /account_groups timed out after 10 s.');
    expect(within(panel).getByText('upvest-req-42')).toBeInTheDocument();
    expect(within(panel).getByText('console-req-7')).toBeInTheDocument();
    await user.click(within(panel).getByRole('button', { name: 'Copy Upvest request ID' }));
    expect(await navigator.clipboard.readText()).toBe('upvest-req-42');

    fail = false;
    await user.click(within(panel).getByRole('button', { name: 'Retry' }));
    await waitForResults('Showing 1–50 of 300 account groups');
    expect(screen.queryByRole('alert', { name: 'Upvest did not answer in time' })).toBeNull();
  });

  it('retries by itself while Upvest rate-limits the console, and says so', async () => {
    let calls = 0;
    server.use(
      http.get(listUrl, ({ request }) => {
        if (new URL(request.url).searchParams.get('offset') !== '0') return answerList(request);
        calls += 1;
        return calls === 1
          ? problemResponse({
              type: PROBLEM_TYPES.upstreamRateLimited,
              title: 'Upvest is rate limiting the console',
              status: 429,
              retry_after_seconds: 1,
            })
          : answerList(request);
      }),
    );
    const spoken = recordLiveRegionTexts();
    await renderApp();

    expect(await screen.findByText('Upvest is rate limiting the console, retrying in 1 s')).toBeInTheDocument();
    expect(await screen.findByText(RATE_LIMIT_STARTED)).toHaveAttribute('role', 'status');
    await waitForResults('Showing 1–50 of 300 account groups');
    expect(await screen.findByText(RATE_LIMIT_ENDED)).toHaveAttribute('role', 'status');
    expect([...spoken].filter((text) => /retrying/.test(text))).toEqual([]);
    expect(calls).toBe(2);
    expect(screen.queryByText(/Upvest is rate limiting the console/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('keeps the toolbar and the pagination when a page fails with nothing cached, so the view can be changed', async () => {
    server.use(
      http.get(listUrl, ({ request }) =>
        new URL(request.url).searchParams.get('offset') === '100'
          ? problemResponse({ type: PROBLEM_TYPES.upstreamUnavailable, title: 'Upvest cannot be reached', status: 502 })
          : answerList(request),
      ),
    );
    const { history, user } = await renderApp('/account-groups?page=3');
    const panel = await screen.findByRole('alert', { name: 'Upvest cannot be reached' });
    // In place of the rows, inside the table.
    expect(resultsTable()).toContainElement(panel);
    const pagination = await screen.findByRole('navigation', { name: 'Pagination' });
    await waitFor(() => expect(pagination).toHaveTextContent('Page 3 of 6'));

    await user.click(within(pagination).getByRole('button', { name: 'Previous page' }));
    await waitForResults('Showing 51–100 of 300 account groups');
    expect(currentUrl(history)).toBe('/account-groups?page=2');

    await user.click(within(screen.getByRole('group', { name: 'Quick views' })).getByRole('button', { name: /^Closed/ }));
    await waitFor(() => expect(currentUrl(history)).toBe('/account-groups?status=CLOSED'));
    await waitForResults(/account groups$/);
  });

  it('says when the counts cannot be loaded, keeps the list, and Retry loads them', async () => {
    let fail = true;
    server.use(
      http.get('/api/account-groups/facets', ({ request }) => {
        if (fail) return problemResponse({ type: PROBLEM_TYPES.upstreamError, title: 'The mirror is not ready', status: 503 });
        const { status, type, q } = parseListView(new URL(request.url).searchParams);
        return HttpResponse.json({ ...defaultStore.facets({ status, type, q }), as_of: new Date().toISOString(), complete: true });
      }),
    );
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    const panel = await screen.findByRole('alert', { name: 'The mirror is not ready' });
    expect(panel).toHaveTextContent('The counts for the quick views, the status bar and the filters could not be loaded.');
    expect(shownIds()).toHaveLength(50);

    fail = false;
    await user.click(within(panel).getByRole('button', { name: 'Retry' }));
    const views = screen.getByRole('group', { name: 'Quick views' });
    expect(await within(views).findByRole('button', { name: 'All 300' })).toBeInTheDocument();
    expect(screen.queryByRole('alert', { name: 'The mirror is not ready' })).toBeNull();
  });

  it('says so when the counts are rate limited too, and announces only the start and the end', async () => {
    let calls = 0;
    server.use(
      http.get('/api/account-groups/facets', ({ request }) => {
        calls += 1;
        if (calls === 1) {
          return problemResponse({
            type: PROBLEM_TYPES.upstreamRateLimited,
            title: 'Upvest is rate limiting the console',
            status: 429,
            retry_after_seconds: 3,
          });
        }
        const { status, type, q } = parseListView(new URL(request.url).searchParams);
        return HttpResponse.json({ ...defaultStore.facets({ status, type, q }), as_of: new Date().toISOString(), complete: true });
      }),
    );
    const spoken = recordLiveRegionTexts();
    await renderApp();
    const countdown = /^Upvest is rate limiting the console, retrying the counts in (\d) s$/;
    const first = (await screen.findByText(countdown)).textContent;
    const region = await screen.findByText(RATE_LIMIT_STARTED);
    expect(region).toHaveAttribute('role', 'status');
    // The countdown ticks on screen, outside every live region.
    await waitFor(() => expect(screen.getByText(countdown).textContent).not.toBe(first));
    expect(region).toHaveTextContent(RATE_LIMIT_STARTED);

    await waitFor(() => expect(region).toHaveTextContent(RATE_LIMIT_ENDED));
    expect([...spoken].filter((text) => /retrying/.test(text))).toEqual([]);
    expect(screen.queryByText(/retrying the counts/)).toBeNull();
    expect(calls).toBe(2);
  });

  it('explains refused console credentials and where to fix them', async () => {
    server.use(
      http.get(listUrl, () =>
        problemResponse({
          type: PROBLEM_TYPES.upstreamCredentialsRefused,
          title: 'Upvest refused the credentials',
          status: 502,
          upstream_status: 401,
          upstream_request_id: 'upvest-req-401',
        }),
      ),
    );
    await renderApp();
    const panel = await screen.findByRole('alert', { name: "Upvest refused the console's credentials" });
    expect(panel).toHaveTextContent('UPVEST_API_*');
    expect(panel).toHaveTextContent("Check the console's configuration");
    expect(within(panel).getByText('upvest-req-401')).toBeInTheDocument();
  });

  it('says the server’s explanation of refused credentials once, not next to its own', async () => {
    const detail =
      "Upvest answered 401 to POST /auth/token. Check the console's UPVEST_API_* settings (client ID and secret, key ID and private key, scopes).";
    server.use(
      http.get(listUrl, () =>
        problemResponse({
          type: PROBLEM_TYPES.upstreamCredentialsRefused,
          title: "Upvest refused the console's credentials",
          status: 502,
          detail,
          upstream_status: 401,
        }),
      ),
    );
    await renderApp();
    const panel = await screen.findByRole('alert', { name: "Upvest refused the console's credentials" });
    expect(panel).toHaveTextContent(detail);
    expect(panel.textContent.split('UPVEST_API_*')).toHaveLength(2);
    expect(panel.textContent.split('client ID and secret')).toHaveLength(2);
  });

  it('keeps the last rows and shows a compact problem when a refresh fails', async () => {
    const { queryClient } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    server.use(
      http.get(listUrl, () =>
        problemResponse({ type: PROBLEM_TYPES.upstreamError, title: 'Upvest answered 500', status: 502 }),
      ),
    );
    await act(() => queryClient.refetchQueries({ queryKey: ['account-groups', 'list'] }));
    expect(await screen.findByRole('alert', { name: 'Upvest answered 500' })).toHaveTextContent(
      'The list could not be refreshed; showing the last loaded rows.',
    );
    expect(shownIds()).toHaveLength(50);
  });
});

describe('offline', () => {
  it('shows a notice while the browser is offline that clears itself', async () => {
    await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');

    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    act(() => {
      window.dispatchEvent(new Event('offline'));
    });
    expect(await screen.findByText(/You are offline/)).toBeInTheDocument();
    expect(shownIds()).toHaveLength(50);

    onLine.mockReturnValue(true);
    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    await waitFor(() => expect(screen.queryByText(/You are offline/)).toBeNull());
  });

  it('shows the notice when requests get no answer, and clears it when one succeeds', async () => {
    let failures = 1;
    server.use(
      http.get(listUrl, ({ request }) => {
        if (failures > 0) {
          failures -= 1;
          return HttpResponse.error();
        }
        return answerList(request);
      }),
    );
    await renderApp();
    expect(await screen.findByText(/The console server cannot be reached/)).toBeInTheDocument();
    await waitForResults('Showing 1–50 of 300 account groups');
    expect(screen.queryByText(/The console server cannot be reached/)).toBeNull();
  });
});

describe('environment', () => {
  it('shows the first sync’s progress and marks partial answers', async () => {
    const syncing = sandboxStatus({
      mirror: { ...sandboxStatus().mirror, state: 'syncing', complete: false, progress: { loaded: 12_000, total: 48_000 } },
    });
    server.use(...createHandlers(defaultStore, { complete: false, status: () => syncing }));
    await renderApp('/account-groups?status=LOCKED');

    expect(await screen.findByText('Loading all account groups: 12,000 of 48,000')).toBeInTheDocument();
    const bar = screen.getByRole('progressbar', { name: 'Loading all account groups' });
    expect(bar).toHaveAttribute('aria-valuenow', '12000');
    expect(bar).toHaveAttribute('aria-valuemax', '48000');
    expect(await screen.findByText('Partial')).toBeInTheDocument();
    expect(screen.getByText("from the console's mirror")).toBeInTheDocument();
  });

  it('reloads the list when the first sync completes', async () => {
    let statusCalls = 0;
    const recorded = recordRequests();
    server.use(
      http.get('/api/status', () => {
        statusCalls += 1;
        const mirror = sandboxStatus().mirror;
        return HttpResponse.json(
          statusCalls === 1 ? sandboxStatus({ mirror: { ...mirror, complete: false, progress: { loaded: 10, total: null } } }) : sandboxStatus(),
        );
      }),
    );
    await renderApp();
    expect(await screen.findByText('Loading all account groups: 10 so far')).toBeInTheDocument();
    await waitForResults('Showing 1–50 of 300 account groups');
    const listCallsBefore = recorded.filter((r) => r.url.pathname === listUrl && r.url.searchParams.get('offset') === '0').length;

    // The status is polled every 2 s during the first sync.
    await waitFor(() => expect(screen.queryByText(/Loading all account groups/)).toBeNull(), { timeout: 4000 });
    await waitFor(() =>
      expect(recorded.filter((r) => r.url.pathname === listUrl && r.url.searchParams.get('offset') === '0').length).toBeGreaterThan(
        listCallsBefore,
      ),
    );
  });

  it('announces the first sync when it starts and when it ends, not every step of its progress', async () => {
    let statusCalls = 0;
    server.use(
      http.get('/api/status', () => {
        statusCalls += 1;
        const mirror = sandboxStatus().mirror;
        if (statusCalls >= 3) return HttpResponse.json(sandboxStatus());
        return HttpResponse.json(
          sandboxStatus({ mirror: { ...mirror, state: 'syncing', complete: false, progress: { loaded: statusCalls * 10, total: null } } }),
        );
      }),
    );
    const spoken = recordLiveRegionTexts();
    await renderApp();
    expect(await screen.findByText('Loading all account groups: 10 so far')).toBeInTheDocument();
    const region = screen.getByText(/^Loading all account groups from Upvest\./);
    expect(region).toHaveAttribute('role', 'status');

    // The status is polled every 2 s during the first sync: the count moves on screen only.
    expect(await screen.findByText('Loading all account groups: 20 so far', undefined, { timeout: 4000 })).toBeInTheDocument();
    expect(region).toHaveTextContent(/^Loading all account groups from Upvest\./);

    await waitFor(() => expect(region).toHaveTextContent('All account groups are loaded.'), { timeout: 4000 });
    expect(screen.queryByText(/so far/)).toBeNull();
    expect([...spoken].filter((text) => /Loading all account groups:/.test(text))).toEqual([]);
  });

  it('warns when the mirror is stale, with Upvest’s request ID', async () => {
    const stale = sandboxStatus({
      mirror: {
        ...sandboxStatus().mirror,
        state: 'stale',
        last_error: { at: new Date().toISOString(), title: 'Upvest answered 503', upstream_request_id: 'upvest-sync-9' },
      },
    });
    server.use(http.get('/api/status', () => HttpResponse.json(stale)));
    await renderApp();
    expect(await screen.findByText('Sync with Upvest is failing.')).toBeInTheDocument();
    expect(screen.getByText('Upvest answered 503')).toBeInTheDocument();
    expect(screen.getByText('upvest-sync-9')).toBeInTheDocument();
  });

  it('shows a sandbox banner and the upstream host in sandbox mode', async () => {
    await renderApp();
    expect(await screen.findByRole('note', { name: 'Sandbox data' })).toBeInTheDocument();
    expect(screen.getByText('Sandbox')).toBeInTheDocument();
    expect(screen.getByText('127.0.0.1:4311')).toBeInTheDocument();
  });

  it('shows no banner against live Upvest', async () => {
    server.use(
      http.get('/api/status', () =>
        HttpResponse.json(sandboxStatus({ mode: 'live', upstream: { host: 'api.upvest.co', base_url: 'https://api.upvest.co' } })),
      ),
    );
    await renderApp();
    expect(await screen.findByText('api.upvest.co')).toBeInTheDocument();
    expect(screen.getByText('Live')).toBeInTheDocument();
    expect(screen.queryByRole('note', { name: 'Sandbox data' })).toBeNull();
  });
});
