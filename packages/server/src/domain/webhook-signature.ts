import { createHmac } from 'node:crypto';

/** Every webhook secret starts with this, so a leaked one is recognisable. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A webhook secret from 32 random bytes: the prefix and 32 base-62 characters. */
export function formatWebhookSecret(random: Uint8Array): string {
  let body = '';
  for (const byte of random.subarray(0, 32)) body += ALPHABET[byte % ALPHABET.length];
  return WEBHOOK_SECRET_PREFIX + body;
}

/**
 * The `Blinkpost-Signature` header of a delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256>` over
 * `t + "." + body`, keyed with the whole secret (prefix included) as UTF-8.
 */
export function webhookSignature(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}
