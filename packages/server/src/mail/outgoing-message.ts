import type { OutgoingMessage } from '../app/ports.js';
import { mimeText } from './mime-text.js';

const LINE_BREAK = /[\r\n\0]/;
// RFC 5322 field names: printable US-ASCII but the colon.
const HEADER_NAME = /^[!-9;-~]+$/;
const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;
// Headers the mailer writes itself from the message's fields; a custom copy would contradict them.
const RESERVED = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'message-id',
  'in-reply-to',
  'references',
  'date',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'dkim-signature',
]);

const addressParts = (a: OutgoingMessage['to']): string[] => (typeof a === 'string' ? [a] : [a.name, a.address]);

/**
 * Why the message must not be sent, or `undefined` when it may: a line break in any header value
 * would let a lead's data add headers of its own (header injection).
 */
export function messageProblem(m: OutgoingMessage): string | undefined {
  const values: [string, string][] = [
    ['From', m.from.name],
    ['From', m.from.address],
    ...addressParts(m.to).map((v): [string, string] => ['To', v]),
    ['Subject', m.subject],
    ['Message-ID', m.messageId],
  ];
  if (m.replyTo !== undefined) values.push(['Reply-To', m.replyTo]);
  if (m.inReplyTo !== undefined) values.push(['In-Reply-To', m.inReplyTo]);
  for (const r of m.references ?? []) values.push(['References', r]);
  for (const c of m.cc ?? []) values.push(['Cc', c]);
  for (const b of m.bcc ?? []) values.push(['Bcc', b]);
  for (const [name, value] of Object.entries(m.headers ?? {})) {
    if (!HEADER_NAME.test(name)) return `header name ${JSON.stringify(name)} is not a valid field name`;
    if (RESERVED.has(name.toLowerCase())) return `header ${name} is set from the message's own fields`;
    values.push([name, value]);
  }
  const broken = values.find(([, value]) => LINE_BREAK.test(value));
  if (broken) return `header ${broken[0]} contains a line break`;
  if (!MESSAGE_ID.test(m.messageId)) return `Message-ID ${JSON.stringify(m.messageId)} is not of the form <id@domain>`;
  return undefined;
}

/**
 * The message as nodemailer's sendMail takes it: the MIME text written here (mime-text.ts), and the
 * envelope, which alone carries the Bcc copies.
 */
export function toMailOptions(m: OutgoingMessage, now?: number) {
  const to = typeof m.to === 'string' ? m.to : m.to.address;
  return {
    envelope: { from: m.from.address, to: [to, ...(m.cc ?? []), ...(m.bcc ?? [])] },
    raw: mimeText(m, now),
    // Already in the text; given so that nodemailer does not make one of its own for nothing.
    messageId: m.messageId,
  };
}
