import { randomBytes } from 'node:crypto';

// Random bytes drawn 4 KiB at a time: a call into the system's generator per id or key (one per
// message sent) costs more than the 16 bytes it gives.
const POOL_BYTES = 4096;
let pool = randomBytes(POOL_BYTES);
let poolAt = 0;

/** `n` (≤ 4096) fresh random bytes of a shared pool, as a copy of their own: no byte is handed out twice. */
export function pooledRandomBytes(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0 || n > POOL_BYTES) throw new RangeError(`0 to ${POOL_BYTES} bytes, not ${n}`);
  if (poolAt + n > POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    poolAt = 0;
  }
  const out = Buffer.from(pool.subarray(poolAt, poolAt + n));
  poolAt += n;
  return out;
}
