import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { describeStatus, describeUserType, type AccountGroup } from '../../../../../domain/account-group';
import { defaultStore } from '../../../../testing/handlers';
import { expectedPage, findDrawer, resultsTable, shownIds, waitForResults } from '../../../../testing/list-helpers';
import { currentParams, currentUrl, renderApp } from '../../../../testing/render-app';
import { TABLE_PREFERENCES_KEY } from '../../hooks/use-table-preferences';

function header(name: string): HTMLElement {
  return screen.getByRole('columnheader', { name });
}

describe('sorting', () => {
  it('marks only the sorted column with aria-sort and sorts through header buttons', async () => {
    const { history, user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');

    expect(header('Created')).toHaveAttribute('aria-sort', 'descending');
    expect(header('Updated')).not.toHaveAttribute('aria-sort');
    expect(header('ID')).not.toHaveAttribute('aria-sort');
    // Only created and updated are sortable: only they hold a button.
    expect(within(header('Status')).queryByRole('button')).toBeNull();

    await user.click(within(header('Created')).getByRole('button', { name: 'Created' }));
    await waitFor(() => expect(currentParams(history).get('order')).toBe('asc'));
    await waitFor(() => expect(header('Created')).toHaveAttribute('aria-sort', 'ascending'));
    await waitFor(() => expect(shownIds()).toEqual(expectedPage('order=asc').data.map((group) => group.id)));

    // An unsorted date column sorts newest first on its first click.
    await user.click(within(header('Updated')).getByRole('button', { name: 'Updated' }));
    await waitFor(() => expect(currentUrl(history)).toBe('/account-groups?sort=updated_at'));
    await waitFor(() => expect(header('Updated')).toHaveAttribute('aria-sort', 'descending'));
    expect(header('Created')).not.toHaveAttribute('aria-sort');
    await waitFor(() => expect(shownIds()).toEqual(expectedPage('sort=updated_at').data.map((group) => group.id)));
  });
});

describe('pagination', () => {
  it('pages with first, previous, next and last, showing the range', async () => {
    const { history, user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    const nav = screen.getByRole('navigation', { name: 'Pagination' });
    expect(within(nav).getByText('1–50 of 300')).toBeInTheDocument();
    expect(within(nav).getByRole('button', { name: 'Previous page' })).toHaveAttribute('aria-disabled', 'true');

    await user.click(within(nav).getByRole('button', { name: 'Next page' }));
    await waitForResults('Showing 51–100 of 300 account groups');
    expect(shownIds()).toEqual(expectedPage('page=2').data.map((group) => group.id));

    await user.click(within(nav).getByRole('button', { name: 'Last page' }));
    await waitForResults('Showing 251–300 of 300 account groups');
    expect(currentParams(history).get('page')).toBe('6');
    expect(within(nav).getByRole('button', { name: 'Next page' })).toHaveAttribute('aria-disabled', 'true');

    // A disabled button keeps focus and does nothing.
    await user.click(within(nav).getByRole('button', { name: 'Next page' }));
    expect(currentParams(history).get('page')).toBe('6');

    await user.click(within(nav).getByRole('button', { name: 'Previous page' }));
    await waitForResults('Showing 201–250 of 300 account groups');

    await user.click(within(nav).getByRole('button', { name: 'First page' }));
    await waitForResults('Showing 1–50 of 300 account groups');
    expect(currentUrl(history)).toBe('/account-groups');
  });

  it('changes the page size, keeping the first visible row in view', async () => {
    const { history, user } = await renderApp('/account-groups?page=3');
    await waitForResults('Showing 101–150 of 300 account groups');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Rows per page' }), '25');
    await waitForResults('Showing 101–125 of 300 account groups');
    expect(currentParams(history).get('size')).toBe('25');
    expect(currentParams(history).get('page')).toBe('5');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Rows per page' }), '250');
    await waitForResults('Showing 1–250 of 300 account groups');
    expect(shownIds()).toHaveLength(250);
  });
});

describe('rows', () => {
  it('shows each column: short ID with the full one as its name, number, type, status, owner, times', async () => {
    await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    const [first] = expectedPage('').data;
    if (!first) throw new Error('dataset is empty');

    const link = within(resultsTable()).getByRole('link', { name: first.id });
    expect(link).toHaveTextContent(first.id.slice(0, 8));
    expect(link).toHaveAttribute('href', `/account-groups/${first.id}`);
    const row = link.closest('tr');
    if (!row) throw new Error('link outside a row');
    expect(row).toHaveTextContent(first.securities_account_number);
    expect(row).toHaveTextContent(describeStatus(first.status).label);
    expect(within(row).getByRole('button', { name: 'Copy account group ID' })).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: 'Copy securities account number' })).toBeInTheDocument();
    const times = row.querySelectorAll('time');
    expect([...times].map((time) => time.getAttribute('dateTime'))).toEqual([first.created_at, first.updated_at]);
  });

  it('explains status and exact time in tooltips on keyboard focus', async () => {
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    const [first] = expectedPage('').data;
    if (!first) throw new Error('dataset is empty');
    const row = within(resultsTable()).getByRole('link', { name: first.id }).closest('tr');
    if (!row) throw new Error('link outside a row');

    const status = within(row).getByText(describeStatus(first.status).label).closest('[tabindex]');
    if (!(status instanceof HTMLElement)) throw new Error('status is not focusable');
    await user.click(document.body);
    status.focus();
    expect(await screen.findByRole('tooltip')).toHaveTextContent(describeStatus(first.status).description);

    const created = row.querySelector('time');
    if (!created) throw new Error('no time element');
    created.focus();
    const expectedUtc = `${first.created_at.slice(0, 19).replace('T', ' ')} UTC`;
    await waitFor(() => expect(screen.getByRole('tooltip')).toHaveTextContent(expectedUtc));
  });

  it('copies an ID', async () => {
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    const [first] = expectedPage('').data;
    if (!first) throw new Error('dataset is empty');
    const row = within(resultsTable()).getByRole('link', { name: first.id }).closest('tr');
    if (!row) throw new Error('link outside a row');

    await user.click(within(row).getByRole('button', { name: 'Copy securities account number' }));
    expect(await navigator.clipboard.readText()).toBe(first.securities_account_number);
  });

  it('opens a row by clicking anywhere on it, and by Enter on a focused cell', async () => {
    const { history, user } = await renderApp('/account-groups?type=ISA');
    const expected = expectedPage('type=ISA').data;
    await waitForResults(`of ${expectedPage('type=ISA').totalCount} account groups`);
    const [first, second] = expected;
    if (!first || !second) throw new Error('too few ISA groups');

    const firstRow = within(resultsTable()).getByRole('link', { name: first.id }).closest('tr');
    const typeCell = firstRow?.querySelectorAll('td')[2];
    if (!typeCell) throw new Error('no type cell');
    await user.click(typeCell);
    await waitFor(() => expect(currentUrl(history)).toBe(`/account-groups/${first.id}?type=ISA`));
    await findDrawer();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(currentUrl(history)).toBe('/account-groups?type=ISA'));

    const secondRow = within(resultsTable()).getByRole('link', { name: second.id }).closest('tr');
    const time = secondRow?.querySelector('time');
    if (!time) throw new Error('no time');
    time.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(currentUrl(history)).toBe(`/account-groups/${second.id}?type=ISA`));
  });

  it('links each ID to its detail over the same view: in the app on a plain click, to the browser with a modifier', async () => {
    const { history, user } = await renderApp('/account-groups?type=ISA');
    await waitForResults(`of ${expectedPage('type=ISA').totalCount} account groups`);
    const [first] = expectedPage('type=ISA').data;
    if (!first) throw new Error('no ISA group');
    const link = within(resultsTable()).getByRole('link', { name: first.id });
    expect(link).toHaveAttribute('href', `/account-groups/${first.id}?type=ISA`);

    // Ctrl+click opens a new tab in a browser: the app leaves the event alone and stays where it is.
    let leftToBrowser = false;
    const notePrevented = (event: MouseEvent): void => {
      leftToBrowser = !event.defaultPrevented;
      event.preventDefault(); // jsdom cannot open the tab
    };
    window.addEventListener('click', notePrevented);
    try {
      await user.keyboard('{Control>}');
      await user.click(link);
      await user.keyboard('{/Control}');
    } finally {
      window.removeEventListener('click', notePrevented);
    }
    expect(leftToBrowser).toBe(true);
    expect(currentUrl(history)).toBe('/account-groups?type=ISA');

    await user.click(link);
    await waitFor(() => expect(currentUrl(history)).toBe(`/account-groups/${first.id}?type=ISA`));
    await findDrawer();
  });
});

describe('owners', () => {
  function groupWith(owners: (count: number) => boolean): AccountGroup {
    const group = defaultStore.groups.find((candidate) => owners(candidate.users.filter((user) => user.type === 'OWNER').length));
    if (group === undefined) throw new Error('no such group in the dataset');
    return group;
  }

  async function rowOf(group: AccountGroup): Promise<HTMLTableRowElement> {
    await waitFor(() => expect(shownIds()).toEqual([group.id]));
    const row = resultsTable().querySelector<HTMLTableRowElement>('tbody tr');
    if (row === null) throw new Error('no row');
    return row;
  }

  it('shows the number of owners and the first owner, named by its full ID, with a tooltip and a copy button', async () => {
    const single = groupWith((count) => count === 1);
    const { user, unmount } = await renderApp(`/account-groups?q=${single.id}`);
    let row = await rowOf(single);
    const owner = single.users.find((candidate) => candidate.type === 'OWNER');
    if (owner === undefined) throw new Error('no owner');
    const ownersCell = row.cells[4];
    if (ownersCell === undefined) throw new Error('no owners cell');
    expect(ownersCell).toHaveTextContent('1 owner');

    // The whole ID is the element's text (read by screen readers); CSS shows its first characters.
    const ownerId = within(ownersCell).getByText(owner.id);
    expect(ownerId).toHaveClass('owner-id');
    ownerId.focus();
    expect(await screen.findByRole('tooltip')).toHaveTextContent(owner.id);

    await user.click(within(ownersCell).getByRole('button', { name: 'Copy owner user ID' }));
    expect(await navigator.clipboard.readText()).toBe(owner.id);
    unmount();

    const several = groupWith((count) => count >= 2);
    await renderApp(`/account-groups?q=${several.id}`);
    row = await rowOf(several);
    const count = several.users.filter((candidate) => candidate.type === 'OWNER').length;
    expect(row.cells[4]).toHaveTextContent(`${count} owners`);
  });

  it('shows the first user, with its type in the tooltip, and the number of users when a group has no owner', async () => {
    const child = groupWith((count) => count === 0);
    const [first] = child.users;
    if (first === undefined) throw new Error('group without users');
    await renderApp(`/account-groups?q=${child.id}`);
    const row = await rowOf(child);
    const users = child.users.length;
    expect(row.cells[4]).toHaveTextContent(`${users} user${users === 1 ? '' : 's'}`);
    const type = describeUserType(first.type).label;
    const userId = within(row).getByText(`${first.id}, ${type.toLowerCase()}`).closest<HTMLElement>('.owner-id');
    userId?.focus();
    expect(await screen.findByRole('tooltip')).toHaveTextContent(`${first.id}${type}, no owner`);
    expect(within(row).getByRole('button', { name: 'Copy user ID' })).toBeInTheDocument();
  });
});

describe('view options', () => {
  it('hides a column and remembers it in localStorage', async () => {
    const { user, unmount } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    expect(screen.getByRole('columnheader', { name: 'Securities account' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'View options' }));
    await user.click(await screen.findByRole('menuitemcheckbox', { name: 'Securities account number' }));
    await waitFor(() => expect(screen.queryByRole('columnheader', { name: 'Securities account' })).toBeNull());
    expect(JSON.parse(window.localStorage.getItem(TABLE_PREFERENCES_KEY) ?? '{}')).toMatchObject({
      columnVisibility: { securities_account_number: false },
    });
    // The ID column cannot be hidden.
    expect(screen.queryByRole('menuitemcheckbox', { name: 'ID' })).toBeNull();

    unmount();
    await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    expect(screen.queryByRole('columnheader', { name: 'Securities account' })).toBeNull();
    expect(screen.getByRole('columnheader', { name: 'Status' })).toBeInTheDocument();
  });

  it('switches density and remembers it', async () => {
    const { user, unmount } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    expect(resultsTable()).not.toHaveClass('data-table--compact');

    await user.click(screen.getByRole('button', { name: 'View options' }));
    await user.click(await screen.findByRole('menuitemradio', { name: 'Compact' }));
    await waitFor(() => expect(resultsTable()).toHaveClass('data-table--compact'));

    unmount();
    await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    expect(resultsTable()).toHaveClass('data-table--compact');
  });

  it('ignores a stored preference it cannot read', async () => {
    window.localStorage.setItem(TABLE_PREFERENCES_KEY, '{"density":"cosy"');
    await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    expect(screen.getByRole('columnheader', { name: 'Securities account' })).toBeInTheDocument();
  });
});
