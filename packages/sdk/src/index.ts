export { ApiError } from './api-error.js';
export { BlinkpostClient, type ClientOptions } from './client.js';
export type { Envelope, Query } from './requester.js';
export { SendersApi, type SenderListQuery } from './senders.api.js';
export { TemplatesApi } from './templates.api.js';
export { WebhooksApi } from './webhooks.api.js';
export { verifyWebhookSignature, type VerifyWebhookOptions } from './webhook-signature.js';
export { SequencesApi, type LeadPaging, type SequenceListQuery } from './sequences.api.js';
export type * from './sequence-reports.types.js';
