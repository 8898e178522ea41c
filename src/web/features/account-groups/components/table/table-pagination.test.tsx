import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { defaultStore, listPage } from '../../../../testing/handlers';
import { gate, resultsTable, waitForResults } from '../../../../testing/list-helpers';
import { server } from '../../../../testing/msw-server';
import { renderApp } from '../../../../testing/render-app';
import { accountGroupKeys } from '../../api/query-keys';

/** The list answered from the default tenant, each answer held until the test lets it go when `hold` is on. */
function heldList(): { hold: (on: boolean) => void; release: () => void } {
  let holding = false;
  let current = gate();
  server.use(
    http.get('/api/account-groups', async ({ request }) => {
      if (holding) await current.wait;
      return HttpResponse.json(listPage(defaultStore, new URL(request.url)));
    }),
  );
  return {
    hold: (on) => {
      holding = on;
    },
    release: () => {
      current.release();
      current = gate();
    },
  };
}

function pagination(): HTMLElement {
  return screen.getByRole('navigation', { name: 'Pagination' });
}

describe('pagination while the total is unknown', () => {
  it('shows no page count during the first load, then the real one', async () => {
    const list = heldList();
    list.hold(true);
    const counts = gate();
    server.use(
      http.get('/api/account-groups/facets', async () => {
        await counts.wait;
        return HttpResponse.json({ ...defaultStore.facets({ status: [], type: [], q: null }), as_of: new Date().toISOString(), complete: true });
      }),
    );
    await renderApp('/account-groups?page=3');
    await waitFor(() => expect(screen.getAllByTestId('skeleton-row').length).toBeGreaterThan(0));

    expect(pagination()).not.toHaveTextContent(/Page \d+ of/);
    expect(within(pagination()).getByRole('button', { name: 'Next page' })).toHaveAttribute('aria-disabled', 'true');

    list.release();
    counts.release();
    await waitForResults('Showing 101–150 of 300 account groups');
    expect(pagination()).toHaveTextContent('Page 3 of 6');
  });
});

describe('"Next page" from below the rows', () => {
  it('brings the table top into view and focuses the table; a background refetch moves neither', async () => {
    const scrolled: Element[] = [];
    vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(function (this: Element) {
      scrolled.push(this);
    });
    const { user, queryClient } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');

    await user.click(within(pagination()).getByRole('button', { name: 'Next page' }));
    // In the next frame, once the new page has rendered.
    await waitFor(() => expect(resultsTable()).toHaveFocus());
    expect(scrolled.some((element) => element.contains(resultsTable()) && element !== resultsTable())).toBe(true);
    await waitForResults('Showing 51–100 of 300 account groups');

    // Elsewhere on the page, a background refetch leaves focus and scroll alone.
    const search = screen.getByRole('searchbox', { name: 'Search account groups' });
    search.focus();
    scrolled.length = 0;
    await act(() => queryClient.refetchQueries({ queryKey: accountGroupKeys.lists() }));
    expect(search).toHaveFocus();
    expect(scrolled).toEqual([]);
  });

  it('leaves focus on a button that cannot page', async () => {
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    const previous = within(pagination()).getByRole('button', { name: 'Previous page' });
    await user.click(previous);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(previous).toHaveFocus();
  });
});

describe('busy state', () => {
  it('marks the table busy while another page loads, not while the same page refreshes in the background', async () => {
    const list = heldList();
    const { user, queryClient } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    expect(resultsTable()).toHaveAttribute('aria-busy', 'false');

    list.hold(true);
    const refetch = queryClient.refetchQueries({ queryKey: accountGroupKeys.lists() });
    await waitFor(() => expect(screen.getByRole('progressbar', { name: 'Loading account groups' })).toBeInTheDocument());
    expect(resultsTable()).toHaveAttribute('aria-busy', 'false');
    list.release();
    await act(() => refetch);
    await waitFor(() => expect(screen.queryByRole('progressbar', { name: 'Loading account groups' })).toBeNull());

    // The last page is not prefetched: the rows of page 1 stay while it loads.
    await user.click(within(pagination()).getByRole('button', { name: 'Last page' }));
    await waitFor(() => expect(resultsTable()).toHaveAttribute('aria-busy', 'true'));
    list.release();
    await waitForResults('Showing 251–300 of 300 account groups');
    expect(resultsTable()).toHaveAttribute('aria-busy', 'false');
  });
});
