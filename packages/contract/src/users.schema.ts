import { Type, type Static } from '@sinclair/typebox';
import { ListingQuery } from './paging.js';

/** SalesBlink's user roles; `user` is the default. */
export const USER_ROLES = ['client', 'user', 'admin', 'developer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** `invited` until the user has a dashboard password (`blinkpost users set-password`), then `active`. */
export const USER_STATUSES = ['invited', 'active'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

const Role = (description?: string) =>
  Type.Union(
    USER_ROLES.map((r) => Type.Literal(r)),
    description ? { description } : {},
  );

/** A person of a workspace. */
export const User = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String({ description: '"" until set' }),
  role: Role(),
  status: Type.Union(USER_STATUSES.map((s) => Type.Literal(s))),
  url: Type.String({ description: 'where the invitation leads after accepting it; "" when not given' }),
  created_at: Type.String(),
  last_modified: Type.String(),
});
export type User = Static<typeof User>;

/** Query of `GET /v1.0.0/users`. */
export const ListUsersQuery = Type.Object({
  ...ListingQuery('part of the email or name, ignoring case'),
  owned_by: Type.Optional(Type.String({ description: 'accepted and ignored (SalesBlink filters by owner)' })),
});
export type ListUsersQuery = Static<typeof ListUsersQuery>;

/** Body of `POST /v1.0.0/users`: invite a person. */
export const CreateUserBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 320 }),
  role: Type.Optional(Role('default user')),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  url: Type.Optional(Type.String({ maxLength: 2048, description: 'where to go after accepting the invitation' })),
});
export type CreateUserBody = Static<typeof CreateUserBody>;

/** Body of `PATCH /v1.0.0/users/:id`. */
export const UpdateUserBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 200 })),
  role: Type.Optional(Role()),
});
export type UpdateUserBody = Static<typeof UpdateUserBody>;

/** Path of routes that take a user id. */
export const UserIdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
