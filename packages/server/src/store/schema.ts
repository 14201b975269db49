// Conventions that keep one code path for both dialects:
// times are Unix milliseconds in bigint columns; flags are 0/1 integers (better-sqlite3 binds no booleans);
// JSON is stored as text and parsed in the repositories.

export interface WorkspaceTable {
  id: string;
  name: string;
  created_at: number;
}

export interface ApiKeyTable {
  id: string;
  workspace_id: string;
  name: string;
  role: 'admin' | 'member';
  hint: string;
  key_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface ListTable {
  id: string;
  workspace_id: string;
  name: string;
  archived: number;
  starred: number;
  owned_by: string;
  /** JSON array of column names */
  fields: string;
  contacts_count: number;
  /** moved by every change that can make a lead of the list enrollable (migration 0017) */
  leads_version: number;
  created_at: number;
  last_modified: number;
  /** the folder's id; '' outside any folder */
  folder: string;
  /** the integration the list came from; '' for lists made through the API */
  integration: string;
  /** JSON object of the list's settings (duplicate removal, verification flags) */
  settings: string;
}

export interface LeadTable {
  id: string;
  workspace_id: string;
  list_id: string;
  email: string;
  email_key: string;
  /** JSON object of standard fields by canonical name */
  standard: string;
  /** JSON object of custom fields by the name they were given */
  custom: string;
  status: string;
  created_at: number;
  last_modified: number;
  removed_at: number | null;
  starred: number;
  archived: number;
}

export interface SequenceTable {
  id: string;
  workspace_id: string;
  name: string;
  status: string;
  paused: number;
  archived: number;
  starred: number;
  owned_by: string;
  /** JSON object of the sequence's settings and steps */
  settings: string;
  sent_count: number;
  open_count: number;
  click_count: number;
  reply_count: number;
  /** why the engine set `needs-attention`; empty otherwise */
  status_reason: string;
  created_at: number;
  last_modified: number;
}

/** One row per thing that happened to a lead; the activity feeds read it. */
export interface ActivityTable {
  id: string;
  workspace_id: string;
  kind: 'sent' | 'open' | 'click' | 'reply' | 'bounce';
  time: number;
  sequence_id: string;
  lead_id: string | null;
  recipient_email: string;
  recipient_key: string;
  subject: string;
  step: number;
  template_name: string;
  sender_email: string;
  message_id: string;
  machine: number;
  machine_reason: string;
  url: string;
  snippet: string;
  auto_reply: number;
  reply_message_id: string;
  /** for a `bounce` row: 'hard' or 'soft'; '' otherwise */
  bounce: string;
}

export interface SettingTable {
  workspace_id: string;
  name: string;
  value: string;
}

export interface SequenceListTable {
  sequence_id: string;
  list_id: string;
}

export interface SequenceSenderTable {
  sequence_id: string;
  sender_id: string;
  position: number;
}

/** A lead's way through one sequence: where it is, when its next step is due, and why it stopped. */
export interface EnrollmentTable {
  id: string;
  workspace_id: string;
  sequence_id: string;
  lead_id: string;
  email_key: string;
  /** the mailbox this lead's whole thread goes out from, fixed at its first send */
  sender_id: string | null;
  status: 'active' | 'held' | 'completed' | 'stopped' | 'uncertain';
  reason: string;
  /** index into the sequence's steps of the next step to run */
  step: number;
  due_at: number | null;
  thread_message_id: string;
  thread_subject: string;
  created_at: number;
  updated_at: number;
}

/** The send ledger: a row is committed, Message-ID fixed, before SMTP is spoken. */
export interface MessageTable {
  id: string;
  workspace_id: string;
  enrollment_id: string;
  sequence_id: string;
  lead_id: string;
  step: number;
  sender_id: string;
  status: 'sending' | 'retry' | 'sent' | 'failed' | 'uncertain';
  message_id: string;
  to_email: string;
  subject: string;
  variant: number;
  attempts: number;
  last_error: string;
  lease_until: number | null;
  reserved_at: number;
  sent_at: number | null;
  /** hex of the random key the message's tracking tokens carry; null when nothing is tracked */
  track_key: string | null;
  /** JSON array of the URLs its tracked links stand for, by link index */
  links: string;
}

/** Addresses and domains of a workspace that are never emailed (unsubscribes, added through the API). */
export interface BlocklistTable {
  id: string;
  workspace_id: string;
  /** a lower-cased address, or a domain */
  value: string;
  type: 'email' | 'domain';
  /** `unsubscribe` (the lead's own click or reply) or `api` */
  source: string;
  created_at: number;
}

export interface SenderPacingTable {
  sender_id: string;
  next_send_at: number;
  /** the start of the sender's local day that `day_count` counts; null until first counted */
  day_start: number | null;
  /** messages reserved since `day_start` that count toward the cap (sending, sent, uncertain) */
  day_count: number;
}

export interface EngineLeaseTable {
  name: string;
  holder: string;
  expires_at: number;
}

/** An email template; `folder` is "" when unfiled. */
export interface TemplateTable {
  id: string;
  workspace_id: string;
  name: string;
  subject_line: string;
  content: string;
  folder: string;
  starred: number;
  archived: number;
  owned_by: string;
  created_at: number;
  last_modified: number;
}

/** A mailbox that sends; `*_enc` columns hold sealed text (app/secret-box.ts), '' when absent. */
export interface SenderTable {
  id: string;
  workspace_id: string;
  email: string;
  email_key: string;
  from_name: string;
  owned_by: string;
  smtp_host: string;
  smtp_port: number;
  smtp_secure: number;
  smtp_user: string;
  smtp_password_enc: string;
  /** '' for an SMTP-only sender */
  imap_host: string;
  imap_port: number;
  imap_secure: number;
  imap_user: string;
  imap_password_enc: string;
  reply_to: string;
  signature: string;
  dkim_selector: string;
  dkim_domain: string;
  dkim_private_key_enc: string;
  tracking_url: string;
  /** IANA zone the daily cap is counted in */
  timezone: string;
  max_emails_per_day: number;
  min_gap_minutes: number;
  /** 1: the engine sends nothing from it */
  paused: number;
  /** derived from paused and status_reason when written, so lists can filter on it */
  status: 'active' | 'paused' | 'needs-attention';
  /** why it needs attention; '' when fine */
  status_reason: string;
  created_at: number;
  last_modified: number;
}

/** A URL a workspace's events are POSTed to; `secret_enc` is sealed text (app/secret-box.ts). */
export interface WebhookTable {
  id: string;
  workspace_id: string;
  name: string;
  url: string;
  /** JSON array of the event names it receives; [] for every event */
  events: string;
  secret_enc: string;
  created_at: number;
  last_modified: number;
}

/** One event for one webhook: the delivery log, and the queue the dispatcher claims from. */
export interface WebhookDeliveryTable {
  id: string;
  workspace_id: string;
  webhook_id: string;
  event: string;
  /** the JSON body, fixed when the event happened */
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  response_status: number | null;
  duration_ms: number | null;
  error: string;
  created_at: number;
  first_attempt_at: number | null;
  last_attempt_at: number | null;
  /** when the dispatcher may take it; null once delivered or failed (and for test events) */
  next_attempt_at: number | null;
}

/** How far a sender's INBOX has been read: UIDs are only meaningful under one UIDVALIDITY. */
export interface InboxCursorTable {
  sender_id: string;
  uid_validity: number;
  last_uid: number;
  /** the last connection or login failure; '' once a poll succeeds */
  last_error: string;
  updated_at: number;
}

/** One message read from a sender's INBOX: the verdict, what it matched, what was done, and why. */
export interface InboundMessageTable {
  id: string;
  workspace_id: string;
  sender_id: string;
  /** the message's Message-ID, or `sha256:<hex>` of its bytes: recorded once per workspace */
  dedupe_key: string;
  /** `<uidvalidity>:<uid>` where it was read */
  uid_key: string;
  message_id: string;
  from_email: string;
  subject: string;
  /** what it counts as now: 'reply' | 'auto_reply' | 'bounce' | 'ignored' */
  kind: string;
  /** what the classifier (or the matching) said; kept when a person corrects `kind` */
  original_kind: string;
  /** 'hard' | 'soft' for a bounce, '' otherwise */
  severity: string;
  bounce_status: string;
  diagnostic: string;
  /** the classifier's reason */
  reason: string;
  /** how it was tied to one of our messages, or why it was ignored */
  matched: string;
  /** what was done, in a sentence */
  effects: string;
  snippet: string;
  /** the Message-ID of ours it belongs to */
  our_message_id: string;
  lead_id: string | null;
  lead_email: string;
  sequence_id: string | null;
  /** the `reply` or `bounce` activity row it made */
  activity_id: string | null;
  corrected: number;
  corrected_at: number | null;
  received_at: number;
}

/** An Idempotency-Key in its scope: the first request's fingerprint and, once answered, its answer (24 h). */
export interface IdempotencyKeyTable {
  /** sha256 of workspace, method, path and key */
  id: string;
  workspace_id: string;
  method: string;
  path: string;
  idem_key: string;
  fingerprint: string;
  /** the request holding the key while it runs */
  holder: string;
  /** the answer's status; null while the first request runs */
  status: number | null;
  /** JSON object of the answer's headers that are replayed */
  response_headers: string;
  response_body: string;
  created_at: number;
  locked_until: number;
}

/** A person of a workspace (v1 /users); `password_hash` (scrypt, see domain/password-hash.ts) is null until a password is set. */
export interface UserTable {
  id: string;
  workspace_id: string;
  email: string;
  /** trimmed, lower-cased email: unique per workspace */
  email_key: string;
  name: string;
  role: string;
  status: string;
  invite_url: string;
  password_hash: string | null;
  created_at: number;
  last_modified: number;
}

/** A dashboard session: the SHA-256 of the cookie's token, never the token. */
export interface SessionTable {
  id: string;
  token_hash: string;
  user_id: string;
  /** what writes made with the cookie echo in X-CSRF-Token */
  csrf_token: string;
  created_at: number;
  /** slides forward while the session is used */
  expires_at: number;
}

/** A folder: `general` (lists, templates, sequences) or `email-sender` (senders). */
export interface FolderTable {
  id: string;
  workspace_id: string;
  name: string;
  type: string;
  created_at: number;
  last_modified: number;
}

/** What a person set on an inbox conversation (a lead in a sequence). */
export interface InboxThreadTable {
  sequence_id: string;
  lead_id: string;
  workspace_id: string;
  /** an outcome label, '' when none was set */
  outcome: string;
  /** the id of the latest inbound message read; null: never read, '' : marked unread */
  read_through: string | null;
  updated_at: number;
}

/** A reply or forward written in the inbox: sent at once or kept until `scheduled_at`. */
export interface InboxOutboundTable {
  id: string;
  workspace_id: string;
  sequence_id: string;
  lead_id: string;
  sender_id: string;
  /** the inbound message it answers or forwards */
  inbound_id: string;
  kind: 'manual_reply' | 'forward';
  status: 'scheduled' | 'sending' | 'sent' | 'failed';
  message_id: string;
  in_reply_to: string;
  /** JSON array of Message-IDs for the References header */
  refs: string;
  to_email: string;
  /** comma-separated addresses */
  cc: string;
  bcc: string;
  subject: string;
  html: string;
  text_body: string;
  scheduled_at: number;
  sent_at: number | null;
  /** while `sending`: past it, the send was interrupted (it is then marked failed, never sent twice) */
  lease_until: number | null;
  last_error: string;
  created_at: number;
}

export interface Database {
  workspaces: WorkspaceTable;
  api_keys: ApiKeyTable;
  lists: ListTable;
  leads: LeadTable;
  sequences: SequenceTable;
  activity: ActivityTable;
  settings: SettingTable;
  senders: SenderTable;
  sequence_lists: SequenceListTable;
  sequence_senders: SequenceSenderTable;
  enrollments: EnrollmentTable;
  messages: MessageTable;
  sender_pacing: SenderPacingTable;
  engine_leases: EngineLeaseTable;
  templates: TemplateTable;
  blocklist: BlocklistTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  inbox_cursors: InboxCursorTable;
  inbound_messages: InboundMessageTable;
  inbox_threads: InboxThreadTable;
  inbox_outbound: InboxOutboundTable;
  idempotency_keys: IdempotencyKeyTable;
  users: UserTable;
  folders: FolderTable;
  sessions: SessionTable;
}
