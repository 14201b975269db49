import { hkdfSync } from 'node:crypto';
import { signToken, unsubscribeHeaders } from '../domain/tracking/index.js';

/** The tracked URLs of one message. */
export interface MessageLinks {
  open: string;
  click(index: number): string;
  unsubscribe: string;
}

/** The key tracking tokens are signed with: derived from the server's secret, used for nothing else. */
export function trackingSecret(serverKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', serverKey, Buffer.alloc(0), 'blinkpost tracking tokens v1', 32));
}

/** A sender's custom tracking domain as a base URL: `track.example.com` means `https://track.example.com`. */
export function trackingBase(custom: string, fallback: string): string {
  const given = custom.trim().replace(/\/+$/, '');
  if (given === '') return fallback.replace(/\/+$/, '');
  return /^https?:\/\//i.test(given) ? given : `https://${given}`;
}

/** Builds the open, click and unsubscribe URLs of a message from its track key. */
export class TrackingLinks {
  constructor(
    private readonly secret: Buffer,
    /** the server's public URL (BLINKPOST_PUBLIC_URL, else where it listens) */
    private readonly publicUrl: () => string,
  ) {}

  /** The message's URLs; each is signed when first asked for (a send needs one or two of them). */
  forMessage(trackKeyHex: string, senderTrackingUrl: string): MessageLinks {
    const trackKey = Buffer.from(trackKeyHex, 'hex');
    const base = trackingBase(senderTrackingUrl, this.publicUrl());
    const secret = this.secret;
    let open: string | undefined;
    let unsubscribe: string | undefined;
    return {
      get open() {
        return (open ??= `${base}/t/o/${signToken(secret, { kind: 'o', trackKey })}`);
      },
      click: (link) => `${base}/t/c/${signToken(secret, { kind: 'c', trackKey, link })}`,
      get unsubscribe() {
        return (unsubscribe ??= `${base}/t/u/${signToken(secret, { kind: 'u', trackKey })}`);
      },
    };
  }
}

/**
 * The List-Unsubscribe headers of a message. One-click (RFC 8058) needs an https URL; a server reached
 * over plain http (a first local run) still offers its URL and the mailto, without the one-click header.
 */
export function listUnsubscribeHeaders(url: string | undefined, mailto: string): Record<string, string> {
  if (url?.startsWith('https://')) return { ...unsubscribeHeaders({ httpsUrl: url, mailto }) };
  return { 'List-Unsubscribe': url ? `<${url}>, <${mailto}>` : `<${mailto}>` };
}
