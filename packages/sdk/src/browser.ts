// The browser's entry: the client and every type, without the webhook verifier (it needs node:crypto).
export type * from './index.js';
export { ApiError } from './api-error.js';
export { BlinkpostClient } from './client.js';
