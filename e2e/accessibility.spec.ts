import AxeBuilder from '@axe-core/playwright';
import { expect, resultsTable, test, waitForRows } from './fixtures';

// No serious or critical axe-core violations on the list and the detail, in either theme.
for (const colorScheme of ['light', 'dark'] as const) {
  test(`list and detail are accessible in the ${colorScheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/account-groups');
    await waitForRows(page);

    const serious = async () => {
      const results = await new AxeBuilder({ page }).analyze();
      return results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    };

    expect(await serious()).toEqual([]);

    await resultsTable(page).locator('tbody tr').first().getByRole('link').click();
    await expect(page.getByRole('dialog', { name: /^Account group/ })).toBeVisible();
    await expect(page.getByRole('dialog').getByText('Securities account number')).toBeVisible();
    expect(await serious()).toEqual([]);
  });
}
