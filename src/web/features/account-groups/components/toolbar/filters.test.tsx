import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { describeStatus } from '../../../../../domain/account-group';
import { defaultStore } from '../../../../testing/handlers';
import { expectedPage, resultsTable, shownIds, waitForResults } from '../../../../testing/list-helpers';
import { recordRequests } from '../../../../testing/msw-server';
import { currentParams, currentUrl, renderApp } from '../../../../testing/render-app';

const noFilters = { status: [], type: [], q: null };
const statusCounts = defaultStore.facets(noFilters).status;
const count = (status: string): number => statusCounts[status] ?? 0;

describe('status and type filters', () => {
  it('shows facet counts in the menu, filters by the checked values and shows them as chips', async () => {
    const { history, user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');

    await user.click(screen.getByRole('button', { name: /^Status/ }));
    const locked = await screen.findByRole('menuitemcheckbox', { name: `Locked ${count('LOCKED')}` });
    expect(screen.getByRole('menuitemcheckbox', { name: `Active ${count('ACTIVE')}` })).toBeInTheDocument();
    await user.click(locked);
    await waitFor(() => expect(currentParams(history).get('status')).toBe('LOCKED'));
    // The menu stays open for more choices.
    await user.click(screen.getByRole('menuitemcheckbox', { name: `Closing ${count('CLOSING')}` }));
    await waitFor(() => expect(currentParams(history).get('status')).toBe('CLOSING,LOCKED'));
    await user.keyboard('{Escape}');

    const expected = expectedPage('status=CLOSING,LOCKED');
    await waitForResults(`Showing 1–${expected.totalCount} of ${expected.totalCount} account groups`);
    expect(shownIds()).toEqual(expected.data.map((group) => group.id));
    const rows = within(resultsTable()).getAllByRole('row').slice(1);
    for (const row of rows) expect(row.textContent).toMatch(/Locked|Closing/);

    const chips = screen.getByRole('list', { name: 'Active filters' });
    expect(within(chips).getByText('Status: Locked')).toBeInTheDocument();
    await user.click(within(chips).getByRole('button', { name: 'Remove filter Status: Locked' }));
    await waitFor(() => expect(currentParams(history).get('status')).toBe('CLOSING'));
    await waitForResults(`of ${count('CLOSING')} account groups`);
  });

  it('counts types under the status filter and status under the type filter', async () => {
    const recorded = recordRequests();
    const { user } = await renderApp('/account-groups?status=ACTIVE');
    await waitForResults(/account groups$/);

    await user.click(screen.getByRole('button', { name: /^Type/ }));
    const typeCounts = defaultStore.facets({ status: ['ACTIVE'], type: [], q: null }).type;
    expect(
      await screen.findByRole('menuitemcheckbox', { name: `Personal ${typeCounts.PERSONAL ?? 0}` }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('menuitemcheckbox', { name: /^ISA/ }));
    await user.keyboard('{Escape}');

    await waitForResults(`of ${expectedPage('status=ACTIVE&type=ISA').totalCount} account groups`);
    const facetCalls = recorded.filter((r) => r.url.pathname === '/api/account-groups/facets').map((r) => r.url.search);
    expect(facetCalls).toContain('?status=ACTIVE&type=ISA');
  });

  it('clears every filter at once', async () => {
    const { history, user } = await renderApp('/account-groups?status=LOCKED&type=PERSONAL&q=zzz');
    await waitForResults(/account groups/);
    const chips = screen.getByRole('list', { name: 'Active filters' });
    expect(within(chips).getByText('Search: zzz')).toBeInTheDocument();

    await user.click(within(chips).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(currentUrl(history)).toBe('/account-groups'));
    await waitForResults('Showing 1–50 of 300 account groups');
    expect(screen.queryByRole('list', { name: 'Active filters' })).toBeNull();
  });
});

describe('quick views', () => {
  it('shows counts and applies a status preset, marking it pressed', async () => {
    const { history, user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    const views = screen.getByRole('group', { name: 'Quick views' });

    await waitFor(() => expect(within(views).getByRole('button', { name: 'All 300' })).toHaveAttribute('aria-pressed', 'true'));
    const attention = within(views).getByRole('button', { name: `Needs attention ${count('LOCKED') + count('CLOSING')}` });
    expect(within(views).getByRole('button', { name: `Pending approval ${count('PENDING_APPROVAL')}` })).toBeInTheDocument();
    expect(within(views).getByRole('button', { name: `Closed ${count('CLOSED')}` })).toBeInTheDocument();

    await user.click(attention);
    await waitFor(() => expect(currentParams(history).get('status')).toBe('CLOSING,LOCKED'));
    await waitFor(() => expect(within(views).getByRole('button', { name: /^Needs attention/ })).toHaveAttribute('aria-pressed', 'true'));
    expect(within(views).getByRole('button', { name: /^All/ })).toHaveAttribute('aria-pressed', 'false');

    await user.click(within(views).getByRole('button', { name: /^All/ }));
    await waitFor(() => expect(currentParams(history).has('status')).toBe(false));
  });

  it('keeps the type filter and search when switching presets', async () => {
    const { history, user } = await renderApp('/account-groups?type=PERSONAL');
    await waitForResults(/account groups$/);
    await user.click(within(screen.getByRole('group', { name: 'Quick views' })).getByRole('button', { name: /^Closed/ }));
    await waitFor(() => expect(currentUrl(history)).toBe('/account-groups?status=CLOSED&type=PERSONAL'));
  });
});

describe('status distribution', () => {
  it('has a legend button per status, with icon, name and count, that applies that status; the bar is only a picture', async () => {
    const { history, user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    const legend = await screen.findByRole('group', { name: 'Status distribution' });

    const entries = within(legend).getAllByRole('button');
    const shown = ['PENDING_APPROVAL', 'ACTIVE', 'CLOSING', 'CLOSED', 'LOCKED'].filter((status) => count(status) > 0);
    expect(entries).toHaveLength(shown.length);
    entries.forEach((entry, index) => {
      const status = shown[index] ?? '';
      expect(entry).toHaveAccessibleName(`${describeStatus(status).label} ${count(status)}`);
    });
    for (const entry of entries) {
      // Shape, not colour alone: each entry carries its status icon.
      expect(entry.querySelector('svg.status-icon')).not.toBeNull();
      expect(entry).toHaveClass('status-legend__item');
    }
    // The bar has no controls of its own and is hidden from assistive technology.
    const bar = document.querySelector('.status-bar');
    expect(bar).toHaveAttribute('aria-hidden', 'true');
    expect(bar?.querySelector('button, a, [tabindex]')).toBeNull();

    // Keyboard reachable.
    const locked = within(legend).getByRole('button', { name: `Locked ${count('LOCKED')}` });
    locked.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(currentParams(history).get('status')).toBe('LOCKED'));
    await waitForResults(`of ${count('LOCKED')} account groups`);
    await waitFor(() => expect(within(screen.getByRole('group', { name: 'Status distribution' })).getByRole('button', { name: /^Locked/ })).toHaveAttribute('aria-pressed', 'true'));

    // Pressed again: every status again.
    await user.click(within(screen.getByRole('group', { name: 'Status distribution' })).getByRole('button', { name: /^Locked/ }));
    await waitFor(() => expect(currentParams(history).has('status')).toBe(false));
  });
});
