import { screen, waitFor, within } from '@testing-library/react';
import { expect } from 'vitest';
import type { AccountGroup } from '../../domain/account-group';
import { TABLE_ID } from '../features/account-groups/components/table/account-groups-table';
import { parseListView, toAccountGroupQuery } from '../features/account-groups/lib/list-view';
import type { AccountGroupStore } from './data/account-group-store';
import { defaultStore } from './handlers';

/** What the console server answers for a list URL's query, computed from the dataset. */
export function expectedPage(search = '', store: AccountGroupStore = defaultStore): { data: AccountGroup[]; totalCount: number } {
  return store.page(toAccountGroupQuery(parseListView(new URLSearchParams(search))));
}

/**
 * The results table, found by its id and checked by accessible name: whether it is exposed as a table
 * or a grid is the table's business, and a role query over a full table is slow in jsdom.
 */
export function resultsTable(): HTMLElement {
  const table = document.getElementById(TABLE_ID);
  if (table === null) throw new Error('The results table is not on screen.');
  expect(table).toHaveAccessibleName('Account groups');
  return table;
}

/** Group IDs of the rows on screen, top to bottom. */
export function shownIds(): string[] {
  return within(resultsTable())
    .queryAllByRole('link')
    .map((link) => link.getAttribute('data-row-link'))
    .filter((id): id is string => id !== null);
}

/**
 * The open detail drawer: found by its role attribute, then checked by accessible name. A role query
 * computes accessibility for every element on screen, which over a full table takes seconds in jsdom.
 */
export async function findDrawer(name: RegExp = /^Account group/): Promise<HTMLElement> {
  const dialog = await waitFor(() => {
    const element = document.querySelector<HTMLElement>('[role="dialog"]');
    if (element === null) throw new Error('No dialog is open.');
    return element;
  });
  expect(dialog).toHaveAccessibleName(name);
  return dialog;
}

/** The open drawer, or null when none is open. */
export function openDrawer(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[role="dialog"]');
}

/**
 * Waits for the polite live region to announce a result ("Showing 1–50 of 300 account groups"), and for
 * the rows it announces to be on screen: a view's first rows render a screenful before the rest.
 */
export async function waitForResults(text: string | RegExp): Promise<void> {
  const announced = await waitFor(() => {
    const announcement = screen.getByTestId('results-announcement');
    expect(announcement).toHaveTextContent(text);
    return announcement.textContent;
  });
  const range = /Showing ([\d,]+)–([\d,]+) of/.exec(announced);
  if (range === null) return;
  const [first, last] = [range[1], range[2]].map((number) => Number(number?.replaceAll(',', '')));
  if (first === undefined || last === undefined) return;
  await waitFor(() => expect(shownIds()).toHaveLength(last - first + 1));
}

/** A promise to hold a handler's answer until the test releases it. */
export function gate(): { wait: Promise<void>; release: () => void } {
  let release = (): void => undefined;
  const wait = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { wait, release };
}
