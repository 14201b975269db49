import { Type, type Static } from '@sinclair/typebox';
import { ApiKeySummary, KEY_ROLES } from './admin.schema.js';

/** Body of `POST /v1.0.0/keys`. */
export const CreateApiKeyBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, description: 'a label to recognise the key by' }),
  role: Type.Optional(
    Type.Union(
      KEY_ROLES.map((r) => Type.Literal(r)),
      { description: 'what the key may do (default admin, as a SalesBlink key has its owner’s rights)' },
    ),
  ),
});
export type CreateApiKeyBody = Static<typeof CreateApiKeyBody>;

/** A key just made or refreshed: as listed, but `key` is the whole secret, shown only this once. */
export const IssuedApiKey = Type.Object({
  ...ApiKeySummary.properties,
  key: Type.String({ description: 'the key itself (`bp_live_…`): shown only in this answer' }),
});
export type IssuedApiKey = Static<typeof IssuedApiKey>;

/** Path of routes that take a key id. */
export const ApiKeyIdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
