import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatApiKey, hashApiKey, KEY_PREFIX, keyHint } from '../../src/domain/api-key.js';

const forty = fc.uint8Array({ minLength: 40, maxLength: 40 });

describe('formatApiKey', () => {
  it('starts with bp_live_ and carries at least 32 random characters after it', () => {
    expect(KEY_PREFIX).toBe('bp_live_');
    fc.assert(
      fc.property(forty, (random) => {
        const key = formatApiKey(random);
        expect(key.startsWith('bp_live_')).toBe(true);
        expect(key.slice(KEY_PREFIX.length)).toMatch(/^[A-Za-z0-9]{32,}$/);
      }),
    );
  });

  it('makes different keys from different randomness', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => formatApiKey(randomBytes(40))));
    expect(keys.size).toBe(1000);
  });
});

describe('hashApiKey', () => {
  it('is the SHA-256 of the key in lower-case hex', () => {
    // The published SHA-256 test vector for "abc".
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    fc.assert(
      fc.property(forty, (random) => {
        const key = formatApiKey(random);
        expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
        expect(hashApiKey(key)).not.toContain(key.slice(KEY_PREFIX.length));
      }),
    );
  });
});

describe('keyHint', () => {
  it('shows the prefix and at most four characters of the key', () => {
    fc.assert(
      fc.property(forty, (random) => {
        const key = formatApiKey(random);
        const hint = keyHint(key);
        const shown = hint.replace(/…$/, '');
        expect(key.startsWith(shown)).toBe(true);
        expect(shown.length).toBeLessThanOrEqual(KEY_PREFIX.length + 4);
        expect(hint).not.toContain(key.slice(KEY_PREFIX.length + 4));
      }),
    );
  });

  it('tells keys apart by their first characters', () => {
    expect(keyHint('bp_live_AbCdEfGh')).toBe('bp_live_AbCd…');
  });
});
