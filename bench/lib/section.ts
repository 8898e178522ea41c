/** What every bench section implements; `run.ts` prints its tables and gathers its figures into the JSON results. */

export const SECTION_NAMES = ['signing', 'pass-through', 'mirror-scale', 'load', 'spa'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export interface SectionContext {
  /** Smaller sizes and shorter durations, for a smoke test. */
  quick: boolean;
  /** Node options for every console child, e.g. --cpu-prof with its directory. */
  consoleNodeOptions: readonly string[];
  /** Progress for the operator (stderr), not part of the results. */
  progress: (message: string) => void;
}

export interface SectionResult {
  /** Rendered tables, printed in order. */
  tables: string[];
  /** Every figure of the section, for bench/results/*.json. */
  figures: unknown;
}

export interface Section {
  name: SectionName;
  run(context: SectionContext): Promise<SectionResult>;
}
