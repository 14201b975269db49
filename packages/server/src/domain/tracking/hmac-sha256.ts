import { hash } from 'node:crypto';

const BLOCK_BYTES = 64;
const DIGEST_BYTES = 32;
// The longest message a MAC is asked for here (a token's body is 17 or 19 bytes).
const MAX_MESSAGE_BYTES = 64;

/**
 * HMAC-SHA256 (RFC 2104, §2) of short messages, built from two one-shot hashes over pads prepared once
 * per key: H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)). It allocates no Buffer: the blocks are kept, and the
 * digests travel as latin1 ("binary") strings, a character per byte. On a loaded server `createHmac`
 * (a stream object per call) and a Buffer per digest made checking a click's token cost 19–27 µs per
 * request against 4–6 for this (docs/benchmarks.md, Session 10). Tested against `createHmac`
 * (test/tracking/hmac-sha256.test.ts) and pinned by a token built with it (tokens.test.ts).
 */
export class HmacSha256 {
  private readonly inner = Buffer.alloc(BLOCK_BYTES + MAX_MESSAGE_BYTES, 0x36);
  private readonly outer = Buffer.alloc(BLOCK_BYTES + DIGEST_BYTES, 0x5c);
  // The inner block's first 64 + n bytes, by message length n: a view is made once per length.
  private readonly innerViews = new Map<number, Buffer>();

  constructor(key: Buffer) {
    // A key longer than a block is hashed first; a shorter one is padded with zeros (the pads' XOR).
    const k = key.length > BLOCK_BYTES ? hash('sha256', key, 'buffer') : key;
    for (let i = 0; i < k.length; i++) {
      this.inner[i]! ^= k[i]!;
      this.outer[i]! ^= k[i]!;
    }
  }

  /**
   * The 32-byte MAC of `message` (at most 64 bytes) as a latin1 string. The blocks are the only state
   * kept between calls, and nothing in here awaits: calls on one thread never interleave.
   */
  digestLatin1(message: Uint8Array): string {
    if (message.length > MAX_MESSAGE_BYTES) throw new RangeError(`at most ${MAX_MESSAGE_BYTES} bytes`);
    this.inner.set(message, BLOCK_BYTES);
    let view = this.innerViews.get(message.length);
    if (!view) {
      view = this.inner.subarray(0, BLOCK_BYTES + message.length);
      this.innerViews.set(message.length, view);
    }
    this.outer.write(hash('sha256', view, 'binary'), BLOCK_BYTES, 'latin1');
    return hash('sha256', this.outer, 'binary');
  }
}
