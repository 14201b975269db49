import { Type, type Static } from '@sinclair/typebox';

/** Key roles: admins may manage keys and maintenance; members may not. */
export const KEY_ROLES = ['admin', 'member'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

/** An API key as listed: never the key itself, only its readable prefix. */
export const ApiKeySummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.Union(KEY_ROLES.map((r) => Type.Literal(r))),
  key: Type.String({ description: 'the first characters of the key, to tell keys apart' }),
  created_at: Type.String(),
  last_used_at: Type.String({ description: 'ISO-8601 UTC, or "" when never used' }),
});
export type ApiKeySummary = Static<typeof ApiKeySummary>;

/** Body of the maintenance switch. */
export const MaintenanceBody = Type.Object({
  enabled: Type.Boolean(),
  retry_after: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400, description: 'seconds (default 300)' })),
});
export type MaintenanceBody = Static<typeof MaintenanceBody>;

/** State of the maintenance switch. */
export const MaintenanceState = Type.Object({ enabled: Type.Boolean(), retry_after: Type.Integer() });
export type MaintenanceState = Static<typeof MaintenanceState>;
