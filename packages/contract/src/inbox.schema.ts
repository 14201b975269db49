import { Type, type Static } from '@sinclair/typebox';

/** Largest page of the inbound-message listing. */
export const MAX_INBOX_PAGE = 100;

/** What an inbound message counts as: the three verdicts of the classifier, or not one of ours. */
export const INBOUND_KINDS = ['reply', 'auto_reply', 'bounce', 'ignored'] as const;
export type InboundMessageKind = (typeof INBOUND_KINDS)[number];

const Kind = Type.Union(
  INBOUND_KINDS.map((k) => Type.Literal(k)),
  { description: '`ignored`: not a reply to, or bounce of, one of our messages (or our own sent copy)' },
);
const Severity = Type.Union([Type.Literal('hard'), Type.Literal('soft')]);

/** One message read from a sender's INBOX, with the verdict, how it was matched, and what was done. */
export const InboundMessage = Type.Object({
  id: Type.String(),
  received_at: Type.String({ description: 'when it was read, ISO-8601 UTC' }),
  sender_id: Type.String({ description: 'the sender whose INBOX it was in' }),
  from: Type.String(),
  subject: Type.String(),
  message_id: Type.String({ description: 'its own Message-ID ("" when it has none)' }),
  kind: Kind,
  original_kind: Kind,
  corrected: Type.Boolean({ description: 'a person set `kind`; reading the mailbox again never changes it' }),
  corrected_at: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String({ description: 'the rule of the classifier that decided the original kind' }),
  matched: Type.String({ description: 'how it was tied to one of our messages, or why it was ignored' }),
  effects: Type.String({ description: 'what it did: counted, lead status, enrollments stopped, sequence paused' }),
  snippet: Type.String(),
  bounce: Type.Optional(
    Type.Object({ severity: Severity, status: Type.String(), diagnostic: Type.String() }, { description: 'bounces' }),
  ),
  lead_id: Type.Union([Type.String(), Type.Null()]),
  lead_email: Type.String(),
  sequence_id: Type.Union([Type.String(), Type.Null()]),
  in_reply_to: Type.String({ description: 'the Message-ID of ours it answers or bounces ("" when ignored)' }),
});
export type InboundMessage = Static<typeof InboundMessage>;

export const ListInboundQuery = Type.Object(
  {
    kind: Type.Optional(Type.Union([Kind, Type.Literal('all')], { description: 'default: every kind but ignored' })),
    sender_id: Type.Optional(Type.String()),
    sequence_id: Type.Optional(Type.String()),
    limit: Type.Optional(Type.Integer({ minimum: 1, description: `at most ${MAX_INBOX_PAGE} (default)` })),
    skip: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type ListInboundQuery = Static<typeof ListInboundQuery>;

export const InboundIdParams = Type.Object({ id: Type.String() });

/** A person's verdict on a message the classifier got wrong. */
export const CorrectInboundBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('reply'), Type.Literal('auto_reply'), Type.Literal('bounce')]),
    severity: Type.Optional(
      Type.Union([Type.Literal('hard'), Type.Literal('soft')], {
        description: 'with `kind: bounce` only; default hard',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CorrectInboundBody = Static<typeof CorrectInboundBody>;
