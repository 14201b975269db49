import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HmacSha256 } from '../../src/domain/tracking/hmac-sha256.js';

describe('HmacSha256', () => {
  it('gives what createHmac gives, for keys shorter and longer than a block and messages up to 64 bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 100 }),
        fc.array(fc.uint8Array({ minLength: 0, maxLength: 64 }), { minLength: 1, maxLength: 4 }),
        (key, messages) => {
          const mac = new HmacSha256(Buffer.from(key));
          // Several messages with one instance: nothing of one digest leaks into the next.
          for (const m of messages) {
            const expected = createHmac('sha256', Buffer.from(key)).update(m).digest();
            expect(Buffer.from(mac.digestLatin1(m), 'latin1')).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a message longer than its block', () => {
    expect(() => new HmacSha256(Buffer.alloc(32)).digestLatin1(new Uint8Array(65))).toThrow(RangeError);
  });
});
