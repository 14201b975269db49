import { describe, expect, it } from 'vitest';
import { hashPassword, UNMATCHABLE_HASH, verifyPassword } from '../../src/domain/password-hash.js';

const SALT = new Uint8Array(16).fill(3);

describe('password hashes', () => {
  it('store scrypt with its parameters and salt, and match only the same password', async () => {
    const hash = await hashPassword('correct horse battery', SALT);
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterz', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('differ per salt for the same password', async () => {
    const other = await hashPassword('correct horse battery', new Uint8Array(16).fill(4));
    expect(other).not.toBe(await hashPassword('correct horse battery', SALT));
    expect(await verifyPassword('correct horse battery', other)).toBe(true);
  });

  it('read the parameters stored with an older hash', async () => {
    const cheap = await hashPassword('pw', SALT);
    const [, , , , salt] = cheap.split('$');
    // A hash written with N=2^14 (as an older version might have) still verifies.
    const { scryptSync } = await import('node:crypto');
    const key = scryptSync('pw', Buffer.from(salt!, 'base64url'), 32, { N: 2 ** 14, r: 8, p: 1 });
    expect(await verifyPassword('pw', `scrypt$16384$8$1$${salt}$${key.toString('base64url')}`)).toBe(true);
  });

  it('treat what they cannot read as no match', async () => {
    for (const stored of ['', 'plain', 'scrypt$3$8$1$AAAA$BBBB', 'bcrypt$2$8$1$AAAA$BBBB', 'scrypt$1048577$8$1$a$b']) {
      expect(await verifyPassword('pw', stored), stored).toBe(false);
    }
    expect(await verifyPassword('', UNMATCHABLE_HASH)).toBe(false);
  });
});
