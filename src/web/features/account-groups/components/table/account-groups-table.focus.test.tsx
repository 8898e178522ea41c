import { act, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { AccountGroup } from '../../../../../domain/account-group';
import { createAccountGroupStore, type AccountGroupStore } from '../../../../testing/data/account-group-store';
import { defaultStore, listPage } from '../../../../testing/handlers';
import { resultsTable, shownIds, waitForResults } from '../../../../testing/list-helpers';
import { server } from '../../../../testing/msw-server';
import { renderApp } from '../../../../testing/render-app';
import { accountGroupKeys } from '../../api/query-keys';

/** The list answered from a store the test can swap, as the tenant changes between two refetches. */
function serveListFrom(initial: AccountGroupStore): { use: (store: AccountGroupStore) => void } {
  let store = initial;
  server.use(
    http.get('/api/account-groups', ({ request }) => {
      const body = listPage(store, new URL(request.url));
      if (body === null) throw new Error('bad list query in test');
      return HttpResponse.json(body);
    }),
  );
  return {
    use: (next) => {
      store = next;
    },
  };
}

function newestGroup(template: AccountGroup): AccountGroup {
  return {
    ...template,
    id: '00000000-0000-4000-8000-000000000001',
    securities_account_number: '100000001',
    created_at: '2026-11-21T00:00:00.000Z',
    updated_at: '2026-11-21T00:00:00.000Z',
  };
}

describe('focus in the rows', () => {
  it('stays on a row link when a background refetch brings other rows', async () => {
    const list = serveListFrom(defaultStore);
    const { queryClient } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    const before = shownIds();
    const kept = before[3];
    const template = defaultStore.groups[0];
    if (kept === undefined || template === undefined) throw new Error('dataset too small');

    const link = within(resultsTable()).getByRole('link', { name: kept });
    link.focus();
    expect(link).toHaveFocus();

    // A new group on top pushes the last one off the page: the row set changes, the focused row stays.
    list.use(createAccountGroupStore([newestGroup(template), ...defaultStore.groups]));
    await act(() => queryClient.refetchQueries({ queryKey: accountGroupKeys.lists() }));
    await waitFor(() => expect(shownIds()[0]).toBe('00000000-0000-4000-8000-000000000001'));
    expect(shownIds()).not.toContain(before.at(-1));

    expect(document.activeElement).toBe(link);
    expect(link.isConnected).toBe(true);
  });

  it('moves focus to the row now in its place when a refetch drops the focused row', async () => {
    const list = serveListFrom(defaultStore);
    const { queryClient } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    const [, , dropped, next] = shownIds();
    if (dropped === undefined || next === undefined) throw new Error('dataset too small');
    within(resultsTable()).getByRole('link', { name: dropped }).focus();

    list.use(createAccountGroupStore(defaultStore.groups.filter((group) => group.id !== dropped)));
    await act(() => queryClient.refetchQueries({ queryKey: accountGroupKeys.lists() }));
    await waitFor(() => expect(shownIds()).not.toContain(dropped));

    expect(document.activeElement).toBe(within(resultsTable()).getByRole('link', { name: next }));
  });
});
