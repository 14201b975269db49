import { randomBytes, scryptSync } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

// A fixed salt: the derivation must give every process of one install the same key from the same text.
// scrypt makes guessing a short, human-chosen BLINKPOST_SECRET slow; random key files lose nothing by it.
const SALT = 'blinkpost/secret-key/v1';

/** The 32-byte encryption key for a secret text (BLINKPOST_SECRET, or a key file's content). */
export function deriveSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  if (trimmed === '') throw new Error('BLINKPOST_SECRET is empty; set it to a long random text or unset it');
  return scryptSync(trimmed, SALT, 32);
}

/**
 * The key from `path`, creating the file (mode 0600, 32 random bytes in base64) on first run.
 * The file holds text, so its content can be copied into BLINKPOST_SECRET for a second machine.
 */
export function loadOrCreateKeyFile(path: string): Buffer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(dirname(path), { recursive: true });
    try {
      // 'wx' fails if another process made the file meanwhile; then its key is the one to use.
      writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
    }
    text = readFileSync(path, 'utf8');
  }
  // A key file others can read gives the secrets away; tighten it rather than refuse to start.
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    try {
      chmodSync(path, 0o600);
    } catch {
      // not ours to change; the key still works
    }
  }
  return deriveSecretKey(text);
}
