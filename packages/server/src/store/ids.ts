import { pooledRandomBytes } from '../domain/random-pool.js';

let lastMs = 0;
let counter = 0;

/** A UUIDv7: time-ordered (and monotonic within this process), so "latest first" can order by id. */
export function newId(now: number = Date.now()): string {
  const bytes = pooledRandomBytes(16);
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
