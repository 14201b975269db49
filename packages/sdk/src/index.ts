export { ApiError } from './api-error.js';
export { BlinkpostClient, type ClientOptions } from './client.js';
