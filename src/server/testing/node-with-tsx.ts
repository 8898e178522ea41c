import { pathToFileURL } from 'node:url';

/**
 * Arguments that run a TypeScript entry point in one Node process, as `npm start` does
 * (`node --import tsx`). The `tsx` binary instead runs it in a child process and relays signals: when
 * the child is busy for more than a few tens of milliseconds it SIGKILLs it, which tests of SIGTERM
 * cannot tell from a crash. The loader is named by file URL so that any working directory will do.
 */
export function nodeWithTsx(entry: string): string[] {
  const loader = pathToFileURL(new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).pathname).href;
  return ['--import', loader, entry];
}
