/** A small seeded PRNG (mulberry32): the bench picks the same offsets and samples on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number in [0, max). */
export function randomBelow(random: () => number, max: number): number {
  return Math.floor(random() * Math.max(0, max));
}
