import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SERVER_SCOPE, type SettingRepo } from '../store/setting.repo.js';

// Sealed text is `v1:<iv>:<tag>:<ciphertext>`, each part base64: AES-256-GCM with a fresh 96-bit IV
// per value. The version prefix lets a later format (another cipher, a key id for rotation) coexist.
const VERSION = 'v1';
const IV_BYTES = 12;
const KEY_BYTES = 32;

/** Seals secrets (SMTP/IMAP passwords, DKIM keys) for storage and opens them again. */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`the secret key must be ${KEY_BYTES} bytes, got ${key.length}`);
  }

  /** Encrypts `plain`; `context` (e.g. the column name) is authenticated, so a value only opens where it was sealed. */
  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  /** Decrypts what `seal` made with the same key and context; `undefined` when it cannot (another key, tampering). */
  open(sealed: string, context: string): string | undefined {
    const [version, iv, tag, body, ...rest] = sealed.split(':');
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined || rest.length > 0) {
      return undefined;
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

const CHECK_SETTING = 'secret_check';
const CHECK_CONTEXT = 'settings.secret_check';
const CHECK_TEXT = 'blinkpost';

/**
 * Makes sure the key opens what this database sealed before. The first start seals a known text in
 * `settings`; a later start with another key fails here, loudly, instead of every sender failing later.
 */
export async function checkSecretKey(settings: SettingRepo, box: SecretBox): Promise<void> {
  const stored = await settings.get(SERVER_SCOPE, CHECK_SETTING);
  if (stored === undefined) {
    await settings.set(SERVER_SCOPE, CHECK_SETTING, box.seal(CHECK_TEXT, CHECK_CONTEXT));
    return;
  }
  if (box.open(stored, CHECK_CONTEXT) !== CHECK_TEXT) {
    throw new Error(
      'The secret key does not open the secrets stored in this database (sender passwords, DKIM keys). ' +
        'Start with the key they were sealed with: the same BLINKPOST_SECRET, or the secret.key file of the ' +
        'data directory that was used before (its content also works as BLINKPOST_SECRET).',
    );
  }
}
