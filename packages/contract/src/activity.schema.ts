import { Type, type Static } from '@sinclair/typebox';
import { PagePaging } from './paging.js';

/** The four activity feeds. */
export const ACTIVITY_FEEDS = ['sent', 'opens', 'clicks', 'replies'] as const;
export type ActivityFeed = (typeof ACTIVITY_FEEDS)[number];

/** A time filter of a query string: Unix milliseconds or an ISO-8601 time; `what` says what it bounds. */
export const TimeFilter = (what: string) =>
  Type.String({ description: `${what}: Unix milliseconds, or an ISO-8601 time` });

/** Filters and paging of the activity feeds. */
export const ActivityQuery = Type.Object({
  sequence_id: Type.Optional(Type.String()),
  recipient_email_address: Type.Optional(Type.String({ description: 'case-insensitive' })),
  since: Type.Optional(TimeFilter('records at or after this time')),
  from: Type.Optional(TimeFilter('records at or after this time')),
  to: Type.Optional(TimeFilter('records at or before this time')),
  human: Type.Optional(Type.Boolean({ description: 'true leaves machine opens and clicks out' })),
  ...PagePaging,
});
export type ActivityQuery = Static<typeof ActivityQuery>;

/** One activity record; SalesBlink's field names first, ours after. */
export const ActivityRecord = Type.Object({
  id: Type.String(),
  time: Type.Number({ description: 'Unix milliseconds' }),
  message: Type.Union([
    Type.Literal('Sent'),
    Type.Literal('Opened'),
    Type.Literal('Clicked'),
    Type.Literal('Replied'),
    Type.Literal('Bounced'),
  ]),
  type: Type.Literal('outreach'),
  sequence: Type.String(),
  sequence_name: Type.String(),
  email: Type.String(),
  template_name: Type.String(),
  sequence_id: Type.String(),
  recipient_email_address: Type.String(),
  subject: Type.String(),
  step: Type.Integer(),
  sender: Type.String(),
  message_id: Type.String(),
  machine: Type.Optional(Type.Boolean()),
  machine_reason: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  snippet: Type.Optional(Type.String()),
  auto_reply: Type.Optional(Type.Boolean()),
  reply_message_id: Type.Optional(Type.String()),
  bounce: Type.Optional(
    Type.Union([Type.Literal('hard'), Type.Literal('soft')], {
      description: 'on a `Bounced` record of /replies: hard (the address will never work) or soft',
    }),
  ),
});
export type ActivityRecord = Static<typeof ActivityRecord>;
