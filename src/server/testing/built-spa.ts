import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The SPA page most server tests serve: one module script, nothing else. */
export const MINIMAL_INDEX_HTML = '<!doctype html><title>Console</title><script type="module" src="/assets/app.js"></script>';

/**
 * A stand-in for the built SPA (`npm run build`'s dist/) in a new temporary folder: index.html and
 * files under assets/, by name. Returns the folder, for STATIC_DIR; the caller removes it.
 */
export function writeBuiltSpa(indexHtml: string = MINIMAL_INDEX_HTML, assets: Readonly<Record<string, string>> = { 'app.js': 'export {};' }): string {
  const dist = mkdtempSync(join(tmpdir(), 'agc-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), indexHtml);
  for (const [name, content] of Object.entries(assets)) writeFileSync(join(dist, 'assets', name), content);
  return dist;
}
