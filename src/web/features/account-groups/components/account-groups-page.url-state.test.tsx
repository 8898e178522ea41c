import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { expectedPage, shownIds, waitForResults } from '../../../testing/list-helpers';
import { recordRequests } from '../../../testing/msw-server';
import { currentParams, currentUrl, renderApp } from '../../../testing/render-app';

function listRequests(recorded: ReturnType<typeof recordRequests>): URLSearchParams[] {
  return recorded.filter((r) => r.url.pathname === '/api/account-groups').map((r) => r.url.searchParams);
}

describe('URL state', () => {
  it('opens with the defaults: newest first, 50 per page, page 1', async () => {
    const recorded = recordRequests();
    const { history } = await renderApp('/account-groups');
    await waitForResults('Showing 1–50 of 300 account groups');

    expect(listRequests(recorded)[0]?.toString()).toBe('sort=created_at&order=DESC&offset=0&limit=50');
    expect(shownIds()).toEqual(expectedPage('').data.map((group) => group.id));
    expect(currentUrl(history)).toBe('/account-groups');
  });

  it('redirects / to the list and keeps the view parameters', async () => {
    const { history } = await renderApp('/?status=LOCKED');
    await waitFor(() => expect(currentUrl(history)).toBe('/account-groups?status=LOCKED'));
    await waitForResults(`of ${expectedPage('status=LOCKED').totalCount} account groups`);
  });

  it('falls back to the default for each invalid value and rewrites the URL in place', async () => {
    const recorded = recordRequests();
    const { history } = await renderApp('/account-groups?sort=name&order=up&page=-1&size=33&status=NOPE,LOCKED&type=');
    await waitForResults(/account groups$/);

    expect(listRequests(recorded).at(-1)?.toString()).toBe('sort=created_at&order=DESC&offset=0&limit=50&status=LOCKED');
    expect(currentUrl(history)).toBe('/account-groups?status=LOCKED');
    // Rewriting the URL did not add a history entry.
    expect(history.action).toBe('REPLACE');
  });

  it('maps page and size to offset and limit, and the order to upper case', async () => {
    const recorded = recordRequests();
    await renderApp('/account-groups?sort=updated_at&order=asc&page=3&size=25');
    await waitForResults('Showing 51–75 of 300 account groups');
    expect(listRequests(recorded)[0]?.toString()).toBe('sort=updated_at&order=ASC&offset=50&limit=25');
    expect(shownIds()).toEqual(expectedPage('sort=updated_at&order=asc&page=3&size=25').data.map((group) => group.id));
  });

  it('goes back to page 1 when a filter changes', async () => {
    const { history, user } = await renderApp('/account-groups?page=3');
    await waitForResults('Showing 101–150 of 300 account groups');

    await user.click(screen.getByRole('button', { name: /^Needs attention/ }));

    await waitFor(() => expect(currentParams(history).get('status')).toBe('CLOSING,LOCKED'));
    expect(currentParams(history).has('page')).toBe(false);
    await waitForResults(`Showing 1–${expectedPage('status=CLOSING,LOCKED').totalCount} of`);
  });

  it('brings a page past the end back to the last page, replacing the history entry', async () => {
    const { history } = await renderApp('/account-groups?page=99');
    await waitForResults('Showing 251–300 of 300 account groups');
    expect(currentParams(history).get('page')).toBe('6');
    expect(history.action).toBe('REPLACE');
  });

  it('moves through views with back and forward', async () => {
    const { history, user } = await renderApp('/account-groups');
    await waitForResults('Showing 1–50 of 300 account groups');

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitForResults('Showing 51–100 of 300 account groups');
    expect(currentParams(history).get('page')).toBe('2');

    await act(async () => {
      history.go(-1);
    });
    await waitForResults('Showing 1–50 of 300 account groups');
    expect(currentUrl(history)).toBe('/account-groups');

    await act(async () => {
      history.go(1);
    });
    await waitForResults('Showing 51–100 of 300 account groups');
  });

  it('opens the same view from a copied link', async () => {
    const link = '/account-groups?sort=updated_at&order=asc&page=2&size=25&type=PERSONAL';
    const { history } = await renderApp(link);
    const expected = expectedPage('sort=updated_at&order=asc&page=2&size=25&type=PERSONAL');
    await waitForResults(`Showing 26–50 of ${expected.totalCount} account groups`);
    expect(shownIds()).toEqual(expected.data.map((group) => group.id));
    expect(currentUrl(history)).toBe(link);
  });
});
