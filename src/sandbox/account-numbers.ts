import type { SeededRandom } from './seeded-random';

const FIRST = 100_000_000;
const SPAN = 900_000_000;
/** Coprime with SPAN (2^8 · 3^2 · 5^8), so k → FIRST + (STEP·k + offset) mod SPAN never repeats. */
const STEP = 7_654_321;
const STEP_INVERSE = modularInverse(STEP, SPAN);

/**
 * Unique 9-digit securities account numbers without a million-entry Set: generated numbers walk a
 * permutation of 100000000..999999999, so "is it taken?" is answered by inverting the permutation.
 * Only numbers chosen explicitly through the control endpoint are remembered in a Set.
 */
export class AccountNumberAllocator {
  private generated = 0;
  private readonly offset: number;
  private readonly chosen = new Set<number>();

  constructor(random: SeededRandom) {
    this.offset = random.int(SPAN);
  }

  allocate(): number {
    for (;;) {
      const candidate = this.at(this.generated++);
      if (!this.chosen.has(candidate)) return candidate;
    }
  }

  isTaken(accountNumber: number): boolean {
    if (this.chosen.has(accountNumber)) return true;
    if (accountNumber < FIRST || accountNumber >= FIRST + SPAN) return false;
    return this.sequenceIndex(accountNumber) < this.generated;
  }

  /** Reserves an explicitly chosen number; false when it is already in use. */
  claim(accountNumber: number): boolean {
    if (this.isTaken(accountNumber)) return false;
    this.chosen.add(accountNumber);
    return true;
  }

  private at(k: number): number {
    // STEP · k stays below 2^53 for every k < SPAN.
    return FIRST + ((STEP * k + this.offset) % SPAN);
  }

  private sequenceIndex(accountNumber: number): number {
    const shifted = BigInt((((accountNumber - FIRST - this.offset) % SPAN) + SPAN) % SPAN);
    return Number((shifted * BigInt(STEP_INVERSE)) % BigInt(SPAN));
  }
}

export function formatAccountNumber(accountNumber: number): string {
  return String(accountNumber).padStart(9, '0');
}

function modularInverse(value: number, modulus: number): number {
  let [oldR, r] = [value, modulus];
  let [oldS, s] = [1, 0];
  while (r !== 0) {
    const quotient = Math.floor(oldR / r);
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  return ((oldS % modulus) + modulus) % modulus;
}
