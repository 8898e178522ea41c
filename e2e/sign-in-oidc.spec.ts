import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { waitForRows } from './fixtures';
import { OIDC_CONSOLE_URL, OIDC_PROVIDER_NAME, OIDC_PROVIDER_URL, PASSWORD_USER } from './support/auth-servers';

// Sign-in through a real OpenID provider (oidc-provider and its development login pages), in Chromium,
// against a console configured as an operator would (OIDC_* settings, allow-list, users file).
test.use({ baseURL: OIDC_CONSOLE_URL });

test.beforeEach(async ({ page }) => {
  // The provider's development pages import a web font; the tests stay off the internet.
  await page.route('https://fonts.googleapis.com/**', (route) => route.abort());
});

async function signInAtProvider(page: Page, login: string): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${OIDC_PROVIDER_URL}/interaction/`));
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('the development login does not check this');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('a permitted person signs in through the identity provider, sees the account groups, and signs out', async ({ page }) => {
  await page.goto('/account-groups?status=LOCKED');
  await expect(page).toHaveURL(`${OIDC_CONSOLE_URL}/login?next=%2Faccount-groups%3Fstatus%3DLOCKED`);
  await page.getByRole('link', { name: `Sign in with ${OIDC_PROVIDER_NAME}` }).click();
  await signInAtProvider(page, 'alice');

  await expect(page).toHaveURL(`${OIDC_CONSOLE_URL}/account-groups?status=LOCKED`);
  await waitForRows(page);
  await expect(page.getByText('Signed in as Alice Staff, alice@staff.example')).toBeAttached();
  await expect(page.getByText('Alice Staff', { exact: true })).toBeVisible();

  const cookies = await page.context().cookies(OIDC_CONSOLE_URL);
  expect(cookies.find((cookie) => cookie.name === 'agc_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
  expect(await page.evaluate(() => document.cookie)).not.toContain('agc_session');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${OIDC_CONSOLE_URL}/login?signed_out=1`);
  await expect(page.getByText('You signed out.')).toBeVisible();
  const answer = await page.request.get('/api/account-groups?limit=1');
  expect(answer.status()).toBe(401);
  await page.goto('/account-groups');
  await expect(page).toHaveURL(/\/login\?next=%2Faccount-groups$/);
});

test('a person not on the allow-list is refused and told why', async ({ page }) => {
  await page.goto('/account-groups');
  await page.getByRole('link', { name: `Sign in with ${OIDC_PROVIDER_NAME}` }).click();
  await signInAtProvider(page, 'mallory');

  await expect(page).toHaveURL(/\/login\?error=not-allowed&next=%2Faccount-groups$/);
  await expect(page.getByRole('alert')).toContainText('The account you signed in with is not allowed to use this console.');
  // Trying again makes the provider ask who is signing in, rather than reuse the refused account.
  await expect(page.getByRole('link', { name: `Sign in with ${OIDC_PROVIDER_NAME}` })).toHaveAttribute('href', /prompt=login/);
  expect((await page.request.get('/api/account-groups?limit=1')).status()).toBe(401);
});

test('the same console also signs in from its users file, with readable errors', async ({ page }) => {
  await page.goto('/login?next=%2Faccount-groups');
  await page.getByLabel('Username').fill(PASSWORD_USER.username);
  await page.getByLabel('Password').fill('not-the-right-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');

  await page.getByLabel('Password').fill(PASSWORD_USER.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(`${OIDC_CONSOLE_URL}/account-groups`);
  await waitForRows(page);
  await expect(page.getByText(`Signed in as ${PASSWORD_USER.name}, ${PASSWORD_USER.email}`)).toBeAttached();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the sign-in page is accessible in the ${colorScheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/login?reason=session-ended');
    await expect(page.getByLabel('Username')).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
  });
}
