import { expect, keepScreenshot, resultsTable, shownIds, test, waitForRows } from './fixtures';

// Issue 4: the operations console end to end, against the real server and the embedded sandbox.
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('filters LOCKED and CLOSING, sorts, pages, searches, opens a group, copies its ID and goes back', async ({
  page,
  sandbox,
}, testInfo) => {
  const groups = await sandbox.groups();
  const attention = groups.filter((group) => group.status === 'LOCKED' || group.status === 'CLOSING');

  await page.goto('/account-groups');
  await waitForRows(page);

  // Status filter through its menu, counts from the facets.
  await page.getByRole('button', { name: /^Status/ }).click();
  await page.getByRole('menuitemcheckbox', { name: /^Locked/ }).click();
  await page.getByRole('menuitemcheckbox', { name: /^Closing/ }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/status=CLOSING%2CLOCKED|status=CLOSING,LOCKED/);
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('Locked');
  await expect(page.getByTestId('results-announcement')).toHaveText(
    new RegExp(`of ${attention.length.toLocaleString('en-US')} account groups`),
  );
  const statuses = await resultsTable(page).locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.textContent));
  expect(statuses.every((text) => /Locked|Closing/.test(text))).toBe(true);

  // Sort oldest update first, then page.
  await resultsTable(page).getByRole('button', { name: /Updated/ }).click();
  const updated = resultsTable(page).getByRole('columnheader', { name: /Updated/ });
  if ((await updated.getAttribute('aria-sort')) !== 'ascending') {
    await resultsTable(page).getByRole('button', { name: /Updated/ }).click();
  }
  await expect(updated).toHaveAttribute('aria-sort', 'ascending');
  const expectedOrder = [...attention]
    .sort((a, b) => {
      const byTime = Date.parse(a.updated_at) - Date.parse(b.updated_at);
      return byTime !== 0 ? byTime : a.id < b.id ? -1 : 1;
    })
    .map((group) => group.id);
  await expect.poll(() => shownIds(page)).toEqual(expectedOrder.slice(0, 50));
  await page.getByRole('navigation', { name: 'Pagination' }).getByRole('button', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect.poll(() => shownIds(page)).toEqual(expectedOrder.slice(50, 100));
  await keepScreenshot(page, testInfo, 'list-filtered');

  // Search by securities account number: the filters give way to one exact match.
  const target = groups[42];
  if (target === undefined) throw new Error('the sandbox holds too few groups');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search account groups' })).toBeFocused();
  await page.keyboard.type(target.securities_account_number);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`q=${target.securities_account_number}`));
  await expect.poll(() => shownIds(page)).toEqual([target.id]);

  // Open it, copy its ID, go back.
  const listUrl = page.url();
  await resultsTable(page).getByRole('link', { name: target.id }).click();
  const drawer = page.getByRole('dialog', { name: /^Account group/ });
  await expect(drawer).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/account-groups/${target.id}`));
  await expect(drawer).toContainText(target.securities_account_number);
  await drawer.getByRole('button', { name: /Copy account group ID/ }).first().click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(target.id);
  await keepScreenshot(page, testInfo, 'detail');
  await page.goBack();
  await expect(drawer).toBeHidden();
  expect(page.url()).toBe(listUrl);
  await expect(resultsTable(page).getByRole('link', { name: target.id })).toBeVisible();
});

test('shows Upvest failing with its request ID, and recovers with Retry', async ({ page, sandbox }, testInfo) => {
  await page.goto('/account-groups?sort=updated_at&order=desc');
  await waitForRows(page);
  await sandbox.addFault({ target: 'account_groups', kind: 'status', status: 503 });

  // A view nothing has cached or prefetched, so the console has to ask Upvest.
  await page.getByRole('navigation', { name: 'Pagination' }).getByRole('button', { name: 'Last page' }).click();
  const panel = page.getByRole('alert').filter({ has: page.getByRole('button', { name: 'Retry' }) });
  await expect(panel).toBeVisible({ timeout: 20_000 });
  await expect(panel).toContainText('Upvest');
  await expect(panel.getByRole('button', { name: 'Copy Upvest request ID' })).toBeVisible();
  await expect(panel).toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  await keepScreenshot(page, testInfo, 'error-state');

  await sandbox.clearFaults();
  await panel.getByRole('button', { name: 'Retry' }).click();
  await expect(panel).toBeHidden({ timeout: 20_000 });
  await waitForRows(page);
  await expect(page.getByTestId('results-announcement')).toHaveText(/Showing 2,451–2,500 of 2,500/);
});

test('switches theme and remembers it', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/account-groups');
  await waitForRows(page);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();

  await page.getByRole('button', { name: /^Theme/ }).click();
  await page.getByRole('menuitemradio', { name: 'Dark' }).click();
  await expect.poll(background).not.toBe(light);
  const dark = await background();

  await page.reload();
  await waitForRows(page);
  expect(await background()).toBe(dark);
  await expect(page.getByRole('button', { name: /^Theme/ })).toHaveAccessibleName(/Dark/);
});
