import { createHash, timingSafeEqual } from 'node:crypto';

/** Every key starts with this, so a leaked key is recognisable (and secret scanners can find it). */
export const KEY_PREFIX = 'bp_live_';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Builds a key from 40 random bytes: the prefix and 40 base-62 characters (about 238 bits). */
export function formatApiKey(random: Uint8Array): string {
  let body = '';
  for (const byte of random) body += ALPHABET[byte % ALPHABET.length];
  return KEY_PREFIX + body;
}

/** The stored form of a long random secret (an API key, a session token): one SHA-256 is enough. */
export const hashSecretToken = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Whether a secret a caller sent (a CSRF token, the metrics token) is the expected one, in constant time. */
export function secretMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The only form of a key that is stored. */
export const hashApiKey = hashSecretToken;

/** What a key list shows of a key: enough to tell keys apart, too little to use. */
export const keyHint = (key: string): string => `${key.slice(0, KEY_PREFIX.length + 4)}…`;
