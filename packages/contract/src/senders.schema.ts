import { Type, type Static } from '@sinclair/typebox';
import { ListingQuery } from './paging.js';

/** Every state a sender can be in. */
export const SENDER_STATUSES = ['active', 'paused', 'needs-attention'] as const;
export type SenderStatus = (typeof SENDER_STATUSES)[number];

const Text = (description: string) => Type.Optional(Type.String({ description }));
// SalesBlink takes ports as numbers or numeric strings; the range is checked with the other settings.
const Port = (description: string) =>
  Type.Optional(
    Type.Union([Type.Integer(), Type.String()], { description: `${description}: 1-65535, a number or numeric string` }),
  );
const Flag = (description: string) => Type.Optional(Type.Boolean({ description }));
const Ignored = (description = 'accepted for SalesBlink compatibility and ignored') =>
  Type.Optional(Type.Unknown({ description }));

// Fields a sender takes at creation and in PATCH; SalesBlink's names first, then the aliases its clients send.
const SenderSettingsFields = {
  from_name: Text('name shown with the address'),
  senderName: Text('alias of from_name'),
  user_name: Text('SMTP login (default: from_email)'),
  smtp_username: Text('alias of user_name'),
  smtpUsername: Text('alias of user_name'),
  password: Text('the mailbox password: SMTP, and IMAP unless imap_password is given'),
  smtp_password: Text('SMTP password, when it differs from password'),
  smtpPassword: Text('alias of smtp_password'),
  smtp_host: Text('SMTP server'),
  smtpHost: Text('alias of smtp_host'),
  smtp_port: Port('SMTP port'),
  smtpPort: Port('alias of smtp_port'),
  smtp_secure: Flag('TLS from the first byte (default: true on port 465, else STARTTLS when offered)'),
  imap_host: Text('IMAP server for replies and bounces; without it the sender is SMTP-only ("" removes it)'),
  imapHost: Text('alias of imap_host'),
  imap_port: Port('IMAP port (default 993)'),
  imapPort: Port('alias of imap_port'),
  imap_secure: Flag('IMAP over TLS (default: true on port 993)'),
  imap_user_name: Text('IMAP login (default: the SMTP login)'),
  imap_username: Text('alias of imap_user_name'),
  imapUsername: Text('alias of imap_user_name'),
  imap_password: Text('IMAP password (default: password)'),
  imapPassword: Text('alias of imap_password'),
  max_emails_per_day: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100_000, description: 'daily cap, counted in the sender’s timezone (30)' }),
  ),
  sequence_max_daily_frequency: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100_000, description: 'alias of max_emails_per_day' }),
  ),
  min_gap_minutes: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 1440, description: 'least time between two sends of this sender (0)' }),
  ),
  timezone: Text('IANA time zone the daily cap is counted in (UTC)'),
  reply_to_email: Text('Reply-To address ("" for none)'),
  reply_to: Text('alias of reply_to_email'),
  signature: Text('HTML signature'),
  dkim_selector: Text('DKIM selector; with dkim_private_key, every message is signed'),
  dkim_identifier: Text('alias of dkim_selector; `selector._domainkey.domain` also sets dkim_domain'),
  dkim_private_key: Text('PEM RSA private key for DKIM ("" removes it); never returned'),
  dkim_domain: Text('DKIM signing domain (default: the domain of from_email)'),
  custom_tracking_url: Text('base URL of a custom tracking domain ("" for none)'),
  tracking_domain: Text('alias of custom_tracking_url; a bare domain means https://'),
  use_custom_tracking_domain: Flag('false removes the custom tracking domain'),
  paused: Flag('a paused sender sends nothing; un-pausing also clears needs-attention'),
  // SalesBlink's warm-up, inbox and folder settings: Blinkpost does no warm-up.
  warmup_enabled: Ignored(),
  total_warmup_per_day: Ignored(),
  warmup_tag: Ignored(),
  inbox_enable: Ignored(),
  inbox_enabled: Ignored(),
  inbox_path: Ignored(),
  spam_path: Ignored(),
  signature_id: Ignored(),
  sequence_auto_ramp_up_enabled: Ignored(),
  sequence_initial_daily_frequency: Ignored(),
  sequence_ramp_up_frequency: Ignored(),
  folder: Ignored(),
};

/** Body of `POST /senders`: an SMTP (optionally IMAP) mailbox. Unknown fields are ignored and named in `message`. */
export const CreateSenderBody = Type.Object(
  {
    from_email: Text('the sender address (required; `email` is an alias)'),
    email: Text('alias of from_email'),
    ...SenderSettingsFields,
  },
  { additionalProperties: true },
);
export type CreateSenderBody = Static<typeof CreateSenderBody>;

/** Body of `PATCH /senders/:id`: any settings to change. Unknown fields are ignored and named in `message`. */
export const UpdateSenderBody = Type.Object(
  {
    ...SenderSettingsFields,
    warmup_urls: Ignored(),
    warmup_templates: Ignored(),
    auto_ramp_up_enabled: Ignored(),
    ramp_up_frequency: Ignored(),
    max_daily_frequency: Ignored('warm-up cap: ignored (the sending cap is max_emails_per_day)'),
    starting_warmup_frequency: Ignored(),
    open_rate: Ignored(),
    spam_protection: Ignored(),
    read_emulation: Ignored(),
    warmup_keyword: Ignored(),
    pause_cold_emails_when_health_low: Ignored(),
    pause_cold_emails_health_threshold: Ignored(),
  },
  { additionalProperties: true },
);
export type UpdateSenderBody = Static<typeof UpdateSenderBody>;

const Str = (description?: string) => Type.String(description ? { description } : {});
const Bool = (description?: string) => Type.Boolean(description ? { description } : {});

/** A sender as the API answers it: never a password or a private key. */
export const Sender = Type.Object({
  id: Str(),
  email: Str(),
  senderName: Str(),
  from_name: Str(),
  owned_by: Str(),
  serviceName: Type.Union([Type.Literal('smtp'), Type.Literal('smtponly')], {
    description: '"smtponly" when the sender has no IMAP',
  }),
  smtp_host: Str(),
  smtp_port: Type.Integer(),
  smtp_secure: Bool(),
  user_name: Str('SMTP login'),
  imap_host: Str('"" when none'),
  imap_port: Type.Integer({ description: '0 when none' }),
  imap_secure: Bool(),
  imap_user_name: Str(),
  has_password: Bool(),
  has_imap_password: Bool(),
  reply_to_email: Str(),
  max_emails_per_day: Type.Integer(),
  min_gap_minutes: Type.Integer(),
  timezone: Str(),
  signature: Str(),
  dkim_identifier: Str('the DKIM selector ("" when none)'),
  dkim_selector: Str(),
  dkim_domain: Str(),
  has_dkim_key: Bool(),
  custom_tracking_url: Str(),
  connected: Bool('false when the last send found the login refused'),
  connecting: Bool(),
  has_error: Bool(),
  warmup_active: Bool('always false: Blinkpost does no warm-up'),
  warmup_paused: Bool(),
  paused: Bool(),
  needs_attention: Bool(),
  status: Type.Union(SENDER_STATUSES.map((s) => Type.Literal(s))),
  status_reason: Str('why it needs attention; "" when fine'),
  created_at: Str('ISO-8601 UTC'),
  last_modified: Str('ISO-8601 UTC'),
});
export type Sender = Static<typeof Sender>;

/** Query of `GET /senders`. */
export const ListSendersQuery = Type.Object({
  ...ListingQuery('case-insensitive part of the address or name'),
  status: Type.Optional(Type.Union(SENDER_STATUSES.map((s) => Type.Literal(s)))),
  folder: Ignored(),
  filter: Ignored(),
  owned_by: Ignored(),
});
export type ListSendersQuery = Static<typeof ListSendersQuery>;

/** Path of routes that take a sender id. */
export const SenderIdParams = Type.Object({ id: Type.String({ minLength: 1 }) });

/** The outcome of one login, in the server's own words. */
export const SenderLoginReport = Type.Object({
  ok: Type.Boolean(),
  response: Type.String({ description: "the server's own words, or the network error" }),
  kind: Type.Optional(
    Type.Union([Type.Literal('transient'), Type.Literal('permanent'), Type.Literal('auth'), Type.Literal('invalid')]),
  ),
  code: Type.Optional(Type.Integer({ description: 'SMTP reply code' })),
});
export type SenderLoginReport = Static<typeof SenderLoginReport>;

/** What `POST /senders/:id/test` answers: a report, also when a login fails. */
export const SenderTestResult = Type.Object({
  smtp: SenderLoginReport,
  imap: Type.Optional(SenderLoginReport),
});
export type SenderTestResult = Static<typeof SenderTestResult>;
