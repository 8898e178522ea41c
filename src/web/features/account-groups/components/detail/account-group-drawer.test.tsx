import { waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { describeStatus, describeType, describeUserType } from '../../../../../domain/account-group';
import { PROBLEM_TYPES } from '../../../../../domain/problem';
import { defaultStore, problemResponse } from '../../../../testing/handlers';
import { expectedPage, findDrawer, openDrawer, resultsTable, waitForResults } from '../../../../testing/list-helpers';
import { server } from '../../../../testing/msw-server';
import { currentParams, currentUrl, renderApp } from '../../../../testing/render-app';
import { TABLE_ID } from '../table/account-groups-table';

const [firstOnPage] = expectedPage('').data;
if (!firstOnPage) throw new Error('dataset is empty');
const childGroup = defaultStore.groups.find((group) => group.type === 'CHILD');
if (!childGroup) throw new Error('no child group in the dataset');

const drawer = () => findDrawer();

describe('detail drawer', () => {
  it('opens from a row link, keeps the list params, shows every field and returns focus on Esc', async () => {
    const { router, user } = await renderApp('/account-groups?sort=updated_at');
    await waitForResults('Showing 1–50 of 300 account groups');
    const [first] = expectedPage('sort=updated_at').data;
    if (!first) throw new Error('dataset is empty');

    const link = within(resultsTable()).getByRole('link', { name: first.id });
    await user.click(link);
    await waitFor(() => expect(currentUrl(router)).toBe(`/account-groups/${first.id}?sort=updated_at`));
    const dialog = await drawer();
    expect(dialog).toHaveFocus();

    await within(dialog).findByText('Fetched live from Upvest', { exact: false });
    expect(within(dialog).getByText(first.id)).toBeInTheDocument();
    expect(within(dialog).getByText(first.securities_account_number)).toBeInTheDocument();
    expect(within(dialog).getByText(describeStatus(first.status).description)).toBeInTheDocument();
    expect(within(dialog).getByText(describeType(first.type).description)).toBeInTheDocument();
    expect(within(dialog).getByText(`${first.created_at.slice(0, 19).replace('T', ' ')} UTC`)).toBeInTheDocument();
    expect(within(dialog).getByText(`${first.updated_at.slice(0, 19).replace('T', ' ')} UTC`)).toBeInTheDocument();
    for (const member of first.users) {
      expect(within(dialog).getByText(member.id)).toBeInTheDocument();
    }

    await user.keyboard('{Escape}');
    await waitFor(() => expect(openDrawer()).toBeNull());
    expect(currentUrl(router)).toBe('/account-groups?sort=updated_at');
    await waitFor(() => expect(within(resultsTable()).getByRole('link', { name: first.id })).toHaveFocus());
  });

  it('traps focus inside while open', async () => {
    const { user } = await renderApp(`/account-groups/${firstOnPage.id}`);
    const dialog = await drawer();
    await within(dialog).findByText(firstOnPage.securities_account_number);
    for (let i = 0; i < 12; i += 1) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
  });

  it('works as a direct link; closing moves focus to the table', async () => {
    const { router, user } = await renderApp(`/account-groups/${firstOnPage.id}?status=${firstOnPage.status}`);
    const dialog = await drawer();
    await within(dialog).findByText(firstOnPage.securities_account_number);

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(openDrawer()).toBeNull());
    expect(currentUrl(router)).toBe(`/account-groups?status=${firstOnPage.status}`);
    await waitFor(() => expect(document.getElementById(TABLE_ID)).toHaveFocus());
  });

  it('shows users with their types and links to the other groups of each user', async () => {
    const { router, user } = await renderApp(`/account-groups/${childGroup.id}`);
    const dialog = await drawer();
    await within(dialog).findByText(childGroup.securities_account_number);

    for (const member of childGroup.users) {
      const item = within(dialog).getByText(member.id).closest('li');
      if (!item) throw new Error('user not in a list item');
      expect(item).toHaveTextContent(describeUserType(member.type).label);
      expect(item).toHaveTextContent(describeUserType(member.type).description);
    }
    const guardian = childGroup.users.find((member) => member.type === 'GUARDIAN');
    if (!guardian) throw new Error('child group without guardian');
    await user.click(within(dialog).getByRole('link', { name: `Groups of this user (${guardian.id})` }));
    await waitFor(() => expect(currentParams(router).get('q')).toBe(guardian.id));
    expect(router.state.location.pathname).toBe('/account-groups');
    await waitFor(() => expect(openDrawer()).toBeNull());
    await waitForResults(`of ${expectedPage(`q=${guardian.id}`).totalCount} account groups`);
  });

  it('shows fields this console does not know, and copies the group as JSON', async () => {
    const extended = { ...firstOnPage, risk_class: 'HIGH', flags: { frozen: true } };
    server.use(http.get('/api/account-groups/:id', () => HttpResponse.json(extended)));
    const { user } = await renderApp(`/account-groups/${firstOnPage.id}`);
    const dialog = await drawer();

    await within(dialog).findByText('Other fields');
    expect(within(dialog).getByText('risk_class')).toBeInTheDocument();
    expect(within(dialog).getByText('HIGH')).toBeInTheDocument();
    expect(within(dialog).getByText(/"frozen": true/)).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Copy as JSON' }));
    expect(JSON.parse(await navigator.clipboard.readText())).toEqual(extended);
  });

  it('says when the group does not exist', async () => {
    const { user } = await renderApp('/account-groups/00000000-0000-4000-8000-000000000000');
    const dialog = await drawer();
    expect(await within(dialog).findByText('This account group does not exist')).toBeInTheDocument();
    expect(within(dialog).getByText('00000000-0000-4000-8000-000000000000')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(openDrawer()).toBeNull());
  });

  it('shows other failures with request IDs and a working retry', async () => {
    let calls = 0;
    server.use(
      http.get('/api/account-groups/:id', ({ params }) => {
        calls += 1;
        if (calls === 1) {
          return problemResponse({
            type: PROBLEM_TYPES.upstreamError,
            title: 'Upvest answered with an error',
            status: 502,
            upstream_request_id: 'upv-detail-1',
          });
        }
        return HttpResponse.json(defaultStore.get(String(params.id)));
      }),
    );
    const { user } = await renderApp(`/account-groups/${firstOnPage.id}`);
    const dialog = await drawer();
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Upvest answered with an error');
    expect(alert).toHaveTextContent('upv-detail-1');
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await within(dialog).findByText(firstOnPage.securities_account_number)).toBeInTheDocument();
  });
});
