import { scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's cost: N = 2^15, r = 8, p = 1 (about 32 MiB and tens of milliseconds a hash). */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const PREFIX = 'scrypt';

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  // Node refuses more than 32 MiB by default; give room for the parameters a stored hash names.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/**
 * Hashes a password with scrypt under `salt` (16 random bytes, one per user). The parameters are
 * stored with the hash (`scrypt$N$r$p$salt$hash`, base64url), so raising them later leaves old hashes
 * readable.
 */
export async function hashPassword(password: string, salt: Uint8Array): Promise<string> {
  const key = await derive(password, Buffer.from(salt), PARAMS);
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');
  return [PREFIX, PARAMS.N, PARAMS.r, PARAMS.p, b64(salt), b64(key)].join('$');
}

/** Parses a stored hash; undefined for anything this code did not write. */
function parse(stored: string) {
  const [prefix, n, r, p, salt, key, ...rest] = stored.split('$');
  if (prefix !== PREFIX || rest.length > 0 || !salt || !key) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const sane =
    Number.isInteger(params.N) &&
    params.N >= 2 &&
    params.N <= 2 ** 20 &&
    (params.N & (params.N - 1)) === 0 &&
    Number.isInteger(params.r) &&
    params.r >= 1 &&
    params.r <= 32 &&
    Number.isInteger(params.p) &&
    params.p >= 1 &&
    params.p <= 16;
  return sane ? { params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') } : undefined;
}

/** Whether `password` matches a stored hash, compared in constant time; false for an unreadable hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || parsed.key.length !== KEY_BYTES) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** A hash no password matches, with the current cost: checked when no user has the email, so both cases take as long. */
export const UNMATCHABLE_HASH = `${PREFIX}$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_BYTES).toString('base64url')}`;
