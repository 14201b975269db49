import { boundedMemo } from '../bounded-memo.js';
import { pooledRandomBytes } from '../random-pool.js';
import { HmacSha256 } from './hmac-sha256.js';

/** What a tracking token stands for: an open pixel, a click on one link, or an unsubscribe link. */
export type TokenKind = 'o' | 'c' | 'u';

/** What a token carries: the message's random track key and, for clicks, the link's index. */
export interface TokenPayload {
  kind: TokenKind;
  trackKey: Buffer;
  /** 0..65535, clicks only */
  link?: number;
}

/** Bytes in a message's track key. */
export const TRACK_KEY_BYTES = 16;
/** The highest link index a click token can carry. */
export const MAX_LINK_INDEX = 0xffff;

// 16 bytes of HMAC-SHA256 is 128 bits: forging one means guessing, and every guess is a request.
const MAC_BYTES = 16;
const MIN_SECRET_BYTES = 16;
const KIND_BYTE: Readonly<Record<TokenKind, number>> = { o: 0x6f, c: 0x63, u: 0x75 };
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const bodyBytes = (kind: TokenKind): number => 1 + TRACK_KEY_BYTES + (kind === 'c' ? 2 : 0);
const tokenBytes = (kind: TokenKind): number => bodyBytes(kind) + MAC_BYTES;
/** The length of a well-formed token of each kind: 44 characters, 47 for clicks. */
export const TOKEN_LENGTH: Readonly<Record<TokenKind, number>> = {
  o: Math.ceil((tokenBytes('o') * 4) / 3),
  c: Math.ceil((tokenBytes('c') * 4) / 3),
  u: Math.ceil((tokenBytes('u') * 4) / 3),
};
const isLinkIndex = (n: unknown): n is number =>
  Number.isInteger(n) && (n as number) >= 0 && (n as number) <= MAX_LINK_INDEX;
// A secret's HMAC pads are prepared once (importing the raw key per call was a fifth of its cost).
const macs = new WeakMap<Buffer, HmacSha256>();
function macOf(secret: Buffer): HmacSha256 {
  let mac = macs.get(secret);
  if (!mac) {
    mac = new HmacSha256(secret);
    macs.set(secret, mac);
  }
  return mac;
}
// The value of each base64url character, for the check of a token's last one.
const SEXTET = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].map((c, i) => [c, i]));
// A token is decoded into this, and its body read through a view of it made once per kind: checking a
// token allocates no Buffer but the copy of a good one's track key (see hmac-sha256.ts for why that
// matters). One thread runs a check at a time.
const decoded = Buffer.alloc(tokenBytes('c'));
const bodyOf: Readonly<Record<TokenKind, Buffer>> = {
  o: decoded.subarray(0, bodyBytes('o')),
  c: decoded.subarray(0, bodyBytes('c')),
  u: decoded.subarray(0, bodyBytes('u')),
};

/** A fresh random track key for one message; the caller stores it with the message. */
export function newTrackKey(): Buffer {
  return pooledRandomBytes(TRACK_KEY_BYTES);
}

/**
 * The URL-safe token for `payload`: base64url of kind byte, track key, link (2 bytes, clicks only)
 * and the first 16 bytes of HMAC-SHA256(secret, those bytes). Pass a secret used for nothing else.
 * Throws on a payload that cannot be signed (a programming error, never user input).
 */
export function signToken(secret: Buffer, payload: TokenPayload): string {
  const { kind, trackKey, link } = payload;
  if (secret.length < MIN_SECRET_BYTES) throw new RangeError(`the secret must have at least ${MIN_SECRET_BYTES} bytes`);
  if (!Object.hasOwn(KIND_BYTE, kind)) throw new RangeError(`unknown token kind ${JSON.stringify(kind)}`);
  if (trackKey.length !== TRACK_KEY_BYTES) throw new RangeError(`the track key must have ${TRACK_KEY_BYTES} bytes`);
  if (kind !== 'c' && link !== undefined) throw new RangeError('only click tokens carry a link index');
  if (kind === 'c' && !isLinkIndex(link))
    throw new RangeError(`a click token needs a link index in 0..${MAX_LINK_INDEX}`);

  const body = Buffer.alloc(bodyBytes(kind));
  body[0] = KIND_BYTE[kind];
  trackKey.copy(body, 1);
  if (kind === 'c') body.writeUInt16BE(link ?? 0, 1 + TRACK_KEY_BYTES);
  const mac = Buffer.from(macOf(secret).digestLatin1(body), 'latin1').subarray(0, MAC_BYTES);
  return Buffer.concat([body, mac]).toString('base64url');
}

/**
 * The payload of a token this secret signed for `expectedKind`, or `undefined` for anything else:
 * forged, truncated, extended, of another kind, not canonical base64url. Never throws.
 */
export function verifyToken(secret: Buffer, token: string, expectedKind: TokenKind): TokenPayload | undefined {
  if (typeof token !== 'string' || !Buffer.isBuffer(secret) || !Object.hasOwn(KIND_BYTE, expectedKind))
    return undefined;
  const length = tokenBytes(expectedKind);
  // Length and alphabet first, so a hostile string costs nothing to refuse.
  if (token.length !== TOKEN_LENGTH[expectedKind] || !BASE64URL.test(token)) return undefined;
  // The last character's unused low bits must be zero, or two spellings would stand for one token.
  const unusedBits = token.length * 6 - length * 8;
  if ((SEXTET.get(token[token.length - 1]!)! & ((1 << unusedBits) - 1)) !== 0) return undefined;
  if (decoded.write(token, 'base64url') !== length) return undefined;

  const body = bodyOf[expectedKind];
  const mac = macOf(secret).digestLatin1(body);
  // Compared in constant time: every byte is looked at whatever the first difference.
  let difference = 0;
  for (let i = 0; i < MAC_BYTES; i++) difference |= decoded[body.length + i]! ^ mac.charCodeAt(i);
  if (difference !== 0 || body[0] !== KIND_BYTE[expectedKind]) return undefined;

  const trackKey = Buffer.from(body.subarray(1, 1 + TRACK_KEY_BYTES));
  return expectedKind === 'c'
    ? { kind: 'c', trackKey, link: body.readUInt16BE(1 + TRACK_KEY_BYTES) }
    : { kind: expectedKind, trackKey };
}

/** What a checked token names, as the tracking side uses it: the message's track key (hex), a click's link. */
export interface CheckedToken {
  trackKey: string;
  link?: number;
}

/**
 * `verifyToken` for one secret and kind that remembers its verdicts on the last `size` tokens, good and
 * forged alike: a pixel or a link is fetched again and again (a scanner or proxy, then the reader), and
 * on a loaded server the check was the dearest part of answering a click from memory (docs/benchmarks.md,
 * Session 10). Only tokens of the kind's length are remembered; others are refused without a MAC anyway.
 */
export function rememberedTokenCheck(
  secret: Buffer,
  kind: TokenKind,
  size: number,
): (token: string) => CheckedToken | undefined {
  const remembered = boundedMemo((token: string): CheckedToken | undefined => {
    const payload = verifyToken(secret, token, kind);
    if (!payload) return undefined;
    const trackKey = payload.trackKey.toString('hex');
    return payload.link === undefined ? { trackKey } : { trackKey, link: payload.link };
  }, size);
  return (token) => (token.length === TOKEN_LENGTH[kind] ? remembered(token) : undefined);
}
