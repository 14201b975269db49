import { Type, type Static } from '@sinclair/typebox';
import { ListingQuery } from './paging.js';

/** The list settings `PATCH /lists/:id` takes; the last three can be turned on, never off. */
export const LIST_SETTINGS = [
  'duplicate_removal',
  'duplicate_removal_other_list',
  'duplicate_removal_team_list',
  'verification',
  'archive_invalid',
  'archive_risky',
] as const;
export type ListSetting = (typeof LIST_SETTINGS)[number];

/** The list settings as the API answers them. */
const ListSettingsOut = {
  duplicate_removal: Type.Boolean(),
  duplicate_removal_other_list: Type.Boolean(),
  duplicate_removal_team_list: Type.Boolean(),
  verification: Type.Boolean(),
  archive_invalid: Type.Boolean(),
  archive_risky: Type.Boolean(),
};

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
  folder: Type.String({ description: "the folder's id; empty outside any folder" }),
  integration: Type.String({ description: 'the integration the list came from; empty for lists made through the API' }),
  ...ListSettingsOut,
});
export type List = Static<typeof List>;

/** Body of `POST /v1.0.0/lists`: a name, and the folder, star and settings `PATCH` takes. */
export const CreateListBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    folder: Type.Optional(Type.String({ description: "a general folder's id" })),
    starred: Type.Optional(Type.Boolean()),
    duplicate_removal: Type.Optional(Type.Boolean()),
    duplicate_removal_other_list: Type.Optional(Type.Boolean()),
    duplicate_removal_team_list: Type.Optional(Type.Boolean()),
    verification: Type.Optional(Type.Boolean()),
    archive_invalid: Type.Optional(Type.Boolean()),
    archive_risky: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);
export type CreateListBody = Static<typeof CreateListBody>;

/** Query of `GET /lists`. */
export const ListListsQuery = Type.Object({
  ...ListingQuery('case-insensitive part of the name'),
  folder: Type.Optional(Type.String({ description: "a folder's id: only the lists in it" })),
  integration: Type.Optional(
    Type.String({
      description: 'only the lists that came from this integration (none do yet: lists come from the API)',
    }),
  ),
  sortBy: Type.Optional(
    Type.Union(
      ['created_at', 'name', 'last_modified', 'contacts_count'].map((v) => Type.Literal(v)),
      { description: 'default created_at' },
    ),
  ),
  sortType: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { description: 'default desc' })),
  owned_by: Type.Optional(Type.String({ description: 'only the lists of this owner' })),
});
export type ListListsQuery = Static<typeof ListListsQuery>;

/** Path of routes that take a list id. */
export const ListIdParams = Type.Object({ id: Type.String({ minLength: 1 }) });

/** Body of `PATCH /v1.0.0/lists/:id`: any of these; `archived` is ignored (use `PUT /lists/:id/archive`). */
export const UpdateListBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    folder: Type.Optional(Type.String({ description: "a folder's id; empty takes the list out of its folder" })),
    starred: Type.Optional(Type.Boolean()),
    duplicate_removal: Type.Optional(Type.Boolean()),
    duplicate_removal_other_list: Type.Optional(Type.Boolean()),
    duplicate_removal_team_list: Type.Optional(Type.Boolean()),
    verification: Type.Optional(Type.Boolean({ description: 'one-way: can be turned on, never off' })),
    archive_invalid: Type.Optional(Type.Boolean({ description: 'one-way: can be turned on, never off' })),
    archive_risky: Type.Optional(Type.Boolean({ description: 'one-way: can be turned on, never off' })),
  },
  { additionalProperties: true },
);
export type UpdateListBody = Static<typeof UpdateListBody>;

/** Body of `PUT /lists/:id/archive`, `PUT /contacts/:id/archive` and `PUT /sequences/:id/archive`. */
export const ArchiveBody = Type.Object({ archived: Type.Boolean() });
export type ArchiveBody = Static<typeof ArchiveBody>;
