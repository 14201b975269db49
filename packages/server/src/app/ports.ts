import type { UserRole } from '@blinkpost/contract';

/** The time, injected so tests move it instead of sleeping. */
export interface Clock {
  /** Unix milliseconds. */
  now(): number;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** Who is calling: the key's (or signed-in user's) workspace and role. */
export interface Principal {
  workspaceId: string;
  workspaceName: string;
  /** the API key's id; `user:<id>` for a dashboard session */
  keyId: string;
  /** `admin` for admin keys and admin users; `member` otherwise */
  role: 'admin' | 'member';
  /** set when a dashboard user signed in by cookie: who, and their own role */
  user?: { id: string; email: string; name: string; role: UserRole };
}

/** How to log in to a sender's SMTP server and sign as it; secrets in clear, held in memory only. */
export interface SmtpAccount {
  /** the sender's id: connections are pooled per account */
  id: string;
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it */
  secure: boolean;
  user: string;
  password: string;
  dkim?: { domain: string; selector: string; privateKey: string };
}

/** How to log in to a sender's IMAP server. */
export interface ImapAccount {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
}

/** A mailbox and the name shown with it. */
export interface MailAddress {
  name: string;
  address: string;
}

/** One email as the engine hands it to the mailer, fully rendered. */
export interface OutgoingMessage {
  from: MailAddress;
  to: string | MailAddress;
  replyTo?: string;
  cc?: string[];
  bcc?: string[];
  subject: string;
  html: string;
  text: string;
  /** `<id@domain>`, fixed (and stored) before SMTP is spoken */
  messageId: string;
  /** the Date header, Unix ms (the engine's clock); the machine's time when absent */
  date?: number;
  inReplyTo?: string;
  references?: string[];
  /** extra headers, e.g. List-Unsubscribe; values must not contain line breaks */
  headers?: Record<string, string>;
}

/**
 * What a mail server said, as data: `transient` (4xx, connection trouble: try again later),
 * `permanent` (5xx: this message will never be accepted), `auth` (the login was refused: fix the
 * sender), `invalid` (refused before any byte was sent, e.g. a header with a line break).
 */
export type MailFailure = {
  ok: false;
  kind: 'transient' | 'permanent' | 'auth' | 'invalid';
  /** the SMTP reply code, when the server answered one */
  code?: number;
  /** the SMTP command that failed, e.g. `RCPT TO`, `AUTH PLAIN`, `CONN` */
  command?: string;
  /** the server's own words, or the network error */
  response: string;
};

/**
 * The `command` of a transient failure that never reached an SMTP server (the mailer itself could not
 * start, e.g. its mail thread): the send is retried without counting an attempt, so a fault of ours
 * does not use up the tries a recipient's server is given.
 */
export const NOT_ATTEMPTED = 'NOT ATTEMPTED';

/** The outcome of a send: accepted (with the server's words), or a failure to act on. */
export type SendOutcome = { ok: true; response: string; messageId: string } | MailFailure;

/** The outcome of a login check. */
export type LoginOutcome = { ok: true; response: string } | MailFailure;

/** Sends mail over SMTP. Never throws: every failure is an outcome. */
export interface Mailer {
  /** logs in and out again, answering the server's words */
  verify(account: SmtpAccount): Promise<LoginOutcome>;
  /** sends one message from `account` */
  send(account: SmtpAccount, message: OutgoingMessage): Promise<SendOutcome>;
  /** closes every pooled connection */
  close(): Promise<void>;
  /** sends of one sender it carries at once (its connections); more wait inside it. Unlimited when absent. */
  readonly connectionsPerSender?: number;
}

/** Checks that an IMAP login works. Never throws. */
export interface MailboxChecker {
  check(account: ImapAccount): Promise<LoginOutcome>;
}

/** A sender's INBOX, opened read-only: what the inbox poller reads new mail through. */
export interface InboxConnection {
  /** the mailbox's UIDVALIDITY: its UIDs mean something only under it */
  readonly uidValidity: number;
  /** false once the server (a `BYE`) or the network ended the session */
  readonly open: boolean;
  /** the UIDs above `after`, ascending; `since` leaves out mail that arrived before that day */
  newUids(after: number, since?: Date): Promise<number[]>;
  /** the messages' bytes (the first `maxBytes` of each), in UID order */
  fetch(uids: number[], maxBytes: number): Promise<{ uid: number; raw: Buffer }[]>;
  /** resolves when new mail is announced (IDLE, where the server has it), `ms` pass, the session ends, or `signal` aborts */
  waitForMail(ms: number, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** Opens a sender's INBOX; throws when the server cannot be reached or refuses the login. */
export type OpenInbox = (account: ImapAccount) => Promise<InboxConnection>;
