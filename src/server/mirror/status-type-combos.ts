import { ACCOUNT_GROUP_STATUSES, ACCOUNT_GROUP_TYPES } from '../../domain/account-group';

/**
 * Status and type of every slot as one small code per (status, type) pair, with the number of groups
 * per pair. One code per slot means one memory read per slot when a query scans a million of them,
 * and the per-pair counts answer facets without a query term in constant time.
 *
 * Values Upvest adds in a minor version get codes as they appear: they are held and counted like the
 * known ones, and show up in facets while any group carries them.
 */

/** Pair codes live in a Uint16Array. Reaching this many distinct pairs means upstream data is broken. */
export const MAX_COMBOS = 0xffff;

export interface FacetCounts {
  total_count: number;
  status: Record<string, number>;
  type: Record<string, number>;
}

export class StatusTypeCombos {
  private readonly statusCodes = new Map<string, number>();
  private readonly typeCodes = new Map<string, number>();
  private readonly statuses: string[] = [];
  private readonly types: string[] = [];
  private readonly comboCodes = new Map<number, number>();
  private readonly comboStatus: number[] = [];
  private readonly comboType: number[] = [];
  private readonly counts: number[] = [];

  constructor() {
    for (const status of ACCOUNT_GROUP_STATUSES) this.codeOf(this.statusCodes, this.statuses, status);
    for (const type of ACCOUNT_GROUP_TYPES) this.codeOf(this.typeCodes, this.types, type);
  }

  get comboCount(): number {
    return this.counts.length;
  }

  /** The code of a pair, registering it (and unknown values) on first sight. */
  comboOf(status: string, type: string): number {
    const pairKey = this.codeOf(this.statusCodes, this.statuses, status) * 0x10000 + this.codeOf(this.typeCodes, this.types, type);
    const existing = this.comboCodes.get(pairKey);
    if (existing !== undefined) return existing;
    if (this.counts.length >= MAX_COMBOS) {
      throw new Error(`Too many distinct (status, type) pairs in upstream data (limit ${MAX_COMBOS}).`);
    }
    const code = this.counts.length;
    this.comboCodes.set(pairKey, code);
    this.comboStatus.push(Math.floor(pairKey / 0x10000));
    this.comboType.push(pairKey % 0x10000);
    this.counts.push(0);
    return code;
  }

  adjust(combo: number, delta: number): void {
    this.counts[combo] = (this.counts[combo] ?? 0) + delta;
  }

  /** 1 for each pair that passes the filters (an empty list lets every value through). */
  mask(statuses: readonly string[], types: readonly string[]): Uint8Array {
    const statusAllowed = this.allowed(this.statusCodes, statuses);
    const typeAllowed = this.allowed(this.typeCodes, types);
    const mask = new Uint8Array(this.counts.length);
    for (let c = 0; c < mask.length; c++) {
      const s = this.comboStatus[c] ?? -1;
      const t = this.comboType[c] ?? -1;
      mask[c] = (statusAllowed === null || statusAllowed.has(s)) && (typeAllowed === null || typeAllowed.has(t)) ? 1 : 0;
    }
    return mask;
  }

  /** True when the mask lets every pair through. */
  static passesAll(mask: Uint8Array): boolean {
    return mask.every((bit) => bit === 1);
  }

  /** Groups in the store whose pair passes the mask. */
  countWhere(mask: Uint8Array): number {
    let total = 0;
    for (let c = 0; c < this.counts.length; c++) if (mask[c] === 1) total += this.counts[c] ?? 0;
    return total;
  }

  /** Facets over the whole store. */
  facets(statuses: readonly string[], types: readonly string[]): FacetCounts {
    return this.facetsFrom(this.counts, statuses, types);
  }

  /**
   * Facets from per-pair counts of some subset (the groups matching a search term): the status counts
   * honour the type filter only, the type counts the status filter only, the total both.
   */
  facetsFrom(perCombo: ArrayLike<number>, statuses: readonly string[], types: readonly string[]): FacetCounts {
    const statusAllowed = this.allowed(this.statusCodes, statuses);
    const typeAllowed = this.allowed(this.typeCodes, types);
    const statusCounts = new Array<number>(this.statuses.length).fill(0);
    const typeCounts = new Array<number>(this.types.length).fill(0);
    let total = 0;
    for (let c = 0; c < this.counts.length; c++) {
      const n = perCombo[c] ?? 0;
      if (n === 0) continue;
      const s = this.comboStatus[c] ?? -1;
      const t = this.comboType[c] ?? -1;
      const statusPasses = statusAllowed === null || statusAllowed.has(s);
      const typePasses = typeAllowed === null || typeAllowed.has(t);
      if (typePasses) statusCounts[s] = (statusCounts[s] ?? 0) + n;
      if (statusPasses) typeCounts[t] = (typeCounts[t] ?? 0) + n;
      if (statusPasses && typePasses) total += n;
    }
    return {
      total_count: total,
      status: facetRecord(this.statuses, ACCOUNT_GROUP_STATUSES.length, statusCounts, this.heldPerStatus()),
      type: facetRecord(this.types, ACCOUNT_GROUP_TYPES.length, typeCounts, this.heldPerType()),
    };
  }

  statusOf(combo: number): string {
    return this.statuses[this.comboStatus[combo] ?? -1] ?? '';
  }

  typeOf(combo: number): string {
    return this.types[this.comboType[combo] ?? -1] ?? '';
  }

  private heldPerStatus(): number[] {
    const held = new Array<number>(this.statuses.length).fill(0);
    this.counts.forEach((n, c) => {
      const s = this.comboStatus[c] ?? -1;
      held[s] = (held[s] ?? 0) + n;
    });
    return held;
  }

  private heldPerType(): number[] {
    const held = new Array<number>(this.types.length).fill(0);
    this.counts.forEach((n, c) => {
      const t = this.comboType[c] ?? -1;
      held[t] = (held[t] ?? 0) + n;
    });
    return held;
  }

  private allowed(codes: ReadonlyMap<string, number>, values: readonly string[]): Set<number> | null {
    if (values.length === 0) return null;
    const allowed = new Set<number>();
    for (const value of values) {
      const code = codes.get(value);
      if (code !== undefined) allowed.add(code);
    }
    return allowed;
  }

  private codeOf(codes: Map<string, number>, values: string[], value: string): number {
    const existing = codes.get(value);
    if (existing !== undefined) return existing;
    if (values.length >= 0xffff) throw new Error('Too many distinct values in upstream data (limit 65535).');
    const code = values.length;
    codes.set(value, code);
    values.push(value);
    return code;
  }
}

/**
 * Every known value (codes below `knownCount`, in enum order), plus each unknown value that some group
 * in the store carries now, so an added enum value shows up without being filterable.
 */
function facetRecord(
  values: readonly string[],
  knownCount: number,
  counts: readonly number[],
  held: readonly number[],
): Record<string, number> {
  const entries: [string, number][] = [];
  values.forEach((value, code) => {
    if (code < knownCount || (held[code] ?? 0) > 0) entries.push([value, counts[code] ?? 0]);
  });
  // fromEntries defines own properties, so even a value named "__proto__" is just a key.
  return Object.fromEntries(entries);
}
