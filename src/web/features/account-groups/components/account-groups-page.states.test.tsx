import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
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
import { recordRequests, server } from '../../../testing/msw-server';
import { currentUrl, renderApp } from '../../../testing/render-app';

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

describe('empty lists', () => {
  it('says an empty tenant has no account groups yet, with nothing to clear', async () => {
    server.use(...createHandlers(createAccountGroupStore([])));
    await renderApp();
    await waitForResults('No account groups yet');
    expect(screen.getByRole('heading', { name: 'No account groups yet' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Clear filters' })).toBeNull();
  });

  it('says when nothing matches the filters and offers to clear them', async () => {
    const { router, user } = await renderApp('/account-groups?q=no-such-thing');
    await waitForResults('No account groups match these filters');
    const table = resultsTable();
    expect(within(table).getByRole('heading', { name: 'No account groups match these filters' })).toBeInTheDocument();

    await user.click(within(table).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/account-groups'));
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
    await renderApp();

    expect(await screen.findByText('Upvest is rate limiting the console, retrying in 1 s')).toBeInTheDocument();
    await waitForResults('Showing 1–50 of 300 account groups');
    expect(calls).toBe(2);
    expect(screen.queryByText(/Upvest is rate limiting the console/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
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
