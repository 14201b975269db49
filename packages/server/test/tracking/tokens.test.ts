import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_LINK_INDEX,
  newTrackKey,
  rememberedTokenCheck,
  signToken,
  TRACK_KEY_BYTES,
  verifyToken,
  type TokenKind,
  type TokenPayload,
} from '../../src/domain/tracking/index.js';

const SECRET = Buffer.from('0123456789abcdef0123456789abcdef');
const OTHER_SECRET = Buffer.from('fedcba9876543210fedcba9876543210');
const KINDS: TokenKind[] = ['o', 'c', 'u'];
const BASE64URL_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const trackKey = fc.uint8Array({ minLength: TRACK_KEY_BYTES, maxLength: TRACK_KEY_BYTES }).map((a) => Buffer.from(a));
const payload: fc.Arbitrary<TokenPayload> = fc.oneof(
  fc.record({ kind: fc.constantFrom<TokenKind>('o', 'u'), trackKey }),
  fc.record({ kind: fc.constant<TokenKind>('c'), trackKey, link: fc.integer({ min: 0, max: MAX_LINK_INDEX }) }),
);

describe('signToken and verifyToken', () => {
  it('give back the payload that was signed, as a URL-safe string', () => {
    fc.assert(
      fc.property(payload, (p) => {
        const token = signToken(SECRET, p);
        expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(verifyToken(SECRET, token, p.kind)).toEqual(p);
      }),
    );
  });

  it('are what links in mail already sent carry: base64url(kind, key, link, first 16 bytes of HMAC-SHA256)', () => {
    // Built here with createHmac, as tokens were signed before the HMAC was computed from one-shot hashes:
    // a change of format or MAC would break every tracked link already delivered.
    const key = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    for (const [kind, link] of [
      ['o', undefined],
      ['u', undefined],
      ['c', 0x1234],
    ] as const) {
      const body = Buffer.concat([
        Buffer.from(kind),
        key,
        link === undefined ? Buffer.alloc(0) : Buffer.from([link >> 8, link & 0xff]),
      ]);
      const mac = createHmac('sha256', SECRET).update(body).digest().subarray(0, 16);
      const expected = Buffer.concat([body, mac]).toString('base64url');
      const payload: TokenPayload = link === undefined ? { kind, trackKey: key } : { kind, trackKey: key, link };
      expect(signToken(SECRET, payload)).toBe(expected);
      expect(verifyToken(SECRET, expected, kind)).toEqual(payload);
    }
  });

  it('make tokens of a fixed length: 44 characters, 47 for clicks', () => {
    const key = newTrackKey();
    expect(signToken(SECRET, { kind: 'o', trackKey: key })).toHaveLength(44);
    expect(signToken(SECRET, { kind: 'u', trackKey: key })).toHaveLength(44);
    expect(signToken(SECRET, { kind: 'c', trackKey: key, link: 7 })).toHaveLength(47);
  });

  it('refuse a token whose bytes differ in any single byte', () => {
    fc.assert(
      fc.property(payload, fc.nat(), fc.integer({ min: 1, max: 255 }), (p, at, xor) => {
        const bytes = Buffer.from(signToken(SECRET, p), 'base64url');
        const i = at % bytes.length;
        bytes[i] = bytes[i]! ^ xor;
        expect(verifyToken(SECRET, bytes.toString('base64url'), p.kind)).toBeUndefined();
      }),
    );
  });

  it('refuse a token with any single character changed, unused low bits included', () => {
    fc.assert(
      fc.property(payload, fc.nat(), fc.nat(), (p, at, by) => {
        const token = signToken(SECRET, p);
        const i = at % token.length;
        const old = BASE64URL_CHARS.indexOf(token[i]!);
        const replacement = BASE64URL_CHARS[(old + 1 + (by % 63)) % 64]!;
        const changed = token.slice(0, i) + replacement + token.slice(i + 1);
        expect(verifyToken(SECRET, changed, p.kind)).toBeUndefined();
      }),
    );
  });

  it('refuse a second spelling of a click token (the unused low bits of its last character)', () => {
    fc.assert(
      fc.property(
        trackKey,
        fc.integer({ min: 0, max: MAX_LINK_INDEX }),
        fc.integer({ min: 1, max: 3 }),
        (key, link, bits) => {
          const token = signToken(SECRET, { kind: 'c', trackKey: key, link });
          const last = BASE64URL_CHARS.indexOf(token.at(-1)!);
          const respelled = token.slice(0, -1) + BASE64URL_CHARS[last ^ bits]!;
          expect(Buffer.from(respelled, 'base64url')).toEqual(Buffer.from(token, 'base64url'));
          expect(verifyToken(SECRET, respelled, 'c')).toBeUndefined();
        },
      ),
    );
  });

  it('refuse a truncated or extended token', () => {
    fc.assert(
      fc.property(payload, fc.nat(), fc.string({ minLength: 1, maxLength: 8 }), (p, cut, extra) => {
        const token = signToken(SECRET, p);
        expect(verifyToken(SECRET, token.slice(0, cut % token.length), p.kind)).toBeUndefined();
        expect(verifyToken(SECRET, token + extra, p.kind)).toBeUndefined();
        expect(verifyToken(SECRET, `${token}=`, p.kind)).toBeUndefined();
      }),
    );
  });

  it('refuse a token of another kind or signed with another secret', () => {
    fc.assert(
      fc.property(payload, (p) => {
        const token = signToken(SECRET, p);
        for (const kind of KINDS.filter((k) => k !== p.kind)) expect(verifyToken(SECRET, token, kind)).toBeUndefined();
        expect(verifyToken(OTHER_SECRET, token, p.kind)).toBeUndefined();
      }),
    );
  });

  it('refuse an open token relabelled as an unsubscribe token (same length, other kind byte)', () => {
    const key = newTrackKey();
    const bytes = Buffer.from(signToken(SECRET, { kind: 'o', trackKey: key }), 'base64url');
    bytes[0] = 'u'.charCodeAt(0);
    expect(verifyToken(SECRET, bytes.toString('base64url'), 'u')).toBeUndefined();
  });

  it('answer undefined, never throw, for random strings', () => {
    const alphabet = fc.constantFrom(...BASE64URL_CHARS);
    const sameLength = fc.oneof(
      fc.string({ unit: alphabet, minLength: 44, maxLength: 44 }),
      fc.string({ unit: alphabet, minLength: 47, maxLength: 47 }),
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), sameLength),
        fc.constantFrom(...KINDS),
        (s, kind) => {
          expect(verifyToken(SECRET, s, kind)).toBeUndefined();
        },
      ),
    );
  });

  it('answer undefined for values that are not tokens at all', () => {
    const notStrings: unknown[] = [undefined, null, 42, {}, Buffer.from('x')];
    for (const value of notStrings) expect(verifyToken(SECRET, value as string, 'o')).toBeUndefined();
    const token = signToken(SECRET, { kind: 'o', trackKey: newTrackKey() });
    expect(verifyToken(SECRET, token, 'x' as TokenKind)).toBeUndefined();
    expect(verifyToken(SECRET, token, 'toString' as TokenKind)).toBeUndefined();
  });

  it('refuse to sign what cannot be verified', () => {
    const key = newTrackKey();
    expect(() => signToken(Buffer.from('short'), { kind: 'o', trackKey: key })).toThrow(RangeError);
    expect(() => signToken(SECRET, { kind: 'o', trackKey: key.subarray(0, 15) })).toThrow(RangeError);
    expect(() => signToken(SECRET, { kind: 'c', trackKey: key })).toThrow(RangeError);
    expect(() => signToken(SECRET, { kind: 'c', trackKey: key, link: MAX_LINK_INDEX + 1 })).toThrow(RangeError);
    expect(() => signToken(SECRET, { kind: 'c', trackKey: key, link: 1.5 })).toThrow(RangeError);
    expect(() => signToken(SECRET, { kind: 'o', trackKey: key, link: 0 })).toThrow(RangeError);
    expect(() => signToken(SECRET, { kind: 'z' as TokenKind, trackKey: key })).toThrow(RangeError);
  });
});

describe('newTrackKey', () => {
  it('makes a different 16-byte key each time', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => newTrackKey().toString('hex')));
    expect(keys.size).toBe(1000);
    expect(newTrackKey()).toHaveLength(16);
  });
});

describe('rememberedTokenCheck', () => {
  it('answers what verifyToken says, as the track key in hex and a click’s link, for good tokens only', () => {
    const key = newTrackKey();
    const clicks = rememberedTokenCheck(SECRET, 'c', 10);
    const click = signToken(SECRET, { kind: 'c', trackKey: key, link: 3 });
    for (let i = 0; i < 2; i++) expect(clicks(click)).toEqual({ trackKey: key.toString('hex'), link: 3 });
    const opens = rememberedTokenCheck(SECRET, 'o', 10);
    const open = signToken(SECRET, { kind: 'o', trackKey: key });
    expect(opens(open)).toEqual({ trackKey: key.toString('hex') });
    // Forged, of another kind, of another length, signed with another secret: refused every time.
    const forged = `${open.slice(0, -1)}${open.endsWith('A') ? 'E' : 'A'}`;
    for (const token of [forged, forged, click, `${open}A`, signToken(OTHER_SECRET, { kind: 'o', trackKey: key })])
      expect(opens(token)).toBeUndefined();
  });
});
