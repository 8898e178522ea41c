/**
 * Runs bench/mirror-bench.ts's `runMirrorBench` in a process of its own (started with --expose-gc), so
 * that the RSS it reports is the mirror store's alone, not the load generator's. Prints one JSON line.
 */
import { runMirrorBench } from '../mirror-bench';

// bench/mirror-scale.ts looks for this prefix.
const RESULT_PREFIX = 'MIRROR_BENCH_ROWS ';

const sizes = process.argv.slice(2).map(Number);
if (sizes.length === 0 || sizes.some((size) => !Number.isInteger(size) || size <= 0)) {
  process.stderr.write('usage: mirror-bench-child.ts <groups> [groups...]\n');
  process.exit(2);
}
const rows = await runMirrorBench(sizes);
process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(rows)}\n`);
