import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { describeStatus } from '../../../../../domain/account-group';
import { expectedPage, findDrawer, resultsTable, shownIds, waitForResults } from '../../../../testing/list-helpers';
import { currentUrl, renderApp } from '../../../../testing/render-app';

function rows(): HTMLTableRowElement[] {
  return [...resultsTable().querySelectorAll<HTMLTableRowElement>('tbody tr')];
}

function rowAt(index: number): HTMLTableRowElement {
  const row = rows()[index];
  if (row === undefined) throw new Error(`no row ${index}`);
  return row;
}

function idLink(row: HTMLTableRowElement): HTMLElement {
  const link = row.querySelector<HTMLElement>('a[data-row-link]');
  if (link === null) throw new Error('row without ID link');
  return link;
}

function times(row: HTMLTableRowElement): HTMLElement[] {
  return [...row.querySelectorAll('time')];
}

describe('keyboard in the rows (grid)', () => {
  it('makes the rows a single tab stop between the sort buttons and the pagination', async () => {
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    const body = resultsTable().querySelector('tbody');
    if (body === null) throw new Error('no table body');

    const tabbable = [...body.querySelectorAll('a, button, [tabindex]')].filter((element) => element.getAttribute('tabindex') !== '-1');
    expect(tabbable).toEqual([idLink(rowAt(0))]);

    within(resultsTable()).getByRole('button', { name: 'Updated' }).focus();
    await user.tab();
    expect(idLink(rowAt(0))).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('combobox', { name: 'Rows per page' })).toHaveFocus();
    await user.tab({ shift: true });
    expect(idLink(rowAt(0))).toHaveFocus();
  });

  it('moves between cell elements and rows with arrows, Home/End, Ctrl+Home/End and PageUp/PageDown', async () => {
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    const [first] = expectedPage('').data;
    if (first === undefined) throw new Error('dataset is empty');
    const row = rowAt(0);

    idLink(row).focus();
    await user.keyboard('{ArrowUp}{ArrowLeft}');
    expect(idLink(row)).toHaveFocus();

    await user.keyboard('{ArrowRight}');
    expect(within(row).getByRole('button', { name: 'Copy account group ID' })).toHaveFocus();
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toHaveTextContent(first.securities_account_number);
    await user.keyboard('{ArrowRight}');
    expect(within(row).getByRole('button', { name: 'Copy securities account number' })).toHaveFocus();
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(row.cells[2]);
    await user.keyboard('{ArrowRight}');
    // The status gets focus, so its meaning shows as on hover.
    expect(document.activeElement).toHaveTextContent(describeStatus(first.status).label);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(describeStatus(first.status).description);

    await user.keyboard('{End}');
    expect(document.activeElement).toBe(times(row)[1]);
    await waitFor(() => expect(screen.getByRole('tooltip')).toHaveTextContent(`${first.updated_at.slice(0, 19).replace('T', ' ')} UTC`));
    await user.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(times(row)[0]);

    // Down keeps the column: the created time of the next rows.
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(times(rowAt(1))[0]);
    await user.keyboard('{PageDown}');
    expect(document.activeElement).toBe(times(rowAt(11))[0]);
    await user.keyboard('{PageUp}');
    expect(document.activeElement).toBe(times(rowAt(1))[0]);

    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(idLink(rowAt(1)));
    await user.keyboard('{Control>}{End}{/Control}');
    expect(document.activeElement).toBe(times(rowAt(49))[1]);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(times(rowAt(49))[1]);
    await user.keyboard('{Control>}{Home}{/Control}');
    expect(document.activeElement).toBe(idLink(rowAt(0)));
  });

  it('keeps the copy button column when moving down, and the last focused cell as the tab stop', async () => {
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    within(rowAt(0)).getByRole('button', { name: 'Copy securities account number' }).focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    const copy = within(rowAt(2)).getByRole('button', { name: 'Copy securities account number' });
    expect(copy).toHaveFocus();

    await user.tab();
    expect(screen.getByRole('combobox', { name: 'Rows per page' })).toHaveFocus();
    await user.tab({ shift: true });
    expect(copy).toHaveFocus();
  });

  it('opens the group with Enter on its ID link, and on a cell that is not a link or button', async () => {
    const { history, user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    const [first, second] = shownIds();
    if (first === undefined || second === undefined) throw new Error('too few rows');

    idLink(rowAt(0)).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(currentUrl(history)).toBe(`/account-groups/${first}`));
    await findDrawer();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(currentUrl(history)).toBe('/account-groups'));
    // Focus is back on the row it came from, which is the rows' tab stop again.
    await waitFor(() => expect(idLink(rowAt(0))).toHaveFocus());
    expect(idLink(rowAt(0))).toHaveAttribute('tabindex', '0');

    await user.keyboard('{ArrowDown}{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}');
    expect(document.activeElement).toBe(rowAt(1).cells[2]);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(currentUrl(history)).toBe(`/account-groups/${second}`));
  });

  it('leaves what stands in for the rows to the usual tab order', async () => {
    const { user } = await renderApp('/account-groups?q=no-such-thing');
    await waitForResults('No account groups match these filters');
    within(resultsTable()).getByRole('button', { name: 'Updated' }).focus();
    await user.tab();
    expect(within(resultsTable()).getByRole('button', { name: 'Clear filters' })).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(within(resultsTable()).getByRole('button', { name: 'Clear filters' })).toHaveFocus();
  });

  it('enters the rows from the table itself with a grid key', async () => {
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    resultsTable().focus();
    await user.keyboard('{ArrowDown}');
    expect(idLink(rowAt(0))).toHaveFocus();
  });
});
