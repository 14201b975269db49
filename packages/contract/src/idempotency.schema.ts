import { Type } from '@sinclair/typebox';

/** The request header that makes a POST safe to retry (public-api.md §3). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** Longest Idempotency-Key accepted, in characters. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** How long a key's first answer is kept and replayed, in hours. */
export const IDEMPOTENCY_TTL_HOURS = 24;

/** The Idempotency-Key header as an OpenAPI parameter schema: printable ASCII, 1–255 characters. */
export const IdempotencyKey = Type.String({
  minLength: 1,
  maxLength: IDEMPOTENCY_KEY_MAX_LENGTH,
  pattern: '^[\\x21-\\x7E]+$',
  description:
    `Any unique string (a UUID is ideal). The same key and body within ${IDEMPOTENCY_TTL_HOURS} h answers the ` +
    'first response again (status, body, Content-Type; `Idempotent-Replayed: true`) and does nothing twice. ' +
    'The same key with another body: 422 idempotency_key_reused. While the first request runs: 409 ' +
    'idempotency_key_in_use with Retry-After. Scoped to the workspace, method and path; 5xx answers are not kept.',
});
