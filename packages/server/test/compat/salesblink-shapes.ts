import {
  anything,
  arrayOf,
  bool,
  count,
  either,
  num,
  obj,
  oneOf,
  optional,
  str,
  type Check,
  type Optional,
} from './shape.js';

// What the SalesBlink CLI (and the skill's docs) expect of each answer, written from
// shared/spec/v1-reference.md §4–§5 and public-api.md §1–§2 — not from the server's own schemas.
// Where the reference names a field of a CLI schema, it is required here and strictly typed: a
// Blinkpost answer that drops it or sends null would break that client.

/** The envelope (§1, §5): `success` boolean, `message` a string when present, `data`, extra keys typed. */
export const envelope = (data: Check, extra: Record<string, Check | Optional> = {}): Check =>
  obj({ success: oneOf(true), message: optional(str), data, ...extra });

/** The envelope without `data`: `{success, message}` answers (archive, move, status changes). */
export const okMessage: Check = obj({ success: oneOf(true), message: optional(str) });

/** The error body (§1): a `message` string, `success: false`, and our stable `error.code`. */
export const errorBody: Check = obj({ success: oneOf(false), message: str, error: obj({ code: str }) });

/** Limit/skip paging keys, as the listings answer them when asked for a page. */
export const offsetPaging = { count, limit: count, skip: count };

/** A list (§4.1, CLI schema; `fields` from the newer docs, `created_at` from public-api §2). */
export const list: Check = obj({
  id: str,
  name: str,
  contacts_count: num,
  starred: bool,
  archived: bool,
  owned_by: str,
  last_modified: str,
  created_at: str,
  fields: arrayOf(str),
});

/** A contact (§4.2, CLI schema), PascalCase keys; `_id` besides `id` (§1 ids). */
export const contact: Check = obj({
  id: str,
  _id: str,
  Email: str,
  First_Name: str,
  Last_Name: str,
  Phone: str,
  list_id: str,
  owned_by: str,
  accuracy: str,
  archived: bool,
});

/** A sequence as listed (§4.3 CLI schema, and public-api §2's legacy fields). */
export const sequence: Check = obj({
  id: str,
  sequence_id: str,
  name: str,
  owned_by: str,
  status: oneOf('draft', 'running', 'paused', 'completed', 'needs-attention', 'archived'),
  paused: bool,
  starred: bool,
  archived: bool,
  sent: num,
  opens: num,
  clicks: num,
  replies: num,
  created_at: str,
  last_modified: str,
});

/** A step as the create body gives it (§4.3). */
const step: Check = either(
  obj({ type: oneOf('email'), template_id: optional(str) }),
  obj({ type: oneOf('delay'), days: num }),
);

/** One sequence (§4.3: the listing's fields, its settings, and the steps it holds). */
export const sequenceDetail: Check = (v, path) => [
  ...sequence(v, path),
  ...obj({
    steps: arrayOf(step),
    timezone: str,
    stopWhenReplyRecieved: bool,
    plainText: bool,
    delayEnabled: bool,
    emailSendingHours: arrayOf(obj({ name: str, enabled: bool, fromTime: str, toTime: str })),
  })(v, path),
];

/** A template (§4.4 CLI schema) with its `cold_email_score`. */
export const template: Check = obj({
  id: str,
  name: str,
  subject_line: str,
  content: str,
  owned_by: str,
  starred: bool,
  archived: bool,
  cold_email_score: obj({
    score: num,
    rating: str,
    details: obj({
      word_count: num,
      personalization_count: num,
      link_count: num,
      image_count: num,
      question_count: num,
      spam_word_count: num,
    }),
  }),
});

/** A sender (§4.5 CLI schema). */
export const sender: Check = obj({
  id: str,
  email: str,
  senderName: str,
  owned_by: str,
  connected: bool,
  connecting: bool,
  has_error: bool,
  warmup_active: bool,
  warmup_paused: bool,
});

/** An activity record (§4.7); clicks and replies add `template_name`. */
export const activity = (withTemplate: boolean): Check =>
  obj({
    id: str,
    time: count,
    message: str,
    type: str,
    sequence: str,
    email: str,
    sequence_name: str,
    ...(withTemplate ? { template_name: str } : {}),
  });

/** A conversation row of `GET /inbox` (§4.10 CLI schema). */
export const inboxRow: Check = obj({ id: str, messageId: str, task_type: str, email: str });

/** A folder (§4.12 CLI schema). */
export const folder: Check = obj({ id: str, name: str, type: str });

/** A user (§4.13): the CLI filters the list by `id`. */
export const user: Check = obj({ id: str, email: str, role: oneOf('client', 'user', 'admin', 'developer') });

/** A workspace (§4.13). */
export const workspace: Check = obj({ id: str, name: str });

/** An API key as listed (§4.13): `created_at` a string. */
export const apiKey: Check = obj({ id: str, name: str, key: str, created_at: str });

/** The numbers §4.8 names for analytics (sent, opens, clicks, replies, bounces, unsubscribes). */
export const totals: Check = obj({
  sent: num,
  opens: num,
  clicks: num,
  replies: num,
  bounces: num,
  unsubscribes: num,
});

/** Untyped `data` (the CLI accepts any), which must still be there. */
export const someData = envelope(anything);
