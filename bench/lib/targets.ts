/** The console's budgets at one million groups (the brief of `npm run bench`); sections print a verdict against them. */
export const TARGETS = {
  groups: 1_000_000,
  pageP95Ms: 20,
  facetsP95Ms: 20,
  rssMb: 1000,
  firstSyncS: 60,
  refreshUpstreamCalls: 1,
} as const;
