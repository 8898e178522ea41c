import { expect, test } from '@playwright/test';
import { resultsTable, waitForRows } from './fixtures';
import { PASSWORD_USER, SHORT_IDLE_CONSOLE_URL, SHORT_IDLE_SECONDS } from './support/auth-servers';

// A session that ends while the console is open: the next call answers 401, the SPA sends the person to
// sign in with a notice, and back to where they were. This console's idle time is SHORT_IDLE_SECONDS.
test.use({ baseURL: SHORT_IDLE_CONSOLE_URL });

test('after the idle time the next action asks to sign in again, then returns to it', async ({ page }) => {
  await page.goto('/account-groups?status=LOCKED');
  await expect(page).toHaveURL(/\/login\?next=/);
  await expect(page.getByRole('link', { name: /Sign in with/ })).toHaveCount(0); // users file only
  await page.getByLabel('Username').fill(PASSWORD_USER.username);
  await page.getByLabel('Password').fill(PASSWORD_USER.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(`${SHORT_IDLE_CONSOLE_URL}/account-groups?status=LOCKED`);
  await waitForRows(page);

  // Leave the console alone for longer than its idle time (the wait is the test's subject, not a speed check).
  await page.waitForTimeout((SHORT_IDLE_SECONDS + 1.5) * 1000);

  const firstRow = resultsTable(page).locator('tbody tr').first().getByRole('link');
  const groupPath = (await firstRow.getAttribute('href'))?.split('?')[0] ?? '';
  await firstRow.click();

  await expect(page).toHaveURL(/\/login\?next=.*&reason=session-ended$/);
  await expect(page.getByRole('status').filter({ hasText: 'Your session ended, sign in again.' })).toBeVisible();
  expect(new URL(page.url()).searchParams.get('next')).toBe(`${groupPath}?status=LOCKED`);

  await page.getByLabel('Username').fill(PASSWORD_USER.username);
  await page.getByLabel('Password').fill(PASSWORD_USER.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(`${SHORT_IDLE_CONSOLE_URL}${groupPath}?status=LOCKED`);
  await expect(page.getByRole('dialog', { name: /^Account group/ })).toBeVisible();
  await expect(page.getByRole('dialog').getByText('Securities account number')).toBeVisible();
});
