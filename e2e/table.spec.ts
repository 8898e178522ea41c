import { expect, resultsTable, shownIds, test, waitForRows } from './fixtures';

// The results table at the narrowest supported width: what only a real layout can show.
test.use({ viewport: { width: 1024, height: 768 } });

test('column headers stay in view while the rows of a 100-row page scroll', async ({ page }) => {
  await page.goto('/account-groups?size=100');
  await waitForRows(page);
  const table = resultsTable(page);
  const header = table.getByRole('columnheader', { name: /Created/ });

  // Rows scroll under the headers, by wheel as by keyboard focus.
  await table.locator('tbody tr').nth(5).hover();
  await page.mouse.wheel(0, 2000);
  await expect.poll(() => table.locator('xpath=..').evaluate((box) => box.scrollTop)).toBeGreaterThan(1000);
  const headerBox = await header.boundingBox();
  const scrollBox = await table.locator('xpath=..').boundingBox();
  if (headerBox === null || scrollBox === null) throw new Error('table not laid out');
  expect(Math.abs(headerBox.y - scrollBox.y)).toBeLessThan(1);
  await expect(header).toBeInViewport();

  // Fits 1024 px without scrolling sideways.
  expect(await table.locator('xpath=..').evaluate((box) => box.scrollWidth - box.clientWidth)).toBeLessThanOrEqual(0);

  // The page scrolled to the table: its frame and the pagination fit the window together.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(page.getByRole('navigation', { name: 'Pagination' }).getByRole('button', { name: 'Next page' })).toBeInViewport();
  await expect(header).toBeInViewport();
});

test('the rows are one tab stop: from the search box to "Next page" in a few presses', async ({ page }) => {
  await page.goto('/account-groups');
  await waitForRows(page);
  await page.getByRole('searchbox', { name: 'Search account groups' }).focus();
  const next = page.getByRole('navigation', { name: 'Pagination' }).getByRole('button', { name: 'Next page' });

  let presses = 0;
  while (!(await next.evaluate((button) => button === document.activeElement)) && presses < 40) {
    await page.keyboard.press('Tab');
    presses += 1;
  }
  // Status, Type, View, the two sort buttons, the rows, page size, first, previous: then Next.
  expect(presses).toBeLessThanOrEqual(12);

  // Arrow keys move within the rows; the focused time shows its exact UTC time.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(resultsTable(page).locator('tbody tr').first().getByRole('link')).toBeFocused();
  await page.keyboard.press('End');
  await expect(resultsTable(page).locator('tbody tr').first().locator('time').last()).toBeFocused();
  await expect(page.getByRole('tooltip')).toContainText('UTC');
});

test('"Next page" at the bottom brings the top of the new page into view and moves focus to the table', async ({ page }) => {
  await page.goto('/account-groups?size=100');
  await waitForRows(page);
  const table = resultsTable(page);
  const scrollBox = table.locator('xpath=..');
  await scrollBox.evaluate((box) => box.scrollTo(0, box.scrollHeight));
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));

  await page.getByRole('navigation', { name: 'Pagination' }).getByRole('button', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(table).toBeFocused();
  expect(await scrollBox.evaluate((box) => box.scrollTop)).toBe(0);
  await expect(table.locator('tbody tr').first()).toBeInViewport();
  // Not hidden under the sticky top bar either.
  const bar = await page.locator('.app-top').boundingBox();
  const firstRow = await table.locator('tbody tr').first().boundingBox();
  if (bar === null || firstRow === null) throw new Error('not laid out');
  expect(firstRow.y).toBeGreaterThanOrEqual(bar.y + bar.height);
});

test('focus stays on its row when a refetch moves that row', async ({ page, sandbox }) => {
  await page.clock.install();
  await page.goto('/account-groups?sort=updated_at');
  await waitForRows(page);
  const [focusedId, , , , , movedId] = await shownIds(page);
  if (focusedId === undefined || movedId === undefined) throw new Error('too few rows');
  const link = resultsTable(page).getByRole('link', { name: focusedId, exact: true });
  await link.focus();

  // The sixth group changes and goes to the top: React moves the rows above it, the focused one among
  // them, and a moved element loses focus in Chrome; React gives it back after the commit.
  const before = (await sandbox.groups()).find((group) => group.id === movedId);
  if (before === undefined) throw new Error('moved group not in the sandbox');
  await sandbox.updateGroup(movedId, {});
  try {
    await page.clock.fastForward('00:31'); // the list's own refetch, every 30 s
    await expect.poll(async () => (await shownIds(page))[0]).toBe(movedId);
    await expect(link).toBeFocused();
  } finally {
    await sandbox.updateGroup(movedId, { updated_at: before.updated_at });
  }
});

