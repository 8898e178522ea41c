/** A child for child-process.test.ts: prints what it was given, then exits with the requested code or waits for SIGTERM. */
process.stdout.write(`ready ${process.env.BENCH_ECHO ?? ''} upvest=${process.env.UPVEST_API_BASE_URL ?? 'unset'}\n`);
process.stdout.write('Client secret: hunter2\n');
const exitCode = process.argv[2];
if (exitCode !== undefined) process.exit(Number(exitCode));
process.once('SIGTERM', () => process.exit(0));
setInterval(() => undefined, 1000);
