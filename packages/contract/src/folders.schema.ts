import { Type, type Static } from '@sinclair/typebox';
import { ListingQuery } from './paging.js';

/** Folder kinds: general folders hold lists, templates and sequences; email-sender folders hold senders. */
export const FOLDER_TYPES = ['general', 'email-sender'] as const;
export type FolderType = (typeof FOLDER_TYPES)[number];

/** Older SalesBlink docs' per-resource types; accepted on create and stored as `general`. */
export const LEGACY_FOLDER_TYPES = ['list', 'template', 'sequence'] as const;

/** A folder. */
export const Folder = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: Type.Union(FOLDER_TYPES.map((t) => Type.Literal(t))),
  owned_by: Type.String({ description: 'always "" (folders belong to the workspace)' }),
  created_at: Type.String(),
  last_modified: Type.String(),
});
export type Folder = Static<typeof Folder>;

/** Query of `GET /v1.0.0/folders`. */
export const ListFoldersQuery = Type.Object({
  ...ListingQuery('part of the name, ignoring case'),
  type: Type.Optional(
    Type.Union(
      (['all', ...FOLDER_TYPES] as const).map((t) => Type.Literal(t)),
      { description: 'default all' },
    ),
  ),
  owned_by: Type.Optional(Type.String({ description: 'accepted and ignored' })),
});
export type ListFoldersQuery = Static<typeof ListFoldersQuery>;

/** Body of `POST /v1.0.0/folders`; without `type` a general folder. */
export const CreateFolderBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  type: Type.Optional(
    Type.Union(
      ([...FOLDER_TYPES, ...LEGACY_FOLDER_TYPES] as const).map((t) => Type.Literal(t)),
      { description: 'general (default) or email-sender; list, template and sequence mean general' },
    ),
  ),
});
export type CreateFolderBody = Static<typeof CreateFolderBody>;
