/**
 * The part of RFC 8941 (structured field values) that HTTP message signatures use: dictionaries
 * whose members are items or inner lists, with parameters. Parsing is strict (any deviation is an
 * error with a reason) and keeps each member's raw text, because the signature base must repeat the
 * signature parameters exactly as the client sent them.
 */

export type BareItem =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'token'; readonly value: string }
  | { readonly kind: 'integer'; readonly value: number }
  | { readonly kind: 'decimal'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'bytes'; readonly value: Buffer };

export interface Parameter {
  readonly name: string;
  readonly value: BareItem;
}

export interface Item {
  readonly kind: 'item';
  readonly value: BareItem;
  readonly params: readonly Parameter[];
}

export interface InnerList {
  readonly kind: 'inner-list';
  readonly items: readonly Item[];
  readonly params: readonly Parameter[];
}

export interface DictionaryMember {
  readonly name: string;
  readonly value: Item | InnerList;
  /** The member's value exactly as received (the text after `name=`). */
  readonly raw: string;
}

export class StructuredFieldError extends Error {
  override name = 'StructuredFieldError';
}

/** Parses a dictionary; duplicate member names are kept (callers decide whether they are allowed). */
export function parseDictionary(text: string): DictionaryMember[] {
  const parser = new Parser(text);
  parser.skipSpaces();
  const members: DictionaryMember[] = [];
  if (parser.atEnd()) return members;
  for (;;) {
    const name = parser.key();
    let value: Item | InnerList;
    let raw: string;
    if (parser.peek() === '=') {
      parser.advance();
      const start = parser.position;
      value = parser.peek() === '(' ? parser.innerList() : parser.item();
      raw = text.slice(start, parser.position);
    } else {
      const start = parser.position;
      value = { kind: 'item', value: { kind: 'boolean', value: true }, params: parser.parameters() };
      raw = text.slice(start, parser.position);
    }
    members.push({ name, value, raw });
    parser.skipOptionalWhitespace();
    if (parser.atEnd()) return members;
    parser.expect(',', 'members must be separated by ","');
    parser.skipOptionalWhitespace();
    if (parser.atEnd()) throw new StructuredFieldError('trailing "," after the last member');
  }
}

class Parser {
  position = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  peek(): string {
    return this.text[this.position] ?? '';
  }

  advance(): string {
    return this.text[this.position++] ?? '';
  }

  expect(char: string, reason: string): void {
    if (this.advance() !== char) throw new StructuredFieldError(reason);
  }

  skipSpaces(): void {
    while (this.peek() === ' ') this.position++;
  }

  skipOptionalWhitespace(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.position++;
  }

  key(): string {
    const first = this.peek();
    if (!/^[a-z*]$/.test(first)) throw new StructuredFieldError(`a key must start with a lower-case letter or "*" at position ${this.position}`);
    const start = this.position;
    while (/^[a-z0-9_\-.*]$/.test(this.peek())) this.position++;
    return this.text.slice(start, this.position);
  }

  innerList(): InnerList {
    this.expect('(', 'an inner list must start with "("');
    const items: Item[] = [];
    for (;;) {
      this.skipSpaces();
      if (this.peek() === ')') {
        this.advance();
        return { kind: 'inner-list', items, params: this.parameters() };
      }
      if (this.atEnd()) throw new StructuredFieldError('inner list is not closed with ")"');
      items.push(this.item());
      const next = this.peek();
      if (next === '') throw new StructuredFieldError('inner list is not closed with ")"');
      if (next !== ' ' && next !== ')') throw new StructuredFieldError('inner list items must be separated by a space');
    }
  }

  item(): Item {
    const value = this.bareItem();
    return { kind: 'item', value, params: this.parameters() };
  }

  parameters(): Parameter[] {
    const params: Parameter[] = [];
    while (this.peek() === ';') {
      this.advance();
      this.skipSpaces();
      const name = this.key();
      let value: BareItem = { kind: 'boolean', value: true };
      if (this.peek() === '=') {
        this.advance();
        value = this.bareItem();
      }
      params.push({ name, value });
    }
    return params;
  }

  bareItem(): BareItem {
    const char = this.peek();
    if (char === '"') return this.string();
    if (char === ':') return this.bytes();
    if (char === '?') return this.boolean();
    if (char === '-' || /^[0-9]$/.test(char)) return this.number();
    if (/^[A-Za-z*]$/.test(char)) return this.token();
    throw new StructuredFieldError(char === '' ? 'a value is missing at the end' : `unexpected character at position ${this.position}`);
  }

  private string(): BareItem {
    this.advance();
    let value = '';
    for (;;) {
      if (this.atEnd()) throw new StructuredFieldError('a string is not closed');
      const char = this.advance();
      if (char === '\\') {
        const escaped = this.advance();
        if (escaped !== '"' && escaped !== '\\') throw new StructuredFieldError('a string has an invalid escape');
        value += escaped;
      } else if (char === '"') {
        return { kind: 'string', value };
      } else {
        const code = char.charCodeAt(0);
        if (code < 0x20 || code > 0x7e) throw new StructuredFieldError('a string has a character outside printable ASCII');
        value += char;
      }
    }
  }

  private bytes(): BareItem {
    this.advance();
    const start = this.position;
    while (!this.atEnd() && this.peek() !== ':') this.position++;
    if (this.atEnd()) throw new StructuredFieldError('a byte sequence is not closed with ":"');
    const encoded = this.text.slice(start, this.position);
    this.advance();
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
      throw new StructuredFieldError('a byte sequence is not valid base64');
    }
    return { kind: 'bytes', value: Buffer.from(encoded, 'base64') };
  }

  private boolean(): BareItem {
    this.advance();
    const char = this.advance();
    if (char !== '0' && char !== '1') throw new StructuredFieldError('a boolean must be ?0 or ?1');
    return { kind: 'boolean', value: char === '1' };
  }

  private number(): BareItem {
    const start = this.position;
    if (this.peek() === '-') this.position++;
    const digitsStart = this.position;
    while (/^[0-9]$/.test(this.peek())) this.position++;
    let isDecimal = false;
    if (this.peek() === '.') {
      isDecimal = true;
      this.position++;
      const fractionStart = this.position;
      while (/^[0-9]$/.test(this.peek())) this.position++;
      const fraction = this.position - fractionStart;
      if (fraction < 1 || fraction > 3) throw new StructuredFieldError('a decimal must have 1 to 3 fraction digits');
    }
    const literal = this.text.slice(start, this.position);
    const integerDigits = (isDecimal ? literal.slice(0, literal.indexOf('.')) : literal).replace('-', '');
    if (integerDigits.length === 0 || this.position === digitsStart) throw new StructuredFieldError('a number has no digits');
    if (integerDigits.length > (isDecimal ? 12 : 15)) throw new StructuredFieldError('a number has too many digits');
    return isDecimal ? { kind: 'decimal', value: Number(literal) } : { kind: 'integer', value: Number(literal) };
  }

  private token(): BareItem {
    const start = this.position;
    this.position++;
    while (/^[A-Za-z0-9!#$%&'*+\-.^_`|~:/]$/.test(this.peek())) this.position++;
    return { kind: 'token', value: this.text.slice(start, this.position) };
  }
}
