import { Type, type Static } from '@sinclair/typebox';

/** Largest page of the blocklist listing. */
export const MAX_BLOCKLIST_PAGE = 1000;
/** Page size when `limit` is not given (SalesBlink's default). */
export const DEFAULT_BLOCKLIST_PAGE = 50;
/** Most addresses or domains one request may add or remove. */
export const MAX_BLOCKLIST_BATCH = 10_000;

/** An address or domain that is never emailed (SalesBlink's account unsubscribe list). */
export const BlockEntry = Type.Object({
  id: Type.String(),
  email: Type.String({ description: 'the address, or the domain for a domain entry' }),
  type: Type.Union([Type.Literal('email'), Type.Literal('domain')]),
  source: Type.String({ description: '`unsubscribe` (the recipient unsubscribed) or `api`' }),
  created_at: Type.String({ description: 'ISO-8601 UTC' }),
});
export type BlockEntry = Static<typeof BlockEntry>;

export const ListBlocklistQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.Integer({ minimum: 1, description: `entries to return (default 50, at most ${MAX_BLOCKLIST_PAGE})` }),
    ),
    skip: Type.Optional(Type.Integer({ minimum: 0, description: 'entries to skip' })),
    search: Type.Optional(Type.String({ description: 'part of an address or domain, any case' })),
    type: Type.Optional(Type.Union([Type.Literal('email'), Type.Literal('domain')])),
  },
  { additionalProperties: false },
);
export type ListBlocklistQuery = Static<typeof ListBlocklistQuery>;

const Values = Type.Array(Type.String({ minLength: 1, maxLength: 320 }), {
  minItems: 1,
  maxItems: MAX_BLOCKLIST_BATCH,
  description: 'addresses or domains (`example.com` or `@example.com`)',
});

/** `{emails: [...]}`; SalesBlink's CLI also sends `email` or a single string, which are taken too. */
export const BlocklistValuesBody = Type.Object(
  {
    emails: Type.Optional(Type.Union([Values, Type.String({ minLength: 1, maxLength: 320 })])),
    email: Type.Optional(Type.String({ minLength: 1, maxLength: 320 })),
  },
  { additionalProperties: false },
);
export type BlocklistValuesBody = Static<typeof BlocklistValuesBody>;

export const BlocklistCheckQuery = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 320, description: 'the address to check' }) },
  { additionalProperties: false },
);
export type BlocklistCheckQuery = Static<typeof BlocklistCheckQuery>;

export const BlocklistIdParams = Type.Object({ id: Type.String() });

export const BlocklistCheck = Type.Object({
  email: Type.String(),
  blocked: Type.Boolean(),
  entries: Type.Array(BlockEntry, { description: 'the entries that block it: its own, its domain’s' }),
});
export type BlocklistCheck = Static<typeof BlocklistCheck>;

export const BlocklistAdded = Type.Object({
  added: Type.Array(BlockEntry),
  already_blocked: Type.Integer({ description: 'values that were on the list already' }),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), value: Type.String(), problem: Type.String() }), {
    description: 'values that are neither an address nor a domain; the others were added',
  }),
});
export type BlocklistAdded = Static<typeof BlocklistAdded>;
