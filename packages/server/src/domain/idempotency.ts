import { createHash } from 'node:crypto';
import { IDEMPOTENCY_KEY_MAX_LENGTH, IDEMPOTENCY_TTL_HOURS } from '@blinkpost/contract';

/** How long a key's first answer is kept and replayed. */
export const IDEMPOTENCY_TTL_MS = IDEMPOTENCY_TTL_HOURS * 3_600_000;

/**
 * A request holds its key this long; a claim older than this whose answer never came is taken for
 * abandoned (its process died) and the next request with the key runs instead of waiting forever.
 */
export const IDEMPOTENCY_LEASE_MS = 5 * 60_000;

const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/** Why an Idempotency-Key header value is unusable, or `undefined` when it is fine. */
export function idempotencyKeyProblem(value: string): string | undefined {
  if (value.length === 0) return 'is empty';
  if (value.length > IDEMPOTENCY_KEY_MAX_LENGTH) return `is longer than ${IDEMPOTENCY_KEY_MAX_LENGTH} characters`;
  if (!PRINTABLE_ASCII.test(value)) return 'may hold only printable ASCII characters without spaces (a UUID is ideal)';
  return undefined;
}

/** JSON with object keys sorted at every depth, so two spellings of one body read the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The fingerprint of what a request asks: its parsed body and query, key order aside. */
export function requestFingerprint(body: unknown, query: unknown): string {
  const raw = typeof body === 'string' || Buffer.isBuffer(body) ? { raw: body.toString() } : { body: body ?? null };
  return createHash('sha256')
    .update(canonicalJson({ ...raw, query: query ?? {} }))
    .digest('hex');
}

/** Collapses repeated slashes and drops a trailing one, as the router does, so `/lists/` and `/lists` share keys. */
export function normalisePath(path: string): string {
  const p = path.replace(/\/{2,}/g, '/');
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

/** Where a key lives: one workspace, one method, one path. */
export interface IdempotencyScope {
  workspaceId: string;
  method: string;
  path: string;
  key: string;
}

/** The row id of a key in its scope (a hash, so long paths and keys index alike). */
export function scopeId(s: IdempotencyScope): string {
  return createHash('sha256')
    .update([s.workspaceId, s.method.toUpperCase(), normalisePath(s.path), s.key].join('\u0000'))
    .digest('hex');
}

/** What is known of an earlier request with the same key. */
export interface EarlierAttempt {
  fingerprint: string;
  /** the answer's status, `null` while the request runs */
  status: number | null;
  createdAt: number;
  lockedUntil: number;
}

/**
 * What a new request does about an earlier one with its key: `expired` (older than 24 h: start over),
 * `reused` (another body: 422), `replay` (answer it again), `in_flight` (still running: 409),
 * `abandoned` (its claim lapsed without an answer: take the key over).
 */
export type EarlierVerdict = 'expired' | 'reused' | 'replay' | 'in_flight' | 'abandoned';

/** Judges an earlier attempt against a new request's fingerprint at time `now`. */
export function judgeEarlierAttempt(earlier: EarlierAttempt, fingerprint: string, now: number): EarlierVerdict {
  if (earlier.createdAt + IDEMPOTENCY_TTL_MS <= now) return 'expired';
  if (earlier.fingerprint !== fingerprint) return 'reused';
  if (earlier.status !== null) return 'replay';
  return earlier.lockedUntil > now ? 'in_flight' : 'abandoned';
}

/** Whether an answer is kept for replay: everything but server errors, which a retry may fix. */
export const isReplayable = (status: number): boolean => status < 500;
