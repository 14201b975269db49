import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../src/app/ports.js';
import { addressText, mailboxText, mimeText } from '../../src/mail/mime-text.js';

const base: OutgoingMessage = {
  from: { name: 'Ann Sender', address: 'ann@sender.test' },
  to: 'lead@lead.test',
  subject: 'Hello',
  html: '<p>Hi there</p>',
  text: 'Hi there',
  messageId: '<abc@sender.test>',
  date: Date.UTC(2026, 10, 27, 10, 9, 19),
};

/** The text as a mail client reads it (mailparser), and its raw header block. */
async function parsed(m: OutgoingMessage) {
  const text = mimeText(m);
  return { text, head: text.slice(0, text.indexOf('\r\n\r\n')), mail: await simpleParser(text) };
}

describe('the MIME text of an outgoing message', () => {
  it('carries the headers and both parts, and reads back as written', async () => {
    const { text, head, mail } = await parsed({
      ...base,
      replyTo: 'replies@sender.test',
      cc: ['boss@sender.test'],
      bcc: ['archive@sender.test'],
      inReplyTo: '<first@sender.test>',
      references: ['<first@sender.test>', '<second@sender.test>'],
      headers: { 'List-Unsubscribe': '<https://t.test/u/abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    expect(head.split('\r\n').slice(0, 9)).toEqual([
      'From: Ann Sender <ann@sender.test>',
      'To: lead@lead.test',
      'Reply-To: replies@sender.test',
      'Cc: boss@sender.test',
      'Subject: Hello',
      'Message-ID: <abc@sender.test>',
      'In-Reply-To: <first@sender.test>',
      'References: <first@sender.test> <second@sender.test>',
      'Date: Fri, 27 Nov 2026 10:09:19 +0000',
    ]);
    // A Bcc copy travels in the envelope only.
    expect(text).not.toMatch(/archive@|^Bcc:/im);
    expect(mail.messageId).toBe('<abc@sender.test>');
    expect(mail.references).toEqual(['<first@sender.test>', '<second@sender.test>']);
    expect(head).toMatch(
      /^List-Unsubscribe: <https:\/\/t\.test\/u\/abc>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click$/m,
    );
    expect(mail.text?.trim()).toBe('Hi there');
    expect(mail.html).toBe('<p>Hi there</p>');
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    // Every line ends in CRLF, and none is longer than SMTP allows.
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(Math.max(...text.split('\r\n').map((l) => l.length))).toBeLessThanOrEqual(998);
  });

  it('is one text part when there is no HTML', async () => {
    const { mail, head } = await parsed({ ...base, html: '' });
    expect(head).toMatch(/^Content-Type: text\/plain; charset=utf-8$/m);
    expect(mail.text?.trim()).toBe('Hi there');
    expect(mail.html).toBe(false);
  });

  it('encodes what is not ASCII: a name, a subject, a custom header, the body', async () => {
    const body = 'Grüße aus Köln — ' + 'ein ziemlich langer Satz, '.repeat(8) + '\nZeile zwei';
    const { head, mail } = await parsed({
      ...base,
      from: { name: 'Jürgen Müller', address: 'j@sender.test' },
      subject: 'Grüße, Jürgen — a subject long enough to be folded over more than one line of the header',
      headers: { 'X-Campaign': 'Frühling' },
      text: body,
      html: `<p>${body}</p>`,
    });
    expect(head).not.toMatch(/[\u0080-\uffff]/);
    expect(head.split('\r\n').every((l) => l.length <= 78)).toBe(true);
    expect(mail.from?.value).toEqual([{ name: 'Jürgen Müller', address: 'j@sender.test' }]);
    expect(mail.subject).toBe(
      'Grüße, Jürgen — a subject long enough to be folded over more than one line of the header',
    );
    // A header mailparser leaves undecoded: the encoded word itself (RFC 2047).
    expect(head).toMatch(/^X-Campaign: =\?UTF-8\?Q\?Fr=C3=BChling\?=$/m);
    expect(mail.text?.trim()).toBe(body);
    expect(mail.html).toBe(`<p>${body}</p>`);
    expect(mimeText({ ...base, text: body })).toMatch(/Content-Transfer-Encoding: quoted-printable/);
  });

  it('encodes control characters and look-alike encoded words in free text, and strips them from ids', async () => {
    const subject = 'Re: hi\u001b[31m there\u000b';
    const fake = 'Prize =?utf-8?Q?Free_Money?=';
    const { head, mail } = await parsed({
      ...base,
      from: { name: 'Bad\u001bName', address: 'ann@sender.test' },
      subject,
      headers: { 'X-Note': fake },
      inReplyTo: 'first@sender.test\u0007',
      references: ['<first@sender.test> second@sender.test'],
    });
    // eslint-disable-next-line no-control-regex -- control characters are what it looks for
    expect(head).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    expect(mail.subject).toBe(subject);
    expect(mail.from?.value[0]?.name).toBe('Bad\u001bName');
    expect(head).not.toContain(fake);
    expect(head).toMatch(/^In-Reply-To: <first@sender\.test>$/m);
    expect(mail.references).toEqual(['<first@sender.test>', '<second@sender.test>']);
  });

  it('uses base64 for text that is mostly not Latin, and keeps it intact', async () => {
    const text = 'こんにちは、お元気ですか。'.repeat(10);
    const { mail } = await parsed({ ...base, html: '', text });
    expect(mimeText({ ...base, html: '', text })).toMatch(/Content-Transfer-Encoding: base64/);
    expect(mail.text?.trim()).toBe(text);
  });

  it('keeps long ASCII lines under the limit with quoted-printable', async () => {
    const html = `<p>${'word '.repeat(400)}</p>`;
    const { text, mail } = await parsed({ ...base, html });
    expect(Math.max(...text.split('\r\n').map((l) => l.length))).toBeLessThanOrEqual(76);
    expect(mail.html).toBe(html);
  });

  it('writes addresses as a server takes them: domains punycoded, odd local parts quoted, names quoted', () => {
    expect(addressText('lead@jõgeva.ee')).toBe('lead@xn--jgeva-dua.ee');
    expect(addressText('jõgi@jõgeva.ee')).toBe('jõgi@jõgeva.ee');
    expect(addressText('first.last+tag@x.test')).toBe('first.last+tag@x.test');
    expect(addressText('odd local@x.test')).toBe('"odd local"@x.test');
    expect(mailboxText({ name: 'Smith, Ann', address: 'a@x.test' })).toBe('"Smith, Ann" <a@x.test>');
    expect(mailboxText({ name: 'Say "hi"', address: 'a@x.test' })).toBe('"Say \\"hi\\"" <a@x.test>');
    expect(mailboxText({ name: '', address: 'a@x.test' })).toBe('a@x.test');
  });
});
