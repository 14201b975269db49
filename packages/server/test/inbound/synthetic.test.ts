// Messages built here, one per situation the classifier must get right, sent with CRLF as SMTP delivers them.
import { describe, expect, it } from 'vitest';
import { classifyMessage } from '../../src/domain/inbound/index.js';

const OUR_ID = '<cmp-42.step-1.lead-7@mail.blinkpost.test>';

/** A raw message: header lines, a blank line, the body; CRLF line ends. */
function rfc822(headers: Record<string, string>, body: string): string {
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return [...head, '', body].join('\n').replace(/\r?\n/g, '\r\n');
}

const reply = (extra: Record<string, string>, body: string) =>
  rfc822(
    {
      From: 'Dana Lee <Dana.Lee@Prospect.example>',
      To: 'sam@agency.example',
      Subject: 'Re: Quick question about your hiring',
      'Message-ID': '<reply-1@prospect.example>',
      'In-Reply-To': OUR_ID,
      Date: 'Tue, 3 Mar 2026 10:00:00 +0100',
      'Content-Type': 'text/plain; charset=utf-8',
      ...extra,
    },
    body,
  );

/** A subject as a mail client encodes non-ASCII text (RFC 2047). */
const encodedWord = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;

describe('replies', () => {
  it('a plain reply points at our message and keeps its text as the snippet', async () => {
    const v = await classifyMessage(reply({}, 'Sounds good,\n  let us   talk on Thursday.\n'));
    expect(v).toMatchObject({
      kind: 'reply',
      refersTo: [OUR_ID],
      from: 'dana.lee@prospect.example',
      subject: 'Re: Quick question about your hiring',
      messageId: '<reply-1@prospect.example>',
      snippet: 'Sounds good, let us talk on Thursday.',
    });
    expect(v.bounce).toBeUndefined();
  });

  it('In-Reply-To and References are both kept, each id once', async () => {
    const v = await classifyMessage(reply({ References: `<older@agency.example> ${OUR_ID}` }, 'Yes.'));
    expect(v.refersTo).toEqual([OUR_ID, '<older@agency.example>']);
  });

  it('a reply quoting our message leaves the attribution and the quoted lines out of the snippet', async () => {
    const body = [
      'Thanks Sam, not right now.',
      '',
      'On Mon, 2 Mar 2026 at 09:14, Sam Ortiz <sam@agency.example>',
      'wrote:',
      '> Hi Dana,',
      '> would you have 15 minutes this week?',
    ].join('\n');
    expect((await classifyMessage(reply({}, body))).snippet).toBe('Thanks Sam, not right now.');
  });

  it('an answer written below the quote is kept', async () => {
    const body = 'Sam Ortiz wrote:\n> would you have 15 minutes?\nYes, Friday works.';
    expect((await classifyMessage(reply({}, body))).snippet).toBe('Yes, Friday works.');
  });

  it.each([
    [
      'a From:/Sent: header block',
      'Friday at 3 works.\n\nBest,\nDana\n\nFrom: Sam Ortiz <sam@agency.example>\nSent: Monday, March 2, 2026 9:14 AM\nTo: Dana Lee\nSubject: Quick question\n\nHi Dana,',
      'Friday at 3 works. Best, Dana',
    ],
    [
      '-----Original Message-----',
      'Please remove me.\n\n-----Original Message-----\nFrom: Sam Ortiz\nHi Dana,',
      'Please remove me.',
    ],
    ['a signature', 'Call me.\n-- \nDana Lee | Prospect Inc.', 'Call me.'],
    ['a phone signature', 'Call me.\n\nSent from my iPhone', 'Call me.'],
  ])('an Outlook-style reply: the snippet stops at %s', async (_, body, snippet) => {
    expect((await classifyMessage(reply({}, body))).snippet).toBe(snippet);
  });

  it('an HTML-only reply gets its snippet from the HTML, blockquote left out', async () => {
    const html = '<div>Interested, send details.</div><blockquote>Hi Dana, would you…</blockquote>';
    const v = await classifyMessage(reply({ 'Content-Type': 'text/html; charset=utf-8' }, html));
    expect(v).toMatchObject({ kind: 'reply', snippet: 'Interested, send details.' });
  });

  it('cuts the snippet to 200 characters', async () => {
    const v = await classifyMessage(reply({}, 'word '.repeat(100)));
    expect(v.snippet).toHaveLength(200);
  });

  it.each([
    ['only X-Auto-Response-Suppress: All (Outlook sets it on ordinary mail)', { 'X-Auto-Response-Suppress': 'All' }],
    ['Auto-Submitted: no', { 'Auto-Submitted': 'no' }],
    ['a subject that mentions the office in passing', { Subject: 'Re: out of office next week?' }],
    ['a postmaster writing by hand', { From: 'postmaster@prospect.example', Subject: 'Re: your mail' }],
  ])('stays a reply with %s', async (_, headers) => {
    const v = await classifyMessage(reply(headers, 'We talked about it, call me.'));
    expect(v.kind).toBe('reply');
  });
});

describe('auto-replies', () => {
  it('an Exchange out-of-office (Auto-Submitted: auto-generated, X-Auto-Response-Suppress) is an auto-reply', async () => {
    const raw = reply(
      {
        Subject: 'Out of Office: Quick question about your hiring',
        'Auto-Submitted': 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
        'X-MS-Exchange-Inbox-Rules-Loop': 'dana.lee@prospect.example',
      },
      'I am out of the office until March 9 with limited access to email.',
    );
    const v = await classifyMessage(raw);
    expect(v).toMatchObject({ kind: 'auto_reply', refersTo: [OUR_ID] });
    expect(v.reason).toBe('Auto-Submitted: auto-generated header (RFC 3834)');
    expect(v.snippet).toMatch(/^I am out of the office until March 9/);
  });

  it('a Gmail vacation responder (Auto-Submitted: auto-replied, Precedence: bulk) is an auto-reply', async () => {
    const raw = reply(
      { Subject: 'Re: Quick question about your hiring', 'Auto-Submitted': 'auto-replied', Precedence: 'bulk' },
      'Thanks for your message. I am travelling and will answer next week.',
    );
    const v = await classifyMessage(raw);
    expect(v.kind).toBe('auto_reply');
    expect(v.reason).toBe('Auto-Submitted: auto-replied header (RFC 3834)');
  });

  it.each([
    ['X-Autoreply', { 'X-Autoreply': 'yes' }, 'X-Autoreply: yes header'],
    ['X-Autorespond', { 'X-Autorespond': 'Re: Quick question' }, 'X-Autorespond'],
    ['Precedence with an empty Return-Path', { Precedence: 'junk', 'Return-Path': '<>' }, 'Return-Path (<>)'],
    [
      'Precedence with an automatic-looking subject',
      { Precedence: 'auto_reply', Subject: 'We have received your request' },
      'automatic-looking subject',
    ],
    [
      'a read receipt',
      { 'Content-Type': 'multipart/report; report-type=disposition-notification; boundary="b"' },
      'Read receipt',
    ],
  ])('%s makes an auto-reply', async (_, headers: Record<string, string>, reason) => {
    const body = headers['Content-Type'] ? '--b\nContent-Type: text/plain\n\nDisplayed.\n--b--' : 'Received.';
    const v = await classifyMessage(reply(headers, body));
    expect(v.kind).toBe('auto_reply');
    expect(v.reason).toContain(reason);
  });

  it.each([
    ['Out of Office: Quick question', 'Out of Office'],
    ['Automatic reply: Quick question', 'Automatic reply'],
    ['Auto-Reply: Quick question', 'Auto-Reply'],
    ['Autoreply', 'Autoreply'],
    ['Away from the office until Monday', 'Away from'],
    ['On vacation', 'On vacation'],
    ['Thank you for your email', 'Thank you for your email'],
    ['Re: Quick question [Auto-Response]', 'Auto-Response'],
    ['Abwesenheitsnotiz: Quick question', 'Abwesenheitsnotiz'],
    ['Automatische Antwort: Quick question', 'Automatische Antwort'],
    ['Absence du bureau', 'Absence du bureau'],
    ['Réponse automatique : Quick question', 'Réponse automatique'],
    ['Respuesta automática: Quick question', 'Respuesta automática'],
    ['Fuera de la oficina', 'Fuera de la oficina'],
    ['Risposta automatica: Quick question', 'Risposta automatica'],
    ['Fuori sede', 'Fuori sede'],
    ['Automatisch antwoord: Quick question', 'Automatisch antwoord'],
    ['Afwezig: Quick question', 'Afwezig'],
    ['Resposta automática: Quick question', 'Resposta automática'],
    ['Ausência temporária', 'Ausência'],
    ['Automatyczna odpowiedź: Quick question', 'Automatyczna odpowiedź'],
    ['Frånvaro: Quick question', 'Frånvaro'],
    ['Automatiskt svar: Quick question', 'Automatiskt svar'],
    ['Fraværende', 'Fraværende'],
    ['Ikke til stede: Quick question', 'Ikke til stede'],
    ['自動返信: Quick question', '自動返信'],
    ['自动回复: Quick question', '自动回复'],
    ['Автоответ: Quick question', 'Автоответ'],
  ])('the encoded subject %j is an out-of-office', async (subject, phrase) => {
    const v = await classifyMessage(reply({ Subject: encodedWord(subject) }, 'Back soon.'));
    expect(v).toMatchObject({ kind: 'auto_reply', subject, reason: `Out-of-office subject: '${phrase}'` });
  });
});

/** A Postfix bounce: notice, message/delivery-status with `fields`, and the original's headers. */
function postfixDsn(fields: string, notice: string, originalHeaders: string): string {
  return rfc822(
    {
      From: 'MAILER-DAEMON@mx.agency.example (Mail Delivery System)',
      To: 'sam@agency.example',
      Subject: 'Delayed Mail (still being retried)',
      'Message-ID': '<20260303100000.AB12@mx.agency.example>',
      'Auto-Submitted': 'auto-replied',
      'Content-Type': 'multipart/report; report-type=delivery-status; boundary="B1"',
    },
    [
      '--B1',
      'Content-Description: Notification',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      notice,
      '',
      '--B1',
      'Content-Description: Delivery report',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.agency.example',
      'Arrival-Date: Tue,  3 Mar 2026 09:00:00 +0100 (CET)',
      '',
      fields,
      '',
      '--B1',
      'Content-Description: Undelivered Message Headers',
      'Content-Type: text/rfc822-headers',
      '',
      originalHeaders,
      '',
      '--B1--',
    ].join('\n'),
  );
}

describe('bounces', () => {
  it('a Postfix DSN with Action: delayed and a 4.x.x status is a soft bounce', async () => {
    const fields = [
      'Final-Recipient: rfc822; dana@slow.example',
      'Original-Recipient: rfc822;dana@slow.example',
      'Action: delayed',
      'Status: 4.4.1',
      'Diagnostic-Code: X-Postfix; connect to mx.slow.example[192.0.2.10]:25:',
      '    Connection timed out',
      'Will-Retry-Until: Sat,  7 Mar 2026 09:00:00 +0100 (CET)',
    ].join('\n');
    const notice =
      'This is the mail system at host mx.agency.example.\n\n####################################\n# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n####################################';
    const v = await classifyMessage(postfixDsn(fields, notice, `Message-ID: ${OUR_ID}\nSubject: Quick question`));
    expect(v.kind).toBe('bounce');
    expect(v.bounce).toEqual({
      severity: 'soft',
      status: '4.4.1',
      recipient: 'dana@slow.example',
      diagnostic: 'connect to mx.slow.example[192.0.2.10]:25: Connection timed out',
    });
    expect(v.reason).toBe(
      'RFC 3464 delivery status notification: Status 4.4.1 (Action: delayed) for dana@slow.example',
    );
  });

  it("finds our Message-ID in the DSN's embedded original headers, even when folded", async () => {
    const fields = 'Final-Recipient: rfc822; nobody@prospect.example\nAction: failed\nStatus: 5.1.1';
    const headers = `From: sam@agency.example\nMessage-ID:\n ${OUR_ID}\nSubject: Quick question`;
    const v = await classifyMessage(postfixDsn(fields, 'Your message could not be delivered.', headers));
    expect(v.bounce).toMatchObject({ severity: 'hard', status: '5.1.1', recipient: 'nobody@prospect.example' });
    expect(v.refersTo).toEqual([OUR_ID]);
  });

  it('the worst of several recipients decides, and a report of deliveries only is no bounce', async () => {
    const mixed = [
      'Final-Recipient: rfc822; later@prospect.example\nAction: delayed\nStatus: 4.2.2',
      'Final-Recipient: rfc822; gone@prospect.example\nAction: failed\nStatus: 5.1.1',
    ].join('\n\n');
    const v = await classifyMessage(postfixDsn(mixed, 'Some recipients failed.', `Message-ID: ${OUR_ID}`));
    expect(v.bounce).toMatchObject({ severity: 'hard', recipient: 'gone@prospect.example' });

    const delivered = 'Final-Recipient: rfc822; dana@prospect.example\nAction: delivered\nStatus: 2.0.0';
    const success = await classifyMessage(postfixDsn(delivered, 'Delivered.', `Message-ID: ${OUR_ID}`));
    expect(success.kind).not.toBe('bounce');
  });

  it.each([
    [
      'a 5xx reply without enhanced code',
      '<dana@prospect.example>:\nRemote host said: 550 Requested action not taken: mailbox unavailable',
      'hard',
      '',
    ],
    ['an Exchange 2003 #5.0.0', 'dana@prospect.example\n    #5.0.0 X-Unknown recipient', 'hard', '5.0.0'],
    ['no code but "mailbox full"', 'dana@prospect.example:\nThe mailbox is full and cannot accept mail.', 'soft', ''],
    ['no code but "will retry"', 'dana@prospect.example:\nThe server will retry for 4 more days.', 'soft', ''],
    ['no code and nothing temporary', 'dana@prospect.example:\nNo such mailbox here.', 'hard', ''],
  ])('a mailer-daemon notice with %s', async (_, text, severity, status) => {
    const raw = rfc822(
      { From: 'MAILER-DAEMON@mx.agency.example', To: 'sam@agency.example', Subject: 'failure notice' },
      `Hi. I could not deliver your message to the following addresses.\n\n${text}\n\n--- Below this line is a copy of the message.\n\nMessage-ID: ${OUR_ID}\nSubject: Quick question`,
    );
    const v = await classifyMessage(raw);
    expect(v.bounce).toMatchObject({ severity, status, recipient: 'dana@prospect.example' });
    expect(v.reason).toMatch(/^Bounce notice \(sender mailer-daemon@mx\.agency\.example, subject 'failure notice'\)/);
    expect(v.refersTo).toEqual([OUR_ID]);
  });
});
