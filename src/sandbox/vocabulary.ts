/**
 * Interned enum-like strings (statuses, types, user types) as small codes, with their JSON text
 * escaped once. Unknown values can be added at run time (up to 255) so that the control endpoint can
 * make the sandbox serve an enum value the console does not know yet, as a newer Upvest minor
 * version might.
 */
export class Vocabulary {
  private readonly names: string[] = [];
  private readonly json: string[] = [];
  private readonly codes = new Map<string, number>();

  constructor(initial: readonly string[]) {
    for (const name of initial) this.code(name);
  }

  /** Code of the value, added when new. */
  code(name: string): number {
    const known = this.codes.get(name);
    if (known !== undefined) return known;
    if (this.names.length >= 255) throw new RangeError('too many distinct values');
    const code = this.names.length;
    this.names.push(name);
    this.json.push(JSON.stringify(name));
    this.codes.set(name, code);
    return code;
  }

  /** Code of a value already known, or -1. */
  find(name: string): number {
    return this.codes.get(name) ?? -1;
  }

  name(code: number): string {
    return this.names[code] ?? '';
  }

  jsonOf(code: number): string {
    return this.json[code] ?? '""';
  }
}
