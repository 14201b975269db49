import { describe, expect, it } from 'vitest';
import {
  IDEMPOTENCY_LEASE_MS,
  IDEMPOTENCY_TTL_MS,
  idempotencyKeyProblem,
  isReplayable,
  judgeEarlierAttempt,
  normalisePath,
  requestFingerprint,
  scopeId,
  type EarlierAttempt,
  type EarlierVerdict,
} from '../../src/domain/idempotency.js';

// The pure rules behind Idempotency-Key (public-api.md §3): what a new request does about an earlier
// one with its key, which keys are usable, and when two bodies are the same request.

const NOW = Date.parse('2026-03-02T10:00:00Z');
const FP = 'a'.repeat(64);
const earlier = (over: Partial<EarlierAttempt>): EarlierAttempt => ({
  fingerprint: FP,
  status: 200,
  createdAt: NOW - 1_000,
  lockedUntil: NOW - 1_000 + IDEMPOTENCY_LEASE_MS,
  ...over,
});

describe('judging an earlier attempt with the same key', () => {
  const cases: [string, EarlierAttempt, string, EarlierVerdict][] = [
    ['answered, same body', earlier({}), FP, 'replay'],
    ['answered with a 404, same body', earlier({ status: 404 }), FP, 'replay'],
    ['answered, another body', earlier({}), 'b'.repeat(64), 'reused'],
    ['still running, same body', earlier({ status: null }), FP, 'in_flight'],
    ['still running, another body', earlier({ status: null }), 'b'.repeat(64), 'reused'],
    ['claim lapsed without an answer', earlier({ status: null, lockedUntil: NOW }), FP, 'abandoned'],
    ['answered 24 h ago to the millisecond', earlier({ createdAt: NOW - IDEMPOTENCY_TTL_MS }), FP, 'expired'],
    ['answered 24 h ago, another body', earlier({ createdAt: NOW - IDEMPOTENCY_TTL_MS }), 'b'.repeat(64), 'expired'],
    ['answered a millisecond short of 24 h', earlier({ createdAt: NOW - IDEMPOTENCY_TTL_MS + 1 }), FP, 'replay'],
  ];
  it.each(cases)('%s', (_name, e, fingerprint, verdict) => {
    expect(judgeEarlierAttempt(e, fingerprint, NOW)).toBe(verdict);
  });
});

describe('the header value', () => {
  it.each([
    ['a UUID', '0f8fad5b-d9cb-469f-a165-70867728950e'],
    ['one character', 'x'],
    ['255 characters', 'k'.repeat(255)],
    ['punctuation', 'order:42/retry#1'],
  ])('accepts %s', (_name, value) => {
    expect(idempotencyKeyProblem(value)).toBeUndefined();
  });

  it.each([
    ['an empty value', '', /empty/],
    ['256 characters', 'k'.repeat(256), /longer than 255/],
    ['a space', 'two words', /printable ASCII/],
    ['a non-ASCII letter', 'clé', /printable ASCII/],
    ['a control character', 'a\tb', /printable ASCII/],
  ])('refuses %s', (_name, value, problem) => {
    expect(idempotencyKeyProblem(value)).toMatch(problem);
  });
});

describe('the request fingerprint', () => {
  it('is the same whatever the key order, at every depth', () => {
    const a = requestFingerprint({ list_id: 'l', contacts: [{ Email: 'a@x.io', First_Name: 'A' }] }, {});
    const b = requestFingerprint({ contacts: [{ First_Name: 'A', Email: 'a@x.io' }], list_id: 'l' }, {});
    expect(a).toBe(b);
  });

  it('differs when a value, the array order, the query or the presence of a body differs', () => {
    const base = requestFingerprint({ contacts: ['a', 'b'] }, {});
    expect(requestFingerprint({ contacts: ['b', 'a'] }, {})).not.toBe(base);
    expect(requestFingerprint({ contacts: ['a', 'b', 'c'] }, {})).not.toBe(base);
    expect(requestFingerprint({ contacts: ['a', 'b'] }, { dry: 'true' })).not.toBe(base);
    expect(requestFingerprint(undefined, {})).not.toBe(requestFingerprint({}, {}));
    expect(requestFingerprint({ n: 1 }, {})).not.toBe(requestFingerprint({ n: '1' }, {}));
  });
});

describe('the scope', () => {
  const scope = { workspaceId: 'w1', method: 'POST', path: '/api/public/contacts', key: 'k' };

  it('treats a trailing or doubled slash as the same path, as the router does', () => {
    expect(normalisePath('/api//public/contacts/')).toBe('/api/public/contacts');
    expect(scopeId({ ...scope, path: '/api/public/contacts/' })).toBe(scopeId(scope));
  });

  it('separates workspaces, methods, paths and keys', () => {
    const ids = new Set([
      scopeId(scope),
      scopeId({ ...scope, workspaceId: 'w2' }),
      scopeId({ ...scope, path: '/api/public/v1.0.0/contacts' }),
      scopeId({ ...scope, key: 'k2' }),
      scopeId({ ...scope, method: 'PATCH' }),
    ]);
    expect(ids.size).toBe(5);
  });
});

describe('which answers are kept', () => {
  it.each([
    [200, true],
    [201, true],
    [400, true],
    [404, true],
    [409, true],
    [499, true],
    [500, false],
    [501, false],
    [503, false],
  ])('status %i: %s', (status, kept) => {
    expect(isReplayable(status)).toBe(kept);
  });
});
