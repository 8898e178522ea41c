import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { defaultStore } from '../../../../testing/handlers';
import { expectedPage, findDrawer, openDrawer, shownIds, waitForResults } from '../../../../testing/list-helpers';
import { recordRequests } from '../../../../testing/msw-server';
import { currentParams, currentUrl, renderApp } from '../../../../testing/render-app';
import { SEARCH_LABEL } from './search-box';

function searchBox(): HTMLElement {
  return screen.getByRole('searchbox', { name: SEARCH_LABEL });
}

const [someGroup] = defaultStore.groups;
if (!someGroup) throw new Error('dataset is empty');

/** An owner who holds more than one group: searching their ID finds all of them. */
const sharedOwner = (() => {
  const counts = new Map<string, number>();
  for (const group of defaultStore.groups) for (const user of group.users) counts.set(user.id, (counts.get(user.id) ?? 0) + 1);
  const [id] = [...counts].find(([, n]) => n > 1) ?? [];
  if (id === undefined) throw new Error('no shared owner in the dataset');
  return id;
})();

describe('search', () => {
  it('finds a group by securities account number on Enter', async () => {
    const { history, user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');

    await user.type(searchBox(), `${someGroup.securities_account_number}{Enter}`);
    await waitFor(() => expect(currentParams(history).get('q')).toBe(someGroup.securities_account_number));
    await waitForResults('Showing 1–1 of 1 account groups');
    expect(shownIds()).toEqual([someGroup.id]);
    expect(within(screen.getByRole('list', { name: 'Active filters' })).getByText(`Search: ${someGroup.securities_account_number}`)).toBeInTheDocument();
  });

  it('opens a group directly when the term is its exact ID', async () => {
    const recorded = recordRequests();
    const { history, user } = await renderApp('/account-groups?status=ACTIVE');
    await waitForResults(/account groups$/);

    await user.type(searchBox(), `${someGroup.id}{Enter}`);
    await waitFor(() => expect(currentUrl(history)).toBe(`/account-groups/${someGroup.id}?status=ACTIVE`));
    expect(await findDrawer(/Account group/)).toBeInTheDocument();
    expect(recorded.some((r) => r.url.pathname === `/api/account-groups/${someGroup.id}`)).toBe(true);
    // The list behind the drawer is unchanged.
    expect(currentParams(history).has('q')).toBe(false);
  });

  it('searches for a UUID that is not a group ID, so a user ID finds that user’s groups', async () => {
    const { history, user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');

    await user.type(searchBox(), `${sharedOwner}{Enter}`);
    await waitFor(() => expect(currentParams(history).get('q')).toBe(sharedOwner));
    const expected = expectedPage(`q=${sharedOwner}`);
    await waitForResults(`of ${expected.totalCount} account groups`);
    expect(shownIds()).toEqual(expected.data.map((group) => group.id));
    expect(openDrawer()).toBeNull();
  });

  it('shows the server’s refusal of a search term under the box', async () => {
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');

    await user.type(searchBox(), 'two words{Enter}');
    const message = await screen.findByText('"q" must be a single search term without spaces or control characters.');
    expect(searchBox()).toHaveAttribute('aria-invalid', 'true');
    expect(searchBox()).toHaveAccessibleDescription(`${message.textContent} Enter to search · Esc to clear`);
    expect(screen.getByText('The search term is not valid')).toBeInTheDocument();
    // Not a page-level error panel.
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();

    await user.clear(searchBox());
    await user.type(searchBox(), '{Enter}');
    await waitForResults('Showing 1–50 of 300 account groups');
    expect(searchBox()).toHaveAttribute('aria-invalid', 'false');
  });

  it('is focused by the / key, unless typing in a field', async () => {
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');

    await user.click(document.body);
    await user.keyboard('/');
    expect(searchBox()).toHaveFocus();
    expect(searchBox()).toHaveValue('');

    // In the search box itself "/" is just a character.
    await user.keyboard('a/b');
    expect(searchBox()).toHaveValue('a/b');
  });

  it('shows the applied search again after back navigation', async () => {
    const { history, user } = await renderApp('/account-groups?q=abc');
    await waitForResults(/account groups|No account groups/);
    expect(searchBox()).toHaveValue('abc');
    // Typed over (never emptied, which would drop the search on its own).
    await user.tripleClick(searchBox());
    await user.keyboard(`${someGroup.securities_account_number}{Enter}`);
    await waitForResults('Showing 1–1 of 1 account groups');
    await act(async () => {
      history.go(-1);
    });
    await waitFor(() => expect(searchBox()).toHaveValue('abc'));
  });

  it('drops the search as soon as the box is emptied, by typing, the clear button or Esc', async () => {
    const term = someGroup.securities_account_number;
    const { history, user } = await renderApp(`/account-groups?q=${term}`);
    await waitForResults('Showing 1–1 of 1 account groups');

    await user.clear(searchBox());
    await waitFor(() => expect(currentParams(history).has('q')).toBe(false));
    await waitForResults('Showing 1–50 of 300 account groups');

    await user.type(searchBox(), `${term}{Enter}`);
    await waitForResults('Showing 1–1 of 1 account groups');
    await user.click(screen.getByRole('button', { name: 'Clear search' }));
    await waitFor(() => expect(currentParams(history).has('q')).toBe(false));
    expect(searchBox()).toHaveValue('');
    expect(searchBox()).toHaveFocus();
    await waitForResults('Showing 1–50 of 300 account groups');

    await user.type(searchBox(), `${term}{Enter}`);
    await waitForResults('Showing 1–1 of 1 account groups');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(currentParams(history).has('q')).toBe(false));
    expect(searchBox()).toHaveValue('');
    await waitForResults('Showing 1–50 of 300 account groups');
  });

  it('says on screen that Enter searches, and names its / shortcut', async () => {
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    expect(searchBox()).toHaveAttribute('aria-keyshortcuts', '/');
    expect(screen.getByText('Enter to search · Esc to clear')).toBeVisible();
    expect(searchBox()).toHaveAccessibleDescription('Enter to search · Esc to clear');

    await user.type(searchBox(), 'abc');
    expect(screen.getByText('Not searched yet: press Enter to search')).toBeVisible();
  });
});
