/** Every error code the public API can answer with; clients may switch on these. */
export const ERROR_CODES = [
  'invalid_request',
  'invalid_json',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'not_acceptable',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal_error',
  'maintenance',
  'shutting_down',
  'not_implemented',
  'idempotency_key_in_use',
  'idempotency_key_reused',
] as const;

/** A stable, snake_case error code of the public API. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The HTTP status that answers each error code; the one table both server and SDK read. */
export const STATUS_OF: Record<ErrorCode, number> = {
  invalid_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  conflict: 409,
  idempotency_key_in_use: 409,
  idempotency_key_reused: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  not_implemented: 501,
  maintenance: 503,
  shutting_down: 503,
};
