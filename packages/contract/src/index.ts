export * from './error-codes.js';
export * from './envelope.js';
export * from './paging.js';
export * from './lists.schema.js';
export * from './contacts.schema.js';
export * from './sequences.schema.js';
export * from './activity.schema.js';
export * from './admin.schema.js';
