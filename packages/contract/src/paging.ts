import { Type } from '@sinclair/typebox';

/** Numbers in query strings arrive as text; these accept digits only. */
const PositiveInt = (description: string) => Type.Integer({ minimum: 1, description });

/** `page` (1-based) and `per_page`, as the activity feeds take them. */
export const PagePaging = {
  page: Type.Optional(PositiveInt('1-based page number; with neither page nor per_page every record is returned')),
  per_page: Type.Optional(PositiveInt('records per page (default 100, at most 1000; larger values are clamped)')),
};

/** `limit` and `skip` (an offset), as most v1 list endpoints take them. */
export const OffsetPaging = {
  limit: Type.Optional(PositiveInt('records to return (default 100, at most 100; larger values are clamped)')),
  skip: Type.Optional(Type.Integer({ minimum: 0, description: 'records to skip' })),
};

/** `limit`, `skip` and a case-insensitive `search`, as the v1 listings of lists, templates and senders take them. */
export const ListingQuery = (searchDescription: string) => ({
  ...OffsetPaging,
  search: Type.Optional(Type.String({ description: searchDescription })),
});

/** Largest page the activity feeds answer. */
export const MAX_PER_PAGE = 1000;
/** Page size when only `page` is given. */
export const DEFAULT_PER_PAGE = 100;
