import { Type, type Static } from '@sinclair/typebox';

/** Largest page of `GET /inbox`. */
export const MAX_INBOX_THREADS = 100;
/** The page of `GET /inbox` when `limit` is absent (SalesBlink's default). */
export const DEFAULT_INBOX_THREADS = 10;

/** The labels a person (or, for auto-replies, Blinkpost by default) puts on a conversation. */
export const INBOX_OUTCOMES = [
  'interested',
  'not-interested',
  'automatic-response',
  'meeting-request',
  'out-of-office',
  'do-not-contact',
  'wrong-person',
  'closed',
] as const;
export type InboxOutcome = (typeof INBOX_OUTCOMES)[number];

const Outcome = Type.Union(
  INBOX_OUTCOMES.map((o) => Type.Literal(o)),
  { description: INBOX_OUTCOMES.join(', ') },
);

/** Which part of the inbox `GET /inbox` lists. */
export const INBOX_TYPES = ['all', 'draft', 'scheduled', 'sent'] as const;

export const ListInboxQuery = Type.Object(
  {
    type: Type.Optional(
      Type.Union(
        INBOX_TYPES.map((t) => Type.Literal(t)),
        {
          description:
            'absent or `all`: threads of replies; `sent`/`scheduled`: replies and forwards sent (or to be sent) from the inbox; `draft`: always empty (no drafts are kept)',
        },
      ),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, description: `default ${DEFAULT_INBOX_THREADS}, at most ${MAX_INBOX_THREADS}` }),
    ),
    skip: Type.Optional(Type.Integer({ minimum: 0, description: 'threads to skip' })),
    sequence: Type.Optional(Type.String({ description: 'a sequence id' })),
    outcome: Type.Optional(Outcome),
    search: Type.Optional(Type.String({ description: 'part of the address, name, subject or snippet' })),
    date: Type.Optional(
      Type.String({ pattern: '^\\d+-\\d+$', description: '`<startMs>-<endMs>`: the last message of the thread in it' }),
    ),
    sender: Type.Optional(Type.String({ description: 'a sender id or its email address' })),
    owned_by: Type.Optional(Type.String({ description: 'accepted and ignored (SalesBlink does not implement it)' })),
  },
  { additionalProperties: false },
);
export type ListInboxQuery = Static<typeof ListInboxQuery>;

/** One conversation of the inbox (or, for `type=sent|scheduled`, one message sent from it). */
export const InboxThread = Type.Object({
  id: Type.String({ description: 'our id of its latest reply (or of the message sent from the inbox)' }),
  messageId: Type.String({ description: 'the Message-ID of that message ("" when it had none)' }),
  task_type: Type.String({
    description:
      '`reply`, `auto_reply` or `bounce` (the latest inbound message); `manual_reply` or `forward` for sent/scheduled',
  }),
  email: Type.String({ description: 'the lead’s address (the recipient, for sent/scheduled)' }),
  subject: Type.String(),
  snippet: Type.String(),
  unread: Type.Boolean(),
  outcome: Type.String({ description: 'one of the outcomes, or "" when none is set' }),
  auto_reply: Type.Boolean({ description: 'its latest inbound message is an automatic answer' }),
  bounce: Type.Boolean({ description: 'its latest inbound message is a bounce report' }),
  last_at: Type.String({ description: 'ISO-8601 UTC time of its latest message' }),
  time: Type.Integer({ description: 'the same, Unix ms' }),
  sequence_id: Type.String(),
  lead_id: Type.String(),
  sender: Type.String({ description: 'the sending mailbox’s address' }),
  sender_id: Type.String(),
  status: Type.Optional(Type.String({ description: 'sent/scheduled: `scheduled`, `sending`, `sent` or `failed`' })),
  scheduled_time: Type.Optional(Type.Integer({ description: 'sent/scheduled: when it is (was) due, Unix ms' })),
});
export type InboxThread = Static<typeof InboxThread>;

export const InboxThreadPage = Type.Object({
  result: Type.Array(InboxThread),
  totalCount: Type.Integer({ description: 'threads matching the filters, all pages' }),
});
export type InboxThreadPage = Static<typeof InboxThreadPage>;

/** One message of a conversation, either way. */
export const ThreadMessage = Type.Object({
  id: Type.String(),
  direction: Type.Union([Type.Literal('outbound'), Type.Literal('inbound')]),
  kind: Type.String({
    description: 'outbound: `sequence`, `manual_reply`, `forward`; inbound: `reply`, `auto_reply`, `bounce`',
  }),
  messageId: Type.String(),
  from: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  time: Type.Integer({ description: 'Unix ms (sent, due, or read)' }),
  at: Type.String({ description: 'the same, ISO-8601 UTC' }),
  snippet: Type.String(),
  body: Type.Optional(Type.String({ description: 'HTML, for messages sent from the inbox (the only bodies kept)' })),
  status: Type.Optional(Type.String({ description: 'outbound from the inbox: scheduled, sending, sent, failed' })),
  step: Type.Optional(Type.Integer({ description: 'sequence messages: the email number' })),
});
export type ThreadMessage = Static<typeof ThreadMessage>;

export const InboxThreadView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  sequence_id: Type.String(),
  lead_id: Type.String(),
  sender_id: Type.String(),
  unread: Type.Boolean(),
  outcome: Type.String(),
  messages: Type.Array(ThreadMessage, { description: 'newest first' }),
});
export type InboxThreadView = Static<typeof InboxThreadView>;

export const InboxMessageParams = Type.Object({
  messageId: Type.String({ description: 'our inbound id, or the reply’s Message-ID (URL-encoded, brackets optional)' }),
});

export const MarkThreadBody = Type.Object(
  {
    unread: Type.Optional(Type.Boolean()),
    outcome: Type.Optional(Outcome),
  },
  { additionalProperties: false },
);
export type MarkThreadBody = Static<typeof MarkThreadBody>;

const Addresses = (what: string) => Type.Optional(Type.String({ description: `${what}: addresses, comma-separated` }));
const Scheduling = {
  scheduled_time: Type.Optional(
    Type.Integer({
      minimum: 0,
      description: 'Unix ms; absent or within a minute: sent now; later: kept and sent when due',
    }),
  ),
  tzMode: Type.Optional(
    Type.Union([Type.Literal('sequence'), Type.Literal('custom')], {
      description: 'accepted; `scheduled_time` is absolute',
    }),
  ),
  selectedTimezone: Type.Optional(Type.String({ description: 'accepted; `scheduled_time` is absolute' })),
};

export const ReplyBody = Type.Object(
  {
    content: Type.String({ minLength: 1, description: 'HTML' }),
    cc: Addresses('Cc'),
    bcc: Addresses('Bcc'),
    ...Scheduling,
  },
  { additionalProperties: false },
);
export type ReplyBody = Static<typeof ReplyBody>;

export const ForwardBody = Type.Object(
  {
    email: Type.Optional(Type.String({ description: 'to whom; default the lead' })),
    content: Type.Optional(Type.String({ description: 'HTML above the quoted reply' })),
    cc: Addresses('Cc'),
    bcc: Addresses('Bcc'),
    messageID: Type.Optional(
      Type.String({ description: 'sent by the SalesBlink CLI; ignored (the path names the message)' }),
    ),
    ...Scheduling,
  },
  { additionalProperties: false },
);
export type ForwardBody = Static<typeof ForwardBody>;

/** What a reply or forward became. */
export const InboxSendResult = Type.Object({
  id: Type.String(),
  messageId: Type.String(),
  status: Type.String({ description: '`sent` or `scheduled`' }),
  to: Type.String(),
  subject: Type.String(),
  scheduled_time: Type.Integer(),
});
export type InboxSendResult = Static<typeof InboxSendResult>;
