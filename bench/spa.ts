import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from './lib/child-process';
import type { Section, SectionContext, SectionResult } from './lib/section';
import { renderTable } from './lib/table';

/**
 * PLACEHOLDER — to be completed by the lead once the SPA lands on this branch.
 *
 * Measured now, when dist/ exists: the initial JavaScript (the entry script and its modulepreloads named by
 * dist/index.html), gzipped. Still to do, in Chromium (/usr/bin/chromium through playwright-core, against a
 * console child process as in lib/stack.ts): time from navigation to the first table row, and from
 * "next page" to its rows. Until then those rows say "not measured"; no figure here is ever invented.
 */

const NOT_BUILT = 'not measured: SPA not built';
const TO_DO = 'not measured: placeholder, lead to implement once the SPA lands';

export interface SpaRow {
  metric: string;
  value: number | null;
  unit: string;
  status: string;
}

export const spaSection: Section = {
  name: 'spa',
  async run(_context: SectionContext): Promise<SectionResult> {
    const dist = join(REPO_ROOT, 'dist');
    const built = existsSync(join(dist, 'index.html'));
    const initial = built ? initialJavaScript(dist) : null;
    const rows: SpaRow[] = [
      {
        metric: `initial JS, gzipped${initial === null ? '' : ` (${initial.files.length} files)`}`,
        value: initial === null ? null : Math.round(initial.gzipBytes / 100) / 10,
        unit: 'kB',
        status: built ? 'measured' : NOT_BUILT,
      },
      { metric: 'navigation to first row (Chromium)', value: null, unit: 'ms', status: built ? TO_DO : NOT_BUILT },
      { metric: '"next page" to its rows (Chromium)', value: null, unit: 'ms', status: built ? TO_DO : NOT_BUILT },
    ];
    const table = renderTable({
      title: 'SPA (placeholder section)',
      columns: [
        { header: 'metric', value: (row: SpaRow) => row.metric },
        { header: 'value', value: (row) => row.value },
        { header: 'unit', value: (row) => row.unit },
        { header: 'status', value: (row) => row.status },
      ],
      rows,
      notes: initial === null ? [] : [`files: ${initial.files.join(', ')}; raw ${Math.round(initial.rawBytes / 100) / 10} kB; gzip level 6.`],
    });
    return { tables: [table], figures: { built, rows, initial_js: initial } };
  },
};

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
