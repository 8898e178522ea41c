// Writes a Brotli (.br) and a gzip (.gz) copy beside each text file of the built SPA, so that the console
// server sends those (@fastify/static's preCompressed) instead of ~430 kB of raw JavaScript to staff who
// reach it over a network. Compressing once at build time costs the server nothing per request.
//
//   node scripts/compress-dist.mjs [dir]      (default: dist/; run after `vite build`)
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set(['.js', '.css', '.html', '.svg', '.json', '.txt']);
/** Below this a compressed copy saves less than it costs to look it up. */
const MIN_BYTES = 1024;

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

const dir = resolve(process.argv[2] ?? 'dist');
let raw = 0;
let brotli = 0;
let count = 0;
for (const file of filesUnder(dir)) {
  if (!COMPRESSIBLE.has(extname(file)) || statSync(file).size < MIN_BYTES) continue;
  const content = readFileSync(file);
  const br = brotliCompressSync(content, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
  });
  writeFileSync(`${file}.br`, br);
  writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
  raw += content.length;
  brotli += br.length;
  count += 1;
}
console.log(`compress-dist: ${count} file(s) in ${dir}: ${(raw / 1000).toFixed(1)} kB -> ${(brotli / 1000).toFixed(1)} kB with Brotli (gzip copies too)`);
