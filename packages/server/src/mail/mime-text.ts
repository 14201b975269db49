import { randomBytes } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { encodeWord, encodeWords, foldLines, hasLongerLines, isPlainText } from 'nodemailer/lib/mime-funcs';
import { encode as base64, wrap as wrapBase64 } from 'nodemailer/lib/base64';
import { encode as quotedPrintable, wrap as wrapQuotedPrintable } from 'nodemailer/lib/qp';
import type { MailAddress, OutgoingMessage } from '../app/ports.js';

// The engine's messages are always the same shape: headers and a text part, with an HTML alternative
// most of the time. Written here as one string in one go, they cost a fraction of what nodemailer's
// general composer (a tree of MIME nodes, each a stream) costs, and go to the socket in one write
// instead of one per piece (docs/decisions.md, "The MIME text is ours"). The encodings themselves
// (encoded words, quoted-printable, base64, folding) are nodemailer's.

const CRLF = '\r\n';
// A local part that needs no quoting (RFC 5322 dot-atom), or one in UTF-8 (SMTPUTF8 carries it as is).
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const NON_ASCII = /[\u0080-\uffff]/;
// Control characters (CR and LF are refused before, outgoing-message.ts): in free text they are encoded,
// as nodemailer does, so a lead's data or a reply's subject cannot put a terminal escape in a header.
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');
// Text a mail client would read as an encoded word though it is not one of ours: encoded as a whole.
const LOOKS_ENCODED = /=\?[^?\s]*\?[QqBb]\?/;

/** A quoted string (RFC 5322): quotes and backslashes escaped. */
const quoted = (text: string): string => `"${text.replace(/(["\\])/g, '\\$1')}"`;

/** An address as a header carries it: the domain punycoded when the local part is ASCII. */
export function addressText(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  const user = address.slice(0, at);
  const domain = address.slice(at + 1);
  const local = DOT_ATOM.test(user) || NON_ASCII.test(user) ? user : quoted(user);
  if (NON_ASCII.test(user)) return `${local}@${domain}`;
  return `${local}@${domainToASCII(domain) || domain}`;
}

/** A mailbox with its display name: plain words as they are, other ASCII quoted, the rest encoded. */
export function mailboxText(a: string | MailAddress): string {
  if (typeof a === 'string') return addressText(a);
  if (!a.name) return addressText(a.address);
  let name = a.name;
  if (NON_ASCII.test(name) || CONTROL.test(name) || LOOKS_ENCODED.test(name)) name = encodeWord(name, 'Q', 52);
  else if (!/^[\w ]*$/.test(name)) name = quoted(name);
  return `${name} <${addressText(a.address)}>`;
}

/** `Name: value` folded at 76 characters; the value is structured (addresses, ids) and written as is. */
function field(name: string, value: string): string {
  return foldLines(`${name}: ${value}`, 76) + CRLF;
}

/**
 * A field of free text (a subject, a custom header): encoded words where it is not ASCII; all of it
 * when it holds control characters or something a client would take for an encoded word.
 */
function textField(name: string, value: string): string {
  if (CONTROL.test(value) || LOOKS_ENCODED.test(value)) return field(name, encodeWord(value, 'Q', 52));
  return field(name, NON_ASCII.test(value) ? encodeWords(value, 'Q', 52) : value);
}

/** Message ids (`<a@b>`) for In-Reply-To and References: no control characters, each in angle brackets. */
function idsText(ids: string[]): string {
  return ids
    .flatMap((id) => id.replace(CONTROLS, '').trim().split(/\s+/))
    .filter((id) => id !== '')
    .map((id) => `${id.startsWith('<') ? '' : '<'}${id}${id.endsWith('>') ? '' : '>'}`)
    .join(' ');
}

/** `Date: Fri, 27 Nov 2026 10:09:19 +0000`, as RFC 5322 writes a date. */
function dateText(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

/** A text part: 7bit when it is short-lined ASCII, else quoted-printable (or base64 for mostly non-Latin text). */
function textPart(type: 'plain' | 'html', content: string): string {
  const lines = content.replace(/\r\n|\r|\n/g, CRLF);
  let encoding: string;
  let body: string;
  if (isPlainText(lines) && !hasLongerLines(lines, 76)) {
    encoding = '7bit';
    body = lines;
  } else if ((lines.match(/[a-z]/gi)?.length ?? 0) > (lines.match(/[\u0080-\uffff]/g)?.length ?? 0)) {
    encoding = 'quoted-printable';
    body = wrapQuotedPrintable(quotedPrintable(lines), 76);
  } else {
    encoding = 'base64';
    body = wrapBase64(base64(Buffer.from(lines, 'utf8')), 76);
  }
  return `Content-Type: text/${type}; charset=utf-8${CRLF}Content-Transfer-Encoding: ${encoding}${CRLF}${CRLF}${body}`;
}

/**
 * The message as the MIME text that goes after SMTP's DATA: its headers (no Bcc: those copies travel
 * only in the envelope), then the text part, or the text and HTML parts as alternatives. The values were
 * checked for line breaks before (outgoing-message.ts `messageProblem`).
 */
export function mimeText(m: OutgoingMessage, now: number = Date.now()): string {
  let head = field('From', mailboxText(m.from)) + field('To', mailboxText(m.to));
  if (m.replyTo) head += field('Reply-To', mailboxText(m.replyTo));
  if (m.cc && m.cc.length > 0) head += field('Cc', m.cc.map(mailboxText).join(', '));
  head += textField('Subject', m.subject) + field('Message-ID', m.messageId);
  const inReplyTo = idsText(m.inReplyTo ? [m.inReplyTo] : []);
  const references = idsText(m.references ?? []);
  if (inReplyTo) head += field('In-Reply-To', inReplyTo);
  if (references) head += field('References', references);
  head += field('Date', dateText(m.date ?? now)) + `MIME-Version: 1.0${CRLF}`;
  for (const [name, value] of Object.entries(m.headers ?? {})) head += textField(name, value);
  if (m.html === '') return head + textPart('plain', m.text) + CRLF;
  const boundary = `--_Bp-${randomBytes(12).toString('hex')}`;
  return (
    head +
    field('Content-Type', `multipart/alternative; boundary="${boundary}"`) +
    CRLF +
    `--${boundary}${CRLF}${textPart('plain', m.text)}${CRLF}` +
    `--${boundary}${CRLF}${textPart('html', m.html)}${CRLF}` +
    `--${boundary}--${CRLF}`
  );
}
