import { describe, expect, it } from 'vitest';
import { hashPassword, parsePasswordHash, PasswordHashFormatError, verifyPassword } from './password-hash';

describe('scrypt password hashes', () => {
  it('verifies the right password only, and salts every hash', async () => {
    const first = await hashPassword('a long enough password');
    const second = await hashPassword('a long enough password');
    expect(first).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(second).not.toBe(first);
    expect(await verifyPassword('a long enough password', first)).toBe(true);
    expect(await verifyPassword('a long enough passwore', first)).toBe(false);
    expect(await verifyPassword('', first)).toBe(false);
  });

  it('keeps working with the parameters stored in the hash', async () => {
    const light = await hashPassword('pass phrase', { ln: 10, r: 8, p: 1 });
    expect(await verifyPassword('pass phrase', light)).toBe(true);
  });

  it('treats equivalent Unicode spellings of a password alike', async () => {
    const hash = await hashPassword('caf\u00e9 au lait', { ln: 10, r: 8, p: 1 });
    expect(await verifyPassword('cafe\u0301 au lait', hash)).toBe(true);
  });

  it.each([
    'plain text',
    '$2b$12$bcrypthashbcrypthashbcrypthash',
    '$scrypt$ln=25,r=8,p=1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==',
    '$scrypt$ln=15,r=99,p=1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==',
    '$scrypt$ln=15,r=8,p=1$c2FsdA==$c2hvcnQ=',
  ])('refuses a malformed or too costly stored hash %s', (stored) => {
    expect(() => parsePasswordHash(stored)).toThrow(PasswordHashFormatError);
  });
});
