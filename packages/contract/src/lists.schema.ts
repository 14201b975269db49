import { Type, type Static } from '@sinclair/typebox';
import { ListingQuery } from './paging.js';

/** A list of leads, as SalesBlink's `GET /lists` describes it. */
export const List = Type.Object({
  id: Type.String(),
  name: Type.String(),
  contacts_count: Type.Integer(),
  created_at: Type.String({ description: 'ISO-8601 UTC' }),
  last_modified: Type.String({ description: 'ISO-8601 UTC' }),
  archived: Type.Boolean(),
  starred: Type.Boolean(),
  owned_by: Type.String(),
  fields: Type.Array(Type.String(), { description: "the list's column names" }),
});
export type List = Static<typeof List>;

/** Body of `POST /v1.0.0/lists`. */
export const CreateListBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    starred: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);
export type CreateListBody = Static<typeof CreateListBody>;

/** Query of `GET /lists`. */
export const ListListsQuery = Type.Object(ListingQuery('case-insensitive part of the name'));
export type ListListsQuery = Static<typeof ListListsQuery>;

/** Path of routes that take a list id. */
export const ListIdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
