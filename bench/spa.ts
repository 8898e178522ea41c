import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { REPO_ROOT } from './lib/child-process';
import type { Section, SectionContext, SectionResult } from './lib/section';
import { QUIET_MIRROR_ENV, startStack } from './lib/stack';
import { roundTo, summarize } from './lib/stats';
import { renderTable } from './lib/table';

/**
 * The SPA as staff meet it: how much JavaScript a first visit loads, and in Debian's Chromium against a real
 * console (child process, standalone sandbox), how long from navigation to the first table row and from
 * "Next page" to its rows. Each navigation runs in a fresh browser context (cold cache); the figure is the
 * median over several runs. Times come from the page's own clock (performance.now(), navigation start = 0),
 * taken when the row is in the DOM.
 */

const CHROMIUM = '/usr/bin/chromium';
const TARGETS = { initialJsKb: 150, firstRowMs: 500, nextPageMs: 100 } as const;

export interface SpaRow {
  metric: string;
  value: number | null;
  unit: string;
  target: number | null;
  status: string;
}

export const spaSection: Section = {
  name: 'spa',
  async run(context: SectionContext): Promise<SectionResult> {
    const dist = join(REPO_ROOT, 'dist');
    if (!existsSync(join(dist, 'index.html'))) {
      context.progress('dist/ is missing: building the SPA (npm run build)');
      execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'ignore' });
    }
    const initial = initialJavaScript(dist);
    const runs = context.quick ? 3 : 9;
    const accountGroups = context.quick ? 5_000 : 100_000;

    let timings: Timings | null = null;
    let notMeasured = '';
    if (existsSync(CHROMIUM)) {
      timings = await measureInChromium({ accountGroups, runs, progress: context.progress });
    } else {
      notMeasured = `not measured: ${CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium)`;
    }

    const verdict = (value: number | null, target: number): string =>
      value === null ? notMeasured : value <= target ? 'met' : 'MISSED';
    const initialKb = roundTo(initial.gzipBytes / 1000, 1);
    const median = (samples: readonly number[] | undefined): number | null =>
      samples === undefined ? null : roundTo(summarize(samples).p50, 0);
    const rows: SpaRow[] = [
      {
        metric: `initial JavaScript, gzipped (${initial.files.length} files)`,
        value: initialKb,
        unit: 'kB',
        target: TARGETS.initialJsKb,
        status: verdict(initialKb, TARGETS.initialJsKb),
      },
      {
        metric: `navigation to first row, median of ${runs} cold loads`,
        value: median(timings?.firstRow),
        unit: 'ms',
        target: TARGETS.firstRowMs,
        status: verdict(median(timings?.firstRow), TARGETS.firstRowMs),
      },
      {
        metric: `first contentful paint, median of ${runs} cold loads`,
        value: median(timings?.firstPaint),
        unit: 'ms',
        target: null,
        status: timings === null ? notMeasured : 'for reference',
      },
      {
        metric: `navigation to first row, median of ${runs} returning visits`,
        value: median(timings?.firstRowReturning),
        unit: 'ms',
        target: TARGETS.firstRowMs,
        status: verdict(median(timings?.firstRowReturning), TARGETS.firstRowMs),
      },
      {
        metric: `"Next page" to its rows, median of ${runs}`,
        value: median(timings?.nextPage),
        unit: 'ms',
        target: TARGETS.nextPageMs,
        status: verdict(median(timings?.nextPage), TARGETS.nextPageMs),
      },
      {
        metric: `"Last page" (nothing cached) to its rows, median of ${runs}`,
        value: median(timings?.uncachedPage),
        unit: 'ms',
        target: null,
        status: timings === null ? notMeasured : 'for reference',
      },
    ];
    const table = renderTable({
      title: `SPA in Chromium (${accountGroups.toLocaleString('en-US')} groups, console and sandbox as child processes)`,
      columns: [
        { header: 'metric', value: (row: SpaRow) => row.metric },
        { header: 'value', value: (row) => row.value },
        { header: 'unit', value: (row) => row.unit },
        { header: 'target ≤', value: (row) => row.target },
        { header: 'verdict', value: (row) => row.status },
      ],
      rows,
      notes: [
        `initial files: ${initial.files.join(', ')}; raw ${roundTo(initial.rawBytes / 1000, 1)} kB; gzip level 6.`,
        'Times from the page clock to the row being in the DOM; "Next page" follows a 1 s pause, as a person reads a page (the console prefetches the next one).',
        'A cold load is a fresh browser context: nothing cached, every script compiled from source. A returning visit is the third load in the same context, as staff open the console again during the day: scripts from the HTTP cache, compiled code from V8\'s code cache (Chromium keeps it from the second load on).',
        ...(timings === null
          ? []
          : [
              `samples (ms): first row ${timings.firstRow.map((v) => Math.round(v)).join(', ')}; returning ${timings.firstRowReturning.map((v) => Math.round(v)).join(', ')}; next page ${timings.nextPage.map((v) => Math.round(v)).join(', ')}`,
            ]),
      ],
    });
    return { tables: [table], figures: { initial_js: initial, runs, account_groups: accountGroups, timings, rows } };
  },
};

interface Timings {
  firstRow: number[];
  /** Chromium's first-contentful-paint of the cold load: index.html's placeholder, before any script has run. */
  firstPaint: number[];
  /** The third load in the same browser context (HTTP cache and V8 code cache warm). */
  firstRowReturning: number[];
  nextPage: number[];
  uncachedPage: number[];
}

async function measureInChromium(options: {
  accountGroups: number;
  runs: number;
  progress: (message: string) => void;
}): Promise<Timings> {
  const stack = await startStack({ accountGroups: options.accountGroups, consoleEnv: QUIET_MIRROR_ENV, progress: options.progress });
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    const timings: Timings = { firstRow: [], firstPaint: [], firstRowReturning: [], nextPage: [], uncachedPage: [] };
    // One warm-up load so that the console's first-request costs (JIT, token) are not counted as the SPA's.
    for (let run = -1; run < options.runs; run += 1) {
      options.progress(`SPA run ${run + 1} of ${options.runs}`);
      // The console's CSP forbids eval, which Playwright's string evaluation needs; the app itself runs unchanged.
      const browserContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
      try {
        const page = await browserContext.newPage();
        await page.addInitScript({ content: RECORD_FIRST_ROW });
        await page.goto(`${stack.console.url}/account-groups`);
        const firstRow = await page.waitForFunction('window.__firstRowAt ?? null');
        const firstRowMs = Number(await firstRow.jsonValue());
        const firstPaintMs = Number(await page.evaluate(FIRST_CONTENTFUL_PAINT));
        await page.waitForTimeout(1000);
        const nextPageMs = await timeRowsChange(page, 'Next page');
        await page.waitForTimeout(300);
        const uncachedMs = await timeRowsChange(page, 'Last page');
        // Two more visits in the same context: Chromium writes a script's compiled code to its cache on
        // the second load and uses it from the third.
        let returningMs = 0;
        for (let visit = 0; visit < 2; visit += 1) {
          await page.goto(`${stack.console.url}/account-groups`);
          returningMs = Number(await (await page.waitForFunction('window.__firstRowAt ?? null')).jsonValue());
          await page.waitForTimeout(500);
        }
        if (run >= 0) {
          timings.firstRow.push(firstRowMs);
          timings.firstPaint.push(firstPaintMs);
          timings.firstRowReturning.push(returningMs);
          timings.nextPage.push(nextPageMs);
          timings.uncachedPage.push(uncachedMs);
        }
      } finally {
        await browserContext.close();
      }
    }
    return timings;
  } finally {
    await browser?.close();
    await stack.stop();
  }
}

// The code that runs inside the page is plain JavaScript text: tsx compiles functions with helpers
// (`__name`) that do not exist in the page, so passing functions to Playwright would break there.

/** Runs in the page before its scripts: notes when the first row of the results table exists. */
const RECORD_FIRST_ROW = `
  (() => {
    const observer = new MutationObserver(() => {
      if (document.querySelector('table tbody tr a[href^="/account-groups/"]') !== null) {
        window.__firstRowAt = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  })();
`;

/** The page's first-contentful-paint time, or NaN when it has not painted yet. */
const FIRST_CONTENTFUL_PAINT = `performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN`;

/** Clicks a pagination button in the page and resolves with the time until the first row shows another group. */
async function timeRowsChange(page: Page, buttonName: string): Promise<number> {
  const script = `
    new Promise((resolve, reject) => {
      const firstRowHref = () => document.querySelector('table tbody tr a[href^="/account-groups/"]')?.getAttribute('href');
      const button = [...document.querySelectorAll('nav button')].find(
        (candidate) => (candidate.getAttribute('aria-label') ?? candidate.textContent).trim() === ${JSON.stringify(buttonName)},
      );
      if (button === undefined) {
        reject(new Error('no ${buttonName} button'));
        return;
      }
      const before = firstRowHref();
      const started = performance.now();
      const observer = new MutationObserver(() => {
        const now = firstRowHref();
        if (now != null && now !== before) {
          observer.disconnect();
          resolve(performance.now() - started);
        }
      });
      observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] });
      button.click();
    })
  `;
  return Number(await page.evaluate(script));
}

/** The scripts a first visit loads before anything renders: module entries and modulepreloads of index.html. */
export function initialJavaScript(dist: string): { files: string[]; rawBytes: number; gzipBytes: number } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = new Set<string>();
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"/g)) if (match[1] !== undefined) files.add(match[1]);
  for (const match of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+\.js)"/g)) if (match[1] !== undefined) files.add(match[1]);
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = readFileSync(join(dist, file.replace(/^\//, '')));
    rawBytes += content.length;
    gzipBytes += gzipSync(content, { level: 6 }).length;
  }
  return { files: [...files], rawBytes, gzipBytes };
}
