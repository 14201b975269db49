import { Type, type Static } from '@sinclair/typebox';
import { ActivityRecord, TimeFilter } from './activity.schema.js';
import type { StandardContactField } from './contacts.schema.js';

/** The statuses a lead goes through, and the `status` filter of `GET /lists/:id/leads`. */
export const LEAD_STATUSES = [
  'not_contacted',
  'contacted',
  'opened',
  'clicked',
  'replied',
  'bounced',
  'unsubscribed',
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/**
 * A lead (SalesBlink's contact) in both casings: the standard fields as `Email`, `First_Name`, … and
 * as `email`, `first_name`, …; every one a string (empty when unset). Custom fields in `custom_fields`.
 */
export const Lead = Type.Object(
  {
    id: Type.String(),
    _id: Type.String({ description: 'the same as id (SalesBlink clients read either)' }),
    list_id: Type.String(),
    owned_by: Type.String(),
    accuracy: Type.String({ description: 'always empty: Blinkpost does not verify addresses' }),
    status: Type.String({ description: LEAD_STATUSES.join(' | ') }),
    archived: Type.Boolean(),
    starred: Type.Boolean(),
    created_at: Type.String({ description: 'ISO-8601 UTC' }),
    last_modified: Type.String({ description: 'ISO-8601 UTC' }),
    custom_fields: Type.Record(Type.String(), Type.String()),
  },
  { additionalProperties: Type.String() },
);
export type Lead = Static<typeof Lead> & { [K in StandardContactField]: string } & {
  [K in StandardContactField as Lowercase<K>]: string;
};

/** Query of `GET /v1.0.0/lists/:id/leads`. */
export const ListLeadsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, description: 'default and at most 500; larger values are clamped' })),
  skip: Type.Optional(Type.Integer({ minimum: 0 })),
  search: Type.Optional(Type.String({ description: 'case-insensitive part of the email or a name' })),
  archived: Type.Optional(Type.Boolean({ description: 'true: only archived leads; default: only the others' })),
  sort: Type.Optional(
    Type.Union([Type.Literal('asc'), Type.Literal('desc')], { description: 'by creation; default desc' }),
  ),
  sequence: Type.Optional(Type.String({ description: "a sequence's id: only its leads" })),
  status: Type.Optional(Type.Union(LEAD_STATUSES.map((s) => Type.Literal(s)))),
  owned_by: Type.Optional(Type.String({ description: 'only the leads of this owner' })),
});
export type ListLeadsQuery = Static<typeof ListLeadsQuery>;

/** Body of `PATCH /v1.0.0/leads/:id`: standard fields in any casing, custom fields, and `starred`. */
export const UpdateLeadBody = Type.Object({}, { additionalProperties: true, minProperties: 1 });
export type UpdateLeadBody = Record<string, unknown>;

/** Body of `PUT /v1.0.0/leads/:id/move`. */
export const MoveLeadBody = Type.Object({
  list_id: Type.String({ minLength: 1, description: 'the destination list' }),
});
export type MoveLeadBody = Static<typeof MoveLeadBody>;

const ActivityFilters = {
  sequence_id: Type.Optional(Type.String()),
  from: Type.Optional(TimeFilter('records at or after this time')),
  to: Type.Optional(TimeFilter('records at or before this time')),
  limit: Type.Optional(Type.Integer({ minimum: 1, description: 'default 100, at most 500' })),
  skip: Type.Optional(Type.Integer({ minimum: 0 })),
};

/** Query of `GET /v1.0.0/leads/:id/activity`. */
export const LeadActivityQuery = Type.Object(ActivityFilters);
export type LeadActivityQuery = Static<typeof LeadActivityQuery>;

/** Query of `GET /v1.0.0/leads/activity`. */
export const LeadActivityByEmailQuery = Type.Object({ email: Type.String({ minLength: 1 }), ...ActivityFilters });
export type LeadActivityByEmailQuery = Static<typeof LeadActivityByEmailQuery>;

/** What the lead activity endpoints answer: records as the feeds show them, the lead, and the window. */
export const LeadActivityReply = Type.Object({
  success: Type.Literal(true),
  message: Type.Optional(Type.String()),
  data: Type.Array(ActivityRecord),
  lead: Lead,
  count: Type.Integer({ description: "this page's length" }),
  total: Type.Integer({ description: 'every matching record' }),
  skip: Type.Integer(),
  limit: Type.Integer(),
});

/** Query of `GET /v1.0.0/sequences/:id/export`. */
export const SequenceExportQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, description: 'default 10,000, at most 50,000' })),
});
export type SequenceExportQuery = Static<typeof SequenceExportQuery>;

/** Default and largest number of leads a sequence export holds. */
export const EXPORT_DEFAULT_LIMIT = 10_000;
export const MAX_EXPORT_LIMIT = 50_000;

/** The answer of an action that returns no record: `{success: true, message}`. */
export const OkMessage = Type.Object({ success: Type.Literal(true), message: Type.String() });
export type OkMessage = Static<typeof OkMessage>;

/** What `POST /v1.0.0/leads/:id/unsubscribe` answers in `data`. */
export const LeadUnsubscribed = Type.Object({
  email: Type.String({ description: 'the address now on the blocklist, lower-cased' }),
  lead_ids: Type.Array(Type.String(), { description: 'every lead of the workspace with that address' }),
});
export type LeadUnsubscribed = Static<typeof LeadUnsubscribed>;
