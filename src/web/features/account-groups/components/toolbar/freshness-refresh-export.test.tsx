import { act, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { createHandlers, defaultStore, problemResponse, sandboxStatus } from '../../../../testing/handlers';
import { gate, waitForResults } from '../../../../testing/list-helpers';
import { recordRequests, server } from '../../../../testing/msw-server';
import { renderApp } from '../../../../testing/render-app';
import { setTabVisible } from '../../../../testing/browser-state';

/** The app's polite region for confirmations (live-announcer.tsx). */
function politeAnnouncement(): HTMLElement {
  const region = document.querySelector<HTMLElement>('[aria-live="polite"]');
  if (region === null) throw new Error('No polite live region on screen.');
  return region;
}

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

  it('refreshes the list every 30 s, but only while the tab is visible', async () => {
    // Timers and the clock are fake but also move with real time, so msw, React and waitFor run as usual.
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const recorded = recordRequests();
    // Calls for the page on screen (each reload of it also refreshes the prefetched next page).
    const listCalls = (): number =>
      recorded.filter((r) => r.url.pathname === '/api/account-groups' && r.url.searchParams.get('offset') === '0').length;
    await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    expect(listCalls()).toBe(1);

    await act(() => vi.advanceTimersByTimeAsync(30_000));
    await waitFor(() => expect(listCalls()).toBe(2));

    setTabVisible(false);
    await act(() => vi.advanceTimersByTimeAsync(95_000));
    expect(listCalls()).toBe(2);

    // Back in view: the list, stale by now, is fetched once at once, then every 30 s again.
    setTabVisible(true);
    await waitFor(() => expect(listCalls()).toBe(3));
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    await waitFor(() => expect(listCalls()).toBe(4));
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

  it('says when the refresh failed, on screen and politely', async () => {
    server.use(
      http.post('/api/account-groups/refresh', () =>
        problemResponse({ type: '/problems/upstream-unavailable', title: 'Upvest could not be reached', status: 503 }),
      ),
    );
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(politeAnnouncement()).toHaveTextContent('Refresh failed: Upvest could not be reached'));
    const shown = screen.getAllByText('Refresh failed: Upvest could not be reached').filter((element) => element !== politeAnnouncement());
    expect(shown).toHaveLength(1);
    expect(shown[0]?.closest('[role="alert"], [aria-live="assertive"]')).toBeNull();
  });

  it('sends one request at a time, however often it is clicked, and announces when it is done', async () => {
    const sync = gate();
    const recorded = recordRequests();
    server.use(
      http.post('/api/account-groups/refresh', async () => {
        await sync.wait;
        return HttpResponse.json({ started: true, mirror: sandboxStatus().mirror });
      }),
    );
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    const button = screen.getByRole('button', { name: 'Refresh' });
    const posts = (): number => recorded.filter((r) => r.method === 'POST').length;

    // Three clicks in one go (before any re-render), then more while it runs.
    act(() => {
      button.click();
      button.click();
      button.click();
    });
    await waitFor(() => expect(button).toHaveAttribute('aria-disabled', 'true'));
    await user.click(button);
    await user.keyboard('{Enter}');
    expect(posts()).toBe(1);

    sync.release();
    await waitFor(() => expect(politeAnnouncement()).toHaveTextContent('Refreshed'));
    expect(button).toHaveAttribute('aria-disabled', 'false');
    expect(posts()).toBe(1);

    // Done: the next click sends again.
    await user.click(button);
    await waitFor(() => expect(posts()).toBe(2));
  });
});

describe('export', () => {
  it('links to the CSV of the current view, without paging', async () => {
    const { history } = await renderApp('/account-groups?sort=updated_at&order=asc&page=2&size=25&status=LOCKED&type=ISA&q=abc');
    await waitForResults(/account groups|No account groups/);
    const link = screen.getByRole('link', { name: 'Export CSV' });
    expect(link).toHaveAttribute('href', '/api/account-groups/export.csv?sort=updated_at&order=ASC&status=LOCKED&type=ISA&q=abc');
    expect(link).toHaveAttribute('download');

    await act(async () => {
      history.push('/account-groups');
    });
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
