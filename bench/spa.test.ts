import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { initialJavaScript } from './spa';

describe('initialJavaScript', () => {
  let dist = '';
  afterEach(() => rmSync(dist, { recursive: true, force: true }));

  it('sums the entry script and its modulepreloads, not lazy chunks or styles', () => {
    dist = mkdtempSync(join(tmpdir(), 'bench-spa-'));
    mkdirSync(join(dist, 'assets'));
    const entry = 'console.log("entry");'.repeat(50);
    const vendor = 'export const vendor = 1;'.repeat(80);
    writeFileSync(join(dist, 'assets', 'index-abc.js'), entry);
    writeFileSync(join(dist, 'assets', 'vendor-def.js'), vendor);
    writeFileSync(join(dist, 'assets', 'lazy-ghi.js'), 'never loaded first'.repeat(500));
    writeFileSync(
      join(dist, 'index.html'),
      '<html><head><script type="module" crossorigin src="/assets/index-abc.js"></script>' +
        '<link rel="modulepreload" crossorigin href="/assets/vendor-def.js"><link rel="stylesheet" href="/assets/index.css"></head></html>',
    );
    const result = initialJavaScript(dist);
    expect(result.files).toEqual(['/assets/index-abc.js', '/assets/vendor-def.js']);
    expect(result.rawBytes).toBe(entry.length + vendor.length);
    expect(result.gzipBytes).toBe(gzipSync(entry, { level: 6 }).length + gzipSync(vendor, { level: 6 }).length);
  });
});
