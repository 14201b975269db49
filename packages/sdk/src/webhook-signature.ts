import { createHmac, timingSafeEqual } from 'node:crypto';

/** Options of `verifyWebhookSignature`. */
export interface VerifyWebhookOptions {
  /** how old (or how far ahead) the signed timestamp may be; default 300 s */
  toleranceSeconds?: number;
  /** the time to check against, in Unix milliseconds as `Date.now()` answers; default now */
  now?: number;
}

/**
 * Whether a delivery is genuine and fresh: `header` is the `Blinkpost-Signature` header
 * (`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`), `body` the raw request body
 * exactly as received. A timestamp outside the tolerance fails too, so a captured delivery cannot
 * be replayed later. Dedupe retries on the `Blinkpost-Delivery` header.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string | Uint8Array,
  opts: VerifyWebhookOptions = {},
): boolean {
  if (!header) return false;
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') timestamp = value;
    else if (key === 'v1') signatures.push(value);
  }
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0) return false;
  const nowSeconds = (opts.now ?? Date.now()) / 1000;
  if (Math.abs(nowSeconds - Number(timestamp)) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
  // Several v1 entries may come while a secret is being rolled over: one match is enough.
  return signatures.some((hex) => {
    if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
    return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
  });
}
