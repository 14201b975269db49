import { Type, type Static, type TInteger } from '@sinclair/typebox';
import { TimeFilter } from './activity.schema.js';
import { OffsetPaging } from './paging.js';

// v1 §4.8 Analytics and §4.9 Reports. SalesBlink documents the parameters, not the answers: the field
// names below are ours (snake_case, SalesBlink's `sent opens clicks replies` kept), see decisions.md "Analytics".

const Human = Type.Optional(
  Type.Boolean({
    default: true,
    description:
      'true (default): opens and clicks count people only; false adds machine ones (proxies, scanners). ' +
      'opens_machine and clicks_machine are answered either way',
  }),
);

const Range = {
  from: Type.Optional(TimeFilter('events at or after this time (default: the first)')),
  to: Type.Optional(TimeFilter('events at or before this time (default: now)')),
  sequence_id: Type.Optional(Type.String({ description: 'only this sequence (ours)' })),
  human: Human,
};

const Sender = Type.Optional(
  Type.String({ description: "only this sender's (mailbox's) mail: its id or address; another workspace's is a 404" }),
);

/** `from`, `to` (ms or ISO), `sequence_id` and `human` of `GET /analytics/overall`. */
export const AnalyticsQuery = Type.Object(Range);
export type AnalyticsQuery = Static<typeof AnalyticsQuery>;

/** Largest number of days `GET /analytics/daily` answers. */
export const MAX_DAILY_DAYS = 731;

/** `GET /analytics/daily`: the range, the zone its days are counted in, and optionally one sender's mail. */
export const DailyAnalyticsQuery = Type.Object({
  ...Range,
  from: Type.Optional(
    TimeFilter(
      "events at or after this time; a bare date (YYYY-MM-DD) is that day's start in `timezone` (default: 29 days before `to`'s day)",
    ),
  ),
  to: Type.Optional(
    TimeFilter("events at or before this time; a bare date is that day's end in `timezone` (default: now)"),
  ),
  timezone: Type.Optional(
    Type.String({ description: 'IANA time zone the days are counted in, e.g. America/New_York (default UTC)' }),
  ),
  sender: Sender,
});
export type DailyAnalyticsQuery = Static<typeof DailyAnalyticsQuery>;

/** `GET /analytics/lead-stats` and `/analytics/mailbox-stats`: the range and a page (`limit` default 100, at most 100). */
export const AnalyticsPageQuery = Type.Object({ ...Range, ...OffsetPaging });
export type AnalyticsPageQuery = Static<typeof AnalyticsPageQuery>;

/** `GET /sequences/:id/stats`: SalesBlink takes `from to sender` and ignores them; Blinkpost applies them. */
export const SequenceStatsQuery = Type.Object({
  from: Range.from,
  to: Range.to,
  sender: Sender,
  human: Human,
});
export type SequenceStatsQuery = Static<typeof SequenceStatsQuery>;

const count = (description: string) => Type.Integer({ minimum: 0, description });
const rate = (description: string) =>
  Type.Number({ minimum: 0, description: `${description}, in percent with two decimals; 0 when nothing was sent` });

// Every analytics row carries these; `opens`/`clicks` follow `human`, the `_machine` counts never do.
const COUNTS = {
  sent: count('emails accepted by the receiving server (the /sent feed)'),
  opens: count('opens (the /opens feed): people only unless human=false'),
  opens_machine: count('opens by machines: privacy proxies, scanners, prefetchers'),
  clicks: count('clicks (the /clicks feed): people only unless human=false'),
  clicks_machine: count('clicks by machines: link scanners'),
  replies: count('replies that are not auto-replies (Replied records of /replies)'),
  auto_replies: count('auto-replies: out of office and the like'),
  bounces: count(
    'hard bounces: refused at send time (SMTP 5xx) or reported back later (hard Bounced records of /replies)',
  ),
  soft_bounces: count('soft bounces reported back (soft Bounced records of /replies); the lead goes on'),
  unsubscribes: count('recipients who unsubscribed (link or reply)'),
  open_rate: rate('opens ÷ sent'),
  click_rate: rate('clicks ÷ sent'),
  reply_rate: rate('replies ÷ sent'),
  bounce_rate: rate('bounces ÷ (sent + refused at send time)'),
  unsubscribe_rate: rate('unsubscribes ÷ sent'),
};

/** The counts and rates every analytics answer carries. */
export const AnalyticsCounts = Type.Object(COUNTS);
export type AnalyticsCounts = Static<typeof AnalyticsCounts>;

const Echo = {
  from: Type.Number({ description: 'Unix ms the range starts at; 0 when unbounded' }),
  to: Type.Number({ description: 'Unix ms the range ends at (inclusive); 0 when unbounded' }),
  human: Type.Boolean({ description: 'whether opens and clicks count people only' }),
};

/** `GET /analytics/overall`: totals across sequences (or of one). */
export const OverallAnalytics = Type.Object({
  ...Echo,
  sequence_id: Type.String({ description: 'the sequence counted; "" for all' }),
  ...COUNTS,
});
export type OverallAnalytics = Static<typeof OverallAnalytics>;

/** One local day of `GET /analytics/daily`; days without activity are answered with zeros. */
export const DailyAnalyticsDay = Type.Object({
  date: Type.String({ description: 'the local calendar day, YYYY-MM-DD' }),
  start: Type.Number({ description: 'Unix ms of its first instant (local midnight)' }),
  end: Type.Number({ description: "Unix ms of the next day's first instant: 23 or 25 hours later on a clock change" }),
  ...COUNTS,
});
export type DailyAnalyticsDay = Static<typeof DailyAnalyticsDay>;

/** One recipient of `GET /analytics/lead-stats`, most recent activity first. */
export const LeadStats = Type.Object({
  email: Type.String({ description: 'the address, lower-cased' }),
  lead_id: Type.String({ description: 'its current lead; "" when it was removed from every list' }),
  status: Type.String({ description: 'that lead\'s status ("" without one)' }),
  last_activity_at: Type.Number({ description: 'Unix ms of its latest event in the range' }),
  ...COUNTS,
});
export type LeadStats = Static<typeof LeadStats>;

/** One sender of `GET /analytics/mailbox-stats`, latest created first; every sender, with zeros when idle. */
export const MailboxStats = Type.Object({
  sender_id: Type.String(),
  email: Type.String(),
  from_name: Type.String(),
  status: Type.String({ description: 'active, paused or needs-attention' }),
  ...COUNTS,
});
export type MailboxStats = Static<typeof MailboxStats>;

const byState = <K extends string>(keys: readonly K[]) =>
  Type.Object(Object.fromEntries(keys.map((k) => [k, Type.Integer({ minimum: 0 })])) as Record<K, TInteger>);

/** `GET /sequences/:id/stats`: the counts of its activity, and its leads and messages by state. */
export const SequenceStats = Type.Object({
  sequence_id: Type.String(),
  name: Type.String(),
  ...Echo,
  sender: Type.String({ description: 'the sender counted (its address); "" for all' }),
  ...COUNTS,
  uncertain: count('sends whose delivery is unknown (interrupted); never re-sent'),
  leads: byState(['total', 'active', 'held', 'completed', 'stopped', 'uncertain'] as const),
  messages: byState(['sending', 'retry', 'sent', 'failed', 'uncertain'] as const),
  steps: Type.Array(
    Type.Object({
      index: Type.Integer(),
      type: Type.String(),
      sent: Type.Integer(),
      failed: Type.Integer(),
      uncertain: Type.Integer(),
    }),
  ),
});
export type SequenceStats = Static<typeof SequenceStats>;

/** What `message` of `GET /reports` takes: the record's `message`. */
export const REPORT_MESSAGES = ['Sent', 'Opened', 'Clicked', 'Replied', 'Bounced'] as const;
export type ReportMessage = (typeof REPORT_MESSAGES)[number];

/** Largest page of `GET /reports`. */
export const MAX_REPORT_PAGE = 100;

/** `GET /reports` (v1 §4.9): the activity log with SalesBlink's filters; `skip` is a 0-based page number. */
export const ReportsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, description: 'records per page (default 100, at most 100)' })),
  skip: Type.Optional(Type.Integer({ minimum: 0, description: '0-based page number: records skipped = skip × limit' })),
  from: Type.Optional(TimeFilter('records at or after this time (default: all)')),
  to: Type.Optional(TimeFilter('records at or before this time (default: all)')),
  type: Type.Optional(Type.Literal('outreach', { description: 'log type; Blinkpost logs outreach only' })),
  sequence: Type.Optional(Type.String({ description: 'sequence id' })),
  node: Type.Optional(Type.String({ description: "a step: its email number (the records' `step`) or a template id" })),
  email: Type.Optional(Type.String({ description: 'recipient address, case-insensitive' })),
  sender: Type.Optional(Type.String({ description: 'sender id or address' })),
  message: Type.Optional(Type.Union(REPORT_MESSAGES.map((m) => Type.Literal(m)))),
  sortBy: Type.Optional(
    Type.Union([Type.Literal('time'), Type.Literal('created_at')], { description: 'both mean the time' }),
  ),
  sortType: Type.Optional(
    Type.Union([Type.Literal('asc'), Type.Literal('desc')], { description: 'default desc (latest first)' }),
  ),
  owned_by: Type.Optional(Type.String({ description: "only the records of this owner's sequences" })),
  human: Type.Optional(
    Type.Boolean({ description: 'true leaves machine opens and clicks out (default: included, flagged)' }),
  ),
});
export type ReportsQuery = Static<typeof ReportsQuery>;
