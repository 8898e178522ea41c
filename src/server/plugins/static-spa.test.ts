import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBuiltSpa } from '../testing/built-spa';
import { startHarness, type Harness } from '../testing/console-harness';

// The built SPA as npm run build leaves it (vite, then scripts/compress-dist.mjs), served by the console.

const ROOT = resolve(import.meta.dirname, '../../..');
const SCRIPT = `export const rows = [${Array.from({ length: 400 }, (_, index) => `{ id: ${index}, label: "row ${index}" }`).join(', ')}];\n`;
const INDEX = `<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div>${'<!-- padding -->'.repeat(80)}</body></html>`;

async function get(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const answer = await request(url, { headers });
  return { status: answer.statusCode, headers: answer.headers, body: Buffer.from(await answer.body.arrayBuffer()) };
}

describe('the built SPA', () => {
  let dist: string;
  let harness: Harness;

  beforeAll(async () => {
    dist = writeBuiltSpa(INDEX, { 'app-abc123.js': SCRIPT });
    await promisify(execFile)(process.execPath, [join(ROOT, 'scripts/compress-dist.mjs'), dist]);
    harness = await startHarness({ env: { STATIC_DIR: dist } });
  });
  afterAll(async () => {
    await harness.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it.each([
    ['br', brotliDecompressSync],
    ['gzip', gunzipSync],
  ])('sends the precompressed %s copy to a browser that accepts it, unpacking to the file itself', async (encoding, unpack) => {
    const answer = await get(`${harness.console.url}/assets/app-abc123.js`, { 'accept-encoding': encoding });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe(encoding);
    expect(answer.headers['content-type']).toMatch(/javascript/);
    expect(answer.headers.vary).toMatch(/accept-encoding/i);
    expect(answer.body.length).toBeLessThan(SCRIPT.length / 3);
    expect(unpack(answer.body).toString('utf8')).toBe(SCRIPT);
  });

  it('sends the file as it is to a client that accepts no encoding', async () => {
    const answer = await get(`${harness.console.url}/assets/app-abc123.js`, {});
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body.toString('utf8')).toBe(SCRIPT);
  });

  it('answers a deep link with index.html, compressed when accepted', async () => {
    const answer = await get(`${harness.console.url}/account-groups/0b9a6f2e-4c1d-4e8a-9f3b-7d5c2a1e6b90`, {
      accept: 'text/html',
      'accept-encoding': 'br',
    });
    expect(answer.status).toBe(200);
    const html = answer.headers['content-encoding'] === 'br' ? brotliDecompressSync(answer.body) : answer.body;
    expect(html.toString('utf8')).toBe(readFileSync(join(dist, 'index.html'), 'utf8'));
  });
});
