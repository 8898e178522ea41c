import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { describeStatus, describeType, describeUserType } from '../../../../../domain/account-group';
import { PROBLEM_TYPES } from '../../../../../domain/problem';
import { defaultStore, groupDetailHandler, problemResponse } from '../../../../testing/handlers';
import { expectedPage, findDrawer, gate, openDrawer, resultsTable, waitForResults } from '../../../../testing/list-helpers';
import { recordLiveRegionTexts } from '../../../../testing/live-regions';
import { recordRequests, server } from '../../../../testing/msw-server';
import { currentParams, currentUrl, renderApp } from '../../../../testing/render-app';
import { RATE_LIMIT_ENDED, RATE_LIMIT_STARTED } from '../notices/rate-limit-notice';
import { TABLE_ID } from '../table/account-groups-table';
import { SEARCH_LABEL } from '../toolbar/search-box';

const [firstOnPage] = expectedPage('').data;
if (!firstOnPage) throw new Error('dataset is empty');
const childGroup = defaultStore.groups.find((group) => group.type === 'CHILD');
if (!childGroup) throw new Error('no child group in the dataset');

const drawer = () => findDrawer();

describe('detail drawer', () => {
  it('opens from a row link, keeps the list params, shows every field and returns focus on Esc', async () => {
    const { history, user } = await renderApp('/account-groups?sort=updated_at');
    await waitForResults('Showing 1–50 of 300 account groups');
    const [first] = expectedPage('sort=updated_at').data;
    if (!first) throw new Error('dataset is empty');

    const link = within(resultsTable()).getByRole('link', { name: first.id });
    await user.click(link);
    await waitFor(() => expect(currentUrl(history)).toBe(`/account-groups/${first.id}?sort=updated_at`));
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
    expect(currentUrl(history)).toBe('/account-groups?sort=updated_at');
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

  it('wraps Shift+Tab from the drawer to its last control, and keeps it inside', async () => {
    const { user } = await renderApp(`/account-groups/${firstOnPage.id}`);
    const dialog = await drawer();
    await within(dialog).findByText('Fetched live from Upvest', { exact: false });
    expect(dialog).toHaveFocus();
    const controls = [...dialog.querySelectorAll<HTMLElement>('a[href], button:not([disabled])')];
    const last = controls.at(-1);

    await user.tab({ shift: true });
    expect(document.activeElement).toBe(last);
    for (let i = 0; i < controls.length + 2; i += 1) {
      await user.tab({ shift: true });
      expect(dialog.contains(document.activeElement)).toBe(true);
      expect(document.activeElement).not.toBe(dialog);
    }
  });

  it('works as a direct link; closing moves focus to the table', async () => {
    const { history, user } = await renderApp(`/account-groups/${firstOnPage.id}?status=${firstOnPage.status}`);
    const dialog = await drawer();
    await within(dialog).findByText(firstOnPage.securities_account_number);

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(openDrawer()).toBeNull());
    expect(currentUrl(history)).toBe(`/account-groups?status=${firstOnPage.status}`);
    await waitFor(() => expect(document.getElementById(TABLE_ID)).toHaveFocus());
  });

  it('shows users with their types and links to the other groups of each user', async () => {
    const { history, user } = await renderApp(`/account-groups/${childGroup.id}`);
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
    const link = within(dialog).getByRole('link', { name: `All groups of this user (${guardian.id})` });
    // It filters this list: no external-link icon, and it says the results include this group.
    expect(link.querySelector('svg.lucide-external-link')).toBeNull();
    expect(link.parentElement).toHaveTextContent('(this one included)');
    await user.click(link);
    await waitFor(() => expect(currentParams(history).get('q')).toBe(guardian.id));
    expect(history.location.pathname).toBe('/account-groups');
    await waitFor(() => expect(openDrawer()).toBeNull());
    await waitForResults(`of ${expectedPage(`q=${guardian.id}`).totalCount} account groups`);
  });

  it('shows fields this console does not know, and copies the group as JSON', async () => {
    const extended = { ...firstOnPage, risk_class: 'HIGH', flags: { frozen: true } };
    server.use(groupDetailHandler(() => HttpResponse.json(extended)));
    const { user } = await renderApp(`/account-groups/${firstOnPage.id}`);
    const dialog = await drawer();

    await within(dialog).findByText('Other fields');
    expect(within(dialog).getByText('risk_class')).toBeInTheDocument();
    expect(within(dialog).getByText('HIGH')).toBeInTheDocument();
    expect(within(dialog).getByText(/"frozen": true/)).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Copy as JSON' }));
    expect(JSON.parse(await navigator.clipboard.readText())).toEqual(extended);
  });

  it('offers "Copy as JSON" only for the live answer, not for the row the list showed', async () => {
    const answer = gate();
    server.use(
      groupDetailHandler(async (id) => {
        await answer.wait;
        return HttpResponse.json(defaultStore.get(id));
      }),
    );
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    await user.click(within(resultsTable()).getByRole('link', { name: firstOnPage.id }));
    const dialog = await drawer();
    // The list's copy fills the drawer at once, said to be that.
    expect(within(dialog).getByText(firstOnPage.securities_account_number)).toBeInTheDocument();
    expect(within(dialog).getByText(/^Showing the row from the list; loading the live state/)).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: 'Copy as JSON' })).toBeNull();

    answer.release();
    expect(await within(dialog).findByRole('button', { name: 'Copy as JSON' })).toBeInTheDocument();
    expect(within(dialog).getByText('Fetched live from Upvest', { exact: false })).toBeInTheDocument();
  });

  it('says when Upvest rate-limits the drawer’s call, counts down, and announces only the start and the end', async () => {
    let calls = 0;
    server.use(
      groupDetailHandler((id) => {
        calls += 1;
        if (calls === 1) {
          return problemResponse({
            type: PROBLEM_TYPES.upstreamRateLimited,
            title: 'Upvest is rate limiting the console',
            status: 429,
            retry_after_seconds: 3,
          });
        }
        return HttpResponse.json(defaultStore.get(id));
      }),
    );
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    const spoken = recordLiveRegionTexts();
    await user.click(within(resultsTable()).getByRole('link', { name: firstOnPage.id }));
    const dialog = await drawer();

    const countdown = /^Upvest is rate limiting the console, retrying in (\d) s$/;
    const first = (await within(dialog).findByText(countdown)).textContent;
    expect(within(dialog).getByText('Showing the row from the list until Upvest answers.')).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: 'Copy as JSON' })).toBeNull();
    // Announced inside the dialog (outside it is hidden from screen readers), without the countdown.
    const region = within(dialog).getByText(RATE_LIMIT_STARTED);
    expect(region).toHaveAttribute('role', 'status');
    await waitFor(() => expect(within(dialog).getByText(countdown).textContent).not.toBe(first));
    expect(region).toHaveTextContent(RATE_LIMIT_STARTED);

    await within(dialog).findByText('Fetched live from Upvest', { exact: false });
    expect(region).toHaveTextContent(RATE_LIMIT_ENDED);
    expect([...spoken].filter((text) => /retrying/.test(text))).toEqual([]);
    expect(within(dialog).queryByText(/Upvest is rate limiting the console,/)).toBeNull();
    expect(calls).toBe(2);
  });

  it('shows fields this console does not know inside each user too', async () => {
    const [firstUser, ...otherUsers] = firstOnPage.users;
    if (!firstUser) throw new Error('group without users');
    const extended = { ...firstOnPage, users: [{ ...firstUser, kyc_level: 'FULL', since: { year: 2021 } }, ...otherUsers] };
    server.use(groupDetailHandler(() => HttpResponse.json(extended)));
    await renderApp(`/account-groups/${firstOnPage.id}`);
    const dialog = await drawer();

    const item = (await within(dialog).findByText(firstUser.id)).closest('li');
    if (!item) throw new Error('user not in a list item');
    await within(item).findByText('kyc_level');
    expect(within(item).getByText('FULL')).toBeInTheDocument();
    expect(within(item).getByText(/"year": 2021/)).toBeInTheDocument();
    // Not a top-level extra.
    expect(within(dialog).queryByRole('heading', { name: 'Other fields' })).toBeNull();
  });

  it('says an ID that is not a UUID names no group, without asking the server or offering Retry', async () => {
    const recorded = recordRequests();
    const { user } = await renderApp('/account-groups/not-a-uuid');
    const dialog = await drawer();
    expect(await within(dialog).findByRole('heading', { name: 'This is not an account group ID' })).toBeInTheDocument();
    expect(within(dialog).getByText('not-a-uuid')).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(within(dialog).queryByText('Invalid parameter')).toBeNull();
    expect(recorded.some((r) => r.url.pathname.startsWith('/api/account-groups/not-a-uuid'))).toBe(false);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(openDrawer()).toBeNull());
  });

  it('gives focus back to the search box when it was opened from there', async () => {
    const { user, history } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    const search = screen.getByRole('searchbox', { name: SEARCH_LABEL });
    await user.type(search, `${firstOnPage.id}{Enter}`);
    await waitFor(() => expect(currentUrl(history)).toBe(`/account-groups/${firstOnPage.id}`));
    await drawer();

    await user.keyboard('{Escape}');
    await waitFor(() => expect(openDrawer()).toBeNull());
    expect(currentUrl(history)).toBe('/account-groups');
    await waitFor(() => expect(screen.getByRole('searchbox', { name: SEARCH_LABEL })).toHaveFocus());
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
      groupDetailHandler((id) => {
        calls += 1;
        if (calls === 1) {
          return problemResponse({
            type: PROBLEM_TYPES.upstreamError,
            title: 'Upvest answered with an error',
            status: 502,
            upstream_request_id: 'upv-detail-1',
          });
        }
        return HttpResponse.json(defaultStore.get(id));
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
