import { act, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { createHandlers, defaultStore, problemResponse, sandboxStatus } from '../../../../testing/handlers';
import { gate, waitForResults } from '../../../../testing/list-helpers';
import { recordRequests, server } from '../../../../testing/msw-server';
import { renderApp } from '../../../../testing/render-app';
import { accountGroupsQueryOptions, LIST_REFETCH_INTERVAL_MS } from '../../api/get-account-groups';
import { DEFAULT_LIST_VIEW, toAccountGroupQuery } from '../../lib/list-view';

describe('freshness', () => {
  it('says how old the data is and keeps counting', async () => {
    const now = Date.parse('2026-11-26T12:00:00.000Z');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    server.use(...createHandlers(defaultStore, { asOf: () => new Date(now - 42_000).toISOString() }));
    await renderApp();

    expect(await screen.findByText('Updated 42 s ago')).toBeInTheDocument();
    expect(screen.getByText('live from Upvest')).toBeInTheDocument();

    vi.setSystemTime(now + 20_000);
    expect(await screen.findByText('Updated 1 min ago')).toBeInTheDocument();
  });

  it('refreshes the list every 30 s, but only while the tab is visible', () => {
    const options = accountGroupsQueryOptions(toAccountGroupQuery(DEFAULT_LIST_VIEW));
    expect(options.refetchInterval).toBe(LIST_REFETCH_INTERVAL_MS);
    expect(LIST_REFETCH_INTERVAL_MS).toBe(30_000);
    expect(options.refetchIntervalInBackground).toBe(false);
  });
});

describe('refresh', () => {
  it('asks the console to sync, then reloads the list and the counts', async () => {
    const recorded = recordRequests();
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    await waitFor(() => expect(recorded.some((r) => r.url.pathname === '/api/account-groups/facets')).toBe(true));
    const before = recorded.length;

    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => {
      const after = recorded.slice(before).map((r) => `${r.method} ${r.url.pathname}`);
      expect(after[0]).toBe('POST /api/account-groups/refresh');
      expect(after).toContain('GET /api/account-groups');
      expect(after).toContain('GET /api/account-groups/facets');
    });
  });

  it('says when the refresh failed', async () => {
    server.use(
      http.post('/api/account-groups/refresh', () =>
        problemResponse({ type: '/problems/upstream-unavailable', title: 'Upvest could not be reached', status: 503 }),
      ),
    );
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByText('Refresh failed: Upvest could not be reached')).toBeInTheDocument();
  });
});

describe('export', () => {
  it('links to the CSV of the current view, without paging', async () => {
    const { router } = await renderApp('/account-groups?sort=updated_at&order=asc&page=2&size=25&status=LOCKED&type=ISA&q=abc');
    await waitForResults(/account groups|No account groups/);
    const link = screen.getByRole('link', { name: 'Export CSV' });
    expect(link).toHaveAttribute('href', '/api/account-groups/export.csv?sort=updated_at&order=ASC&status=LOCKED&type=ISA&q=abc');
    expect(link).toHaveAttribute('download');

    await act(() => router.navigate('/account-groups'));
    await waitFor(() => expect(link).toHaveAttribute('href', '/api/account-groups/export.csv?sort=created_at&order=DESC'));
  });

  it('downloads what the console server streams', async () => {
    await renderApp('/account-groups?status=LOCKED');
    const href = screen.getByRole('link', { name: 'Export CSV' }).getAttribute('href') ?? '';
    const csv = await (await fetch(href)).text();
    const [headerLine, ...rows] = csv.split('\n');
    expect(headerLine).toMatch(/^id,securities_account_number/);
    expect(rows).toHaveLength(defaultStore.facets({ status: [], type: [], q: null }).status.LOCKED ?? 0);
  });
});

describe('first request', () => {
  it('asks for the list and the status together, not one after the other', async () => {
    const statusGate = gate();
    const recorded = recordRequests();
    server.use(
      http.get('/api/status', async () => {
        await statusGate.wait;
        return HttpResponse.json(sandboxStatus());
      }),
    );
    await renderApp();
    // The list is asked for while the status is still unanswered.
    await waitFor(() => expect(recorded.some((r) => r.url.pathname === '/api/account-groups')).toBe(true));
    expect(recorded.some((r) => r.url.pathname === '/api/status')).toBe(true);
    statusGate.release();
  });
});
