import { describe, expect, it } from 'vitest';
import { parseDictionary, StructuredFieldError } from './structured-fields';

describe('parseDictionary', () => {
  it('parses a signature-input member and keeps its raw text', () => {
    const text = 'sig1=("@method" "@path" "accept");keyid="k-1";created=1795694400;expires=1795694460;nonce="n\\"1"';
    const [member] = parseDictionary(text);
    expect(member?.name).toBe('sig1');
    expect(member?.raw).toBe(text.slice('sig1='.length));
    expect(member?.value).toMatchObject({
      kind: 'inner-list',
      items: [{ value: { kind: 'string', value: '@method' } }, { value: { value: '@path' } }, { value: { value: 'accept' } }],
      params: [
        { name: 'keyid', value: { kind: 'string', value: 'k-1' } },
        { name: 'created', value: { kind: 'integer', value: 1795694400 } },
        { name: 'expires', value: { kind: 'integer', value: 1795694460 } },
        { name: 'nonce', value: { kind: 'string', value: 'n"1' } },
      ],
    });
  });

  it('parses byte sequences, tokens, booleans and several members', () => {
    const members = parseDictionary('sha-512=:AAEC:,  flag, tok=abc/def;q=?0');
    expect(members.map((member) => member.name)).toEqual(['sha-512', 'flag', 'tok']);
    expect(members[0]?.value).toMatchObject({ kind: 'item', value: { kind: 'bytes', value: Buffer.from([0, 1, 2]) } });
    expect(members[1]?.value).toMatchObject({ value: { kind: 'boolean', value: true } });
    expect(members[2]?.value).toMatchObject({ value: { kind: 'token', value: 'abc/def' }, params: [{ name: 'q', value: { value: false } }] });
  });

  it.each([
    ['sig1=("@method"', /not closed/],
    ['sig1=("a""b")', /separated by a space/],
    ['Sig1=:AA==:', /key must start/],
    ['sig1=:not base64!:', /not valid base64/],
    ['sig1="unterminated', /not closed/],
    ['sig1=1,', /trailing ","/],
    ['sig1=1 sig2=2', /separated by ","/],
    ['sig1=1234567890123456', /too many digits/],
    ['sig1="tab\there"', /outside printable ASCII/],
  ])('refuses %s', (text, reason) => {
    expect(() => parseDictionary(text)).toThrow(StructuredFieldError);
    expect(() => parseDictionary(text)).toThrow(reason);
  });
});
