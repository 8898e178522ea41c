import { expect, resultsTable, shownIds, test, waitForRows } from './fixtures';

// Issue 2: one signed path from the browser to the (embedded) Upvest sandbox.
test('lists account groups, sorts by updated date, pages, and keeps the view on reload', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/account-groups/);
  await expect(page.getByRole('note').filter({ hasText: 'Sandbox data' })).toBeVisible();
  await waitForRows(page);
  await expect(page.getByTestId('results-announcement')).toHaveText(/Showing 1–50 of [\d,]+ account groups/);

  const table = resultsTable(page);
  const updated = table.getByRole('columnheader', { name: /Updated/ });
  // Newest first by created date is the default; one press on "Updated" sorts by it, newest first.
  await updated.getByRole('button', { name: /Updated/ }).click();
  await expect(page).toHaveURL(/sort=updated_at/);
  if ((await updated.getAttribute('aria-sort')) !== 'descending') {
    await updated.getByRole('button', { name: /Updated/ }).click();
  }
  await expect(updated).toHaveAttribute('aria-sort', 'descending');
  await expect(table.getByRole('columnheader', { name: /Created/ })).not.toHaveAttribute('aria-sort', /.+/);

  await waitForRows(page);
  const firstPage = await shownIds(page);
  await page.getByRole('navigation', { name: 'Pagination' }).getByRole('button', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId('results-announcement')).toHaveText(/Showing 51–100 of/);
  await waitForRows(page);
  const secondPage = await shownIds(page);
  expect(secondPage).toHaveLength(50);
  expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);

  const url = page.url();
  await page.reload();
  await waitForRows(page);
  expect(page.url()).toBe(url);
  await expect(updated).toHaveAttribute('aria-sort', 'descending');
  expect(await shownIds(page)).toEqual(secondPage);

  await page.goBack();
  await expect(page).not.toHaveURL(/page=2/);
  await waitForRows(page);
  expect(await shownIds(page)).toEqual(firstPage);
});
