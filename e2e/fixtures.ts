import { test as base, expect, type Page, type TestInfo } from '@playwright/test';

/** The embedded sandbox's control endpoint, fixed by playwright.config.ts (never reachable through /api). */
export const SANDBOX_CONTROL_URL = `http://127.0.0.1:${process.env.E2E_SANDBOX_CONTROL_PORT ?? '4311'}`;

export interface SandboxGroup {
  id: string;
  securities_account_number: string;
  status: string;
  created_at: string;
  updated_at: string;
  users: { id: string; type: string }[];
}

export interface SandboxControl {
  addFault(spec: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  groups(): Promise<SandboxGroup[]>;
  /** Changes a group as Upvest would; its updated_at moves to now unless the patch says otherwise. */
  updateGroup(id: string, patch: Record<string, unknown>): Promise<void>;
}

async function control(path: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(`${SANDBOX_CONTROL_URL}${path}`, {
    ...init,
    headers: init?.body === undefined ? {} : { 'content-type': 'application/json' },
  });
  if (!response.ok) throw new Error(`sandbox control ${path} answered ${response.status}: ${await response.text()}`);
  return response;
}

export const test = base.extend<{ sandbox: SandboxControl }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form for fixture arguments
  sandbox: async ({}, use) => {
    const sandbox: SandboxControl = {
      async addFault(spec) {
        await control('/control/faults', { method: 'POST', body: JSON.stringify(spec) });
      },
      async clearFaults() {
        await control('/control/faults', { method: 'DELETE' });
      },
      async groups() {
        const body = (await (await control('/control/groups')).json()) as { data: SandboxGroup[] };
        return body.data;
      },
      async updateGroup(id, patch) {
        await control(`/control/groups/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(patch) });
      },
    };
    await use(sandbox);
    // No test leaves a fault behind for the next one.
    await sandbox.clearFaults();
  },
});

export { expect };

export function resultsTable(page: Page) {
  return page.getByRole('grid', { name: 'Account groups' });
}

/** The full IDs of the rows shown, in order (each row's link is named by the full group ID). */
export async function shownIds(page: Page): Promise<string[]> {
  const links = resultsTable(page).locator('tbody tr').getByRole('link');
  return links.evaluateAll((elements) => elements.map((element) => element.getAttribute('href')?.split('?')[0]?.split('/').pop() ?? ''));
}

/**
 * Waits for the rows of the view asked for: its first row, the table no longer busy with the previous
 * view's, then as many rows as the results announcement says ("Showing 51–100 of …"), since a view
 * renders a screenful of rows first and the rest right after.
 */
export async function waitForRows(page: Page): Promise<void> {
  const rows = resultsTable(page).locator('tbody tr');
  await expect(rows.first().getByRole('link')).toBeVisible();
  // Busy while the rows on screen are still the previous view's (after a sort or a page change).
  await expect(resultsTable(page)).not.toHaveAttribute('aria-busy', 'true');
  await expect
    .poll(async () => {
      const range = /Showing ([\d,]+)–([\d,]+) of/.exec((await page.getByTestId('results-announcement').textContent()) ?? '');
      if (range?.[1] === undefined || range[2] === undefined) return 'no results announced';
      const announced = Number(range[2].replaceAll(',', '')) - Number(range[1].replaceAll(',', '')) + 1;
      return (await rows.count()) === announced ? 'all rows shown' : 'rows still coming';
    })
    .toBe('all rows shown');
}

/** Screenshots kept as test artifacts (test-results/<test>/<name>.png, and attached to the HTML report). */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
