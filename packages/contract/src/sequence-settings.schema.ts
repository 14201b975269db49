import { Type, type Static } from '@sinclair/typebox';

const Bool = (description: string) => Type.Optional(Type.Boolean({ description }));
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** One day of a sequence's sending window. */
export const SendingDay = Type.Object({
  name: Type.Union(WEEKDAYS.map((d) => Type.Literal(d))),
  enabled: Type.Boolean(),
  fromTime: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM, local time' }),
  toTime: Type.String({ pattern: '^([01]\\d|2[0-4]):[0-5]\\d$', description: 'HH:MM, local time' }),
});

/** An alternative version of an email step; leads are split evenly across a step's variants. */
export const EmailVariant = Type.Object({
  template_id: Type.Optional(Type.String({ minLength: 1 })),
  subject: Type.Optional(Type.String({ description: 'inline subject (Liquid + spintax)' })),
  content: Type.Optional(Type.String({ description: 'inline HTML body (Liquid + spintax)' })),
});

/** A step that sends an email: a template, or an inline subject and body, optionally with A/B variants. */
export const EmailStep = Type.Object({
  type: Type.Literal('email'),
  template_id: Type.Optional(Type.String({ minLength: 1 })),
  subject: Type.Optional(
    Type.String({
      description: 'a subject of its own starts a new thread; without one a follow-up replies in the thread',
    }),
  ),
  content: Type.Optional(Type.String()),
  variants: Type.Optional(Type.Array(EmailVariant, { maxItems: 10 })),
});

/** A step that waits before the next one. */
export const DelayStep = Type.Object({
  type: Type.Literal('delay'),
  days: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
  hours: Type.Optional(Type.Integer({ minimum: 0, maximum: 8760 })),
  minutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 525_600 })),
});

/** One step of a sequence. */
export const SequenceStep = Type.Union([EmailStep, DelayStep]);
export type SequenceStep = Static<typeof SequenceStep>;
export type EmailStep = Static<typeof EmailStep>;

/** Settings of a sequence, with SalesBlink's names (misspellings included) and defaults. */
export const SequenceSettingsFields = {
  senders: Type.Optional(Type.String({ description: 'comma-separated sender ids' })),
  lists: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  steps: Type.Optional(Type.Array(SequenceStep, { maxItems: 50 })),
  folder: Type.Optional(Type.String()),
  starred: Bool('starred'),
  paused: Bool('true by default: a sequence starts only when un-paused'),
  launchTimingMode: Type.Optional(Type.Union([Type.Literal('now'), Type.Literal('schedule')])),
  scheduledAt: Type.Optional(
    Type.Union([Type.Integer(), Type.String()], {
      description: 'Unix ms (ISO accepted) when launchTimingMode is schedule',
    }),
  ),
  timezone: Type.Optional(Type.String({ description: 'IANA zone; a lead’s Timezone field wins' })),
  emailSendingHours: Type.Optional(Type.Array(SendingDay, { minItems: 1, maxItems: 7 })),
  delayEnabled: Bool('random gap between two emails of one sender'),
  delayFrom: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440, description: 'minutes' })),
  delayTo: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440, description: 'minutes' })),
  stopWhenReplyRecieved: Bool('stop a lead when it replies'),
  stopWhenReplyRecievedWhen: Type.Optional(
    Type.Union([Type.Literal('contact'), Type.Literal('contact-with-same-domain')]),
  ),
  bounceThreshold: Type.Optional(Type.Integer({ minimum: 0 })),
  bouncePause: Bool('pause the sequence when bounces reach bounceThreshold'),
  plainText: Bool('send plain text only, without tracking'),
  checkEmailOpen: Bool('track opens'),
  checkEmailClick: Bool('track clicks'),
  checkEmailReply: Bool('detect replies'),
  bcc: Type.Optional(Type.String()),
};

/** Body of `POST /sequences`. */
export const CreateSequenceBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    ...SequenceSettingsFields,
    senders: Type.String({ minLength: 1, description: 'comma-separated sender ids' }),
    lists: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    steps: Type.Array(SequenceStep, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: true },
);
export type CreateSequenceBody = Static<typeof CreateSequenceBody>;

/** Body of `PATCH /sequences/:id`: any create field; `steps` replaces the whole array. */
export const UpdateSequenceBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), ...SequenceSettingsFields },
  { additionalProperties: true },
);
export type UpdateSequenceBody = Static<typeof UpdateSequenceBody>;

/** Body of `POST /sequences/:id/status`. */
export const SequenceStatusBody = Type.Object({
  status: Type.Union(['ACTIVE', 'PAUSED', 'STOPPED', 'ARCHIVED'].map((s) => Type.Literal(s))),
});
export type SequenceStatusBody = Static<typeof SequenceStatusBody>;

/** A sequence as v1 answers it: the summary, every setting with its default filled in, and its steps. */
export const SequenceDetail = Type.Object(
  {
    id: Type.String(),
    sequence_id: Type.String(),
    name: Type.String(),
    status: Type.String(),
    paused: Type.Boolean(),
    archived: Type.Boolean(),
    starred: Type.Boolean(),
    created_at: Type.String(),
    last_modified: Type.String(),
    owned_by: Type.String(),
    sent: Type.Integer(),
    opens: Type.Integer(),
    clicks: Type.Integer(),
    replies: Type.Integer(),
    senders: Type.String(),
    lists: Type.Array(Type.String()),
    steps: Type.Array(SequenceStep),
    flowchart: Type.Object({ steps: Type.Array(Type.Unknown()) }, { additionalProperties: true }),
    lead_count: Type.Integer(),
    status_reason: Type.String(),
    launched_at: Type.String({ description: 'when the sequence first started sending; "" before' }),
  },
  { additionalProperties: true, description: 'every setting of the create body is answered too, defaults filled in' },
);
export type SequenceDetail = Static<typeof SequenceDetail>;
