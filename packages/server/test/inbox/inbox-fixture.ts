// Mail as real clients and servers write it, addressed to what the engine sent, and a workspace whose
// sender reads a Dovecot mailbox.
import { expect } from 'vitest';
import type { DovecotServer } from '../support/dovecot.js';
import type { TestServer } from '../support/test-server.js';
import { parsed, setUpOutreach, startSequence, type Outreach } from '../engine/engine-fixture.js';

export const V1 = '/api/public/v1.0.0';
export const DAY = 86_400_000;
export const SENDER = 'ann@sender.test';

/** A raw message: header lines, a blank line, the body; CRLF line ends, as IMAP stores them. */
export function rfc822(headers: Record<string, string>, body: string): string {
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return [...head, '', body].join('\n').replace(/\r?\n/g, '\r\n');
}

const DATE = 'Tue, 3 Mar 2026 09:15:00 +0100';

/** A plain reply: In-Reply-To our Message-ID. */
export const plainReply = (from: string, ours: string, subject: string, text: string, id: string) =>
  rfc822(
    {
      From: from,
      To: `Ann Sender <${SENDER}>`,
      Subject: `Re: ${subject}`,
      Date: DATE,
      'Message-ID': id,
      'In-Reply-To': ours,
      'Content-Type': 'text/plain; charset=utf-8',
    },
    text,
  );

/** A Gmail reply quoting ours: References and In-Reply-To, text and HTML, the quote below an attribution. */
export const gmailReply = (from: string, ours: string, subject: string, text: string) =>
  rfc822(
    {
      'MIME-Version': '1.0',
      From: from,
      Date: DATE,
      'Message-ID': '<CAJx2Vb0uT0q4w_PT9m+3hK=9Lw@mail.gmail.com>',
      Subject: `Re: ${subject}`,
      To: `Ann Sender <${SENDER}>`,
      References: ours,
      'In-Reply-To': ours,
      'X-Gm-Message-State': 'AOJu0YzQ1',
      'Content-Type': 'multipart/alternative; boundary="000000000000a1b2c3"',
    },
    [
      '--000000000000a1b2c3',
      'Content-Type: text/plain; charset="UTF-8"',
      '',
      text,
      '',
      `On Mon, Mar 2, 2026 at 10:00 AM Ann Sender <${SENDER}> wrote:`,
      '',
      '> Hi, how is it going?',
      '',
      '--000000000000a1b2c3',
      'Content-Type: text/html; charset="UTF-8"',
      '',
      `<div dir="ltr">${text}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Mar 2, 2026 at 10:00 AM Ann Sender &lt;${SENDER}&gt; wrote:<br></div><blockquote class="gmail_quote">Hi, how is it going?</blockquote></div>`,
      '',
      '--000000000000a1b2c3--',
    ].join('\n'),
  );

/** An Outlook reply: no In-Reply-To or References, only Thread-Index, and the quoted header block. */
export const outlookReply = (from: string, subject: string, text: string) =>
  rfc822(
    {
      From: from,
      To: `Ann Sender <${SENDER}>`,
      Subject: `RE: ${subject}`,
      'Thread-Topic': subject,
      'Thread-Index': 'AQHZk3v1Yb0xk9cFQ0W8vY2dJq4w3A==',
      Date: DATE,
      'Message-ID': '<DM6PR11MB4100C2D1A3F0B9E8D7C6B5A4B3A2@DM6PR11MB4100.namprd11.prod.outlook.com>',
      'X-MS-Has-Attach': '',
      'Content-Language': 'en-US',
      'Content-Type': 'text/plain; charset="us-ascii"',
    },
    `${text}\n\nFrom: Ann Sender <${SENDER}>\nSent: Monday, March 2, 2026 10:00 AM\nTo: ${from}\nSubject: ${subject}\n\nHi, how is it going?`,
  );

/** An Exchange out-of-office. */
export const exchangeOutOfOffice = (from: string, ours: string, subject: string) =>
  rfc822(
    {
      From: from,
      To: `Ann Sender <${SENDER}>`,
      Subject: `Automatic reply: ${subject}`,
      Date: DATE,
      'Message-ID': '<ooo-7f3a@EX01.prospect.test>',
      'In-Reply-To': ours,
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      'X-MS-Exchange-Inbox-Rules-Loop': from,
      'Content-Type': 'text/plain; charset="us-ascii"',
    },
    'I am out of the office until March 9 with limited access to email.',
  );

/** A Gmail vacation responder. */
export const gmailVacation = (from: string, ours: string, subject: string) =>
  rfc822(
    {
      From: from,
      To: SENDER,
      Subject: `Re: ${subject}`,
      Date: DATE,
      'Message-ID': '<CAvacation0001@mail.gmail.com>',
      'In-Reply-To': ours,
      References: ours,
      'Auto-Submitted': 'auto-replied',
      Precedence: 'bulk',
      'Content-Type': 'text/plain; charset="UTF-8"',
    },
    'Thanks for your message. I am travelling and will answer next week.',
  );

/** A Postfix DSN for `recipient`, the original's headers (with our Message-ID) attached. */
export function postfixDsn(recipient: string, ours: string, hard: boolean): string {
  const fields = hard
    ? [
        'Action: failed',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 <' + recipient + '>: Recipient address rejected: User unknown',
      ]
    : [
        'Action: delayed',
        'Status: 4.4.1',
        'Diagnostic-Code: X-Postfix; connect to mx.slow.test[192.0.2.10]:25: Connection timed out',
      ];
  return rfc822(
    {
      From: 'MAILER-DAEMON@mx.sender.test (Mail Delivery System)',
      To: SENDER,
      Subject: hard ? 'Undelivered Mail Returned to Sender' : 'Delayed Mail (still being retried)',
      Date: DATE,
      'Message-ID': `<dsn-${hard ? 'hard' : 'soft'}-${recipient}@mx.sender.test>`,
      'Auto-Submitted': 'auto-replied',
      'Content-Type': 'multipart/report; report-type=delivery-status; boundary="B1"',
    },
    [
      '--B1',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'This is the mail system at host mx.sender.test.',
      '',
      '--B1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.sender.test',
      '',
      `Final-Recipient: rfc822; ${recipient}`,
      ...fields,
      '',
      '--B1',
      'Content-Type: text/rfc822-headers',
      '',
      `From: Ann Sender <${SENDER}>`,
      `To: ${recipient}`,
      `Message-ID: ${ours}`,
      'Subject: Hello',
      '',
      '--B1--',
    ].join('\n'),
  );
}

/** A workspace whose sender reads `imapUser`'s INBOX, with a started sequence whose first step went to every contact. */
export interface InboxSetup {
  t: TestServer;
  o: Outreach;
  seqId: string;
  /** our Message-ID per lead address */
  sent: Map<string, string>;
}

/** Sets up a workspace (its own key), sends step 1 of a sequence to `emails`, and answers what was sent. */
export async function setUpInbox(
  ts: TestServer,
  dovecot: DovecotServer,
  imapUser: string,
  emails: string[],
  sequence: Record<string, unknown> = {},
  sender: Record<string, unknown> = {},
): Promise<InboxSetup> {
  const t: TestServer = { ...ts, admin: await ts.key(`Workspace of ${imapUser}`) };
  const login = dovecot.users.find((u) => u.user === imapUser)!;
  const contacts = emails.map((Email) => ({ Email, First_Name: Email.split('@')[0]!, Company: 'Co' }));
  const o = await setUpOutreach(
    t,
    contacts,
    {},
    {
      imap_host: dovecot.host,
      imap_port: dovecot.port,
      imap_secure: false,
      imap_user_name: login.user,
      imap_password: login.password,
      ...sender,
    },
  );
  const seqId = await startSequence(t, o, sequence);
  await t.server.engine.tick();
  const mails = await parsed(o.sink);
  expect(mails).toHaveLength(emails.length);
  const sent = new Map(mails.map((m) => [(m.to && 'text' in m.to ? m.to.text : '').toLowerCase(), m.messageId!]));
  return { t, o, seqId, sent };
}

/** Our Message-ID to a lead. */
export const ours = (s: InboxSetup, email: string): string => {
  const id = s.sent.get(email);
  if (!id) throw new Error(`nothing was sent to ${email}`);
  return id;
};

/** A GET of the v1 API answering `data`. */
export async function getData<T>(t: TestServer, url: string): Promise<T> {
  const res = await t.call(t.admin, 'GET', url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ data: T }>().data;
}

/** The sequence's leads with their enrollment and lead status, by address. */
export async function leadsOf(s: InboxSetup) {
  const rows = await getData<{ Email: string; status: string; lead_status: string; reason: string }[]>(
    s.t,
    `${V1}/sequences/${s.seqId}/leads`,
  );
  return new Map(rows.map((r) => [r.Email.toLowerCase(), r]));
}
