import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

// Random bytes drawn 4 KiB at a time: a call into the system's generator per id costs more than the id.
const POOL_BYTES = 4096;
let pool = randomBytes(POOL_BYTES);
let poolAt = 0;

function random16(): Buffer {
  if (poolAt + 16 > POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    poolAt = 0;
  }
  // A copy: the id's bytes are written into below, and the pool is never handed out twice.
  const out = Buffer.from(pool.subarray(poolAt, poolAt + 16));
  poolAt += 16;
  return out;
}

/** A UUIDv7: time-ordered (and monotonic within this process), so "latest first" can order by id. */
export function newId(now: number = Date.now()): string {
  const bytes = random16();
  // Ids made in one millisecond (or under a frozen test clock) stay in creation order: the 12 bits
  // after the time are a counter that starts at a random point below half its range (RFC 9562, method 1).
  let ms = now;
  if (ms <= lastMs) {
    ms = lastMs;
    counter += 1;
    if (counter > 0xfff) {
      ms += 1;
      counter = 0;
    }
  } else {
    counter = (bytes[6] ?? 0) & 0x7ff;
  }
  lastMs = ms;
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
