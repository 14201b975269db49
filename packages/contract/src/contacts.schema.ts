import { Type, type Static } from '@sinclair/typebox';

/** The standard contact fields, with SalesBlink's spelling. */
export const STANDARD_CONTACT_FIELDS = [
  'Email',
  'First_Name',
  'Last_Name',
  'Phone',
  'Company_Name',
  'Job_Title',
  'Office_Phone',
  'Department',
  'Street',
  'City',
  'State',
  'Country',
  'Website',
  'Timezone',
] as const;
export type StandardContactField = (typeof STANDARD_CONTACT_FIELDS)[number];

/** Most contacts one request may add. */
export const MAX_CONTACTS_PER_REQUEST = 10_000;

/** Body of `POST /contacts`: contacts are free-form objects whose keys are matched loosely. */
export const AddContactsBody = Type.Object({
  list_id: Type.String({ minLength: 1 }),
  contacts: Type.Array(Type.Object({}, { additionalProperties: true }), {
    minItems: 1,
    maxItems: MAX_CONTACTS_PER_REQUEST,
  }),
  remove_duplicates: Type.Optional(
    Type.Boolean({
      description: "default: the list's duplicate_removal setting (false unless PATCH /lists/:id set it)",
    }),
  ),
});
export type AddContactsBody = Static<typeof AddContactsBody>;

/** One contact the request could not add, and why. */
export const InvalidContact = Type.Object({
  index: Type.Integer(),
  email: Type.String(),
  reason: Type.String(),
});

/** What `POST /contacts` answers in `data`. */
export const AddContactsResult = Type.Object({
  list_id: Type.String(),
  added: Type.Integer(),
  duplicates: Type.Integer(),
  invalid: Type.Array(InvalidContact),
  contacts: Type.Array(Type.Object({ id: Type.String(), Email: Type.String() })),
});
export type AddContactsResult = Static<typeof AddContactsResult>;

/** Body of `POST /contacts/remove`. */
export const RemoveContactBody = Type.Object({
  list_id: Type.String({ minLength: 1 }),
  email: Type.String({ minLength: 1 }),
});
export type RemoveContactBody = Static<typeof RemoveContactBody>;

/** What `POST /contacts/remove` answers in `data`. */
export const RemoveContactResult = Type.Object({
  list_id: Type.String(),
  email: Type.String(),
  removed: Type.Integer(),
});
