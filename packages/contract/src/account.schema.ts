import { Type, type Static } from '@sinclair/typebox';
import { KEY_ROLES } from './admin.schema.js';

/**
 * `GET /account/verify`: who the key is. SalesBlink clients read `email`, `name` and `org`; a
 * Blinkpost key belongs to a workspace rather than a person, so `email` is "" (never null).
 */
export const AccountVerification = Type.Object({
  valid: Type.Literal(true),
  email: Type.String({ description: 'the owner\'s address; "" because Blinkpost keys belong to a workspace' }),
  name: Type.String({ description: "the key's name" }),
  org: Type.String({ description: "the workspace's name" }),
  workspace_id: Type.String(),
  workspace_name: Type.String(),
  role: Type.Union(KEY_ROLES.map((r) => Type.Literal(r))),
  key_id: Type.String(),
  key: Type.String({ description: 'the first characters of the key, as GET /keys shows them' }),
});
export type AccountVerification = Static<typeof AccountVerification>;
