import { emailKey, emailProblem } from '../email-address.js';
import { invalid } from '../app-error.js';

/** `Re: ` before a subject that has none (any case), as mail clients do. */
export const replySubject = (subject: string): string =>
  /^\s*re:/i.test(subject) ? subject.trim() : `Re: ${subject.trim()}`;

/** `Fwd: ` before a subject that has none. */
export const forwardSubject = (subject: string): string =>
  /^\s*(?:fwd?|fw):/i.test(subject) ? subject.trim() : `Fwd: ${subject.trim()}`;

/** Text made safe to put inside HTML. */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A comma-separated address field as lower-cased addresses; a bad one is a 400 naming the field. */
export function addressList(field: string, value: string | undefined): string[] {
  if (value === undefined) return [];
  const parts = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  parts.forEach((a, i) => {
    const problem = emailProblem(a);
    if (problem) throw invalid(parts.length > 1 ? `${field}[${i}]` : field, problem);
  });
  return parts.map(emailKey);
}

/** The message being forwarded, as it is quoted. */
export interface Forwarded {
  from: string;
  to: string;
  subject: string;
  at: Date;
  text: string;
}

/** The forward's HTML: the sender's note, then the forwarded message's header block and text, escaped. */
export function forwardHtml(note: string, f: Forwarded): string {
  const lines = [
    '---------- Forwarded message ---------',
    `From: ${f.from}`,
    `Date: ${f.at.toUTCString()}`,
    `Subject: ${f.subject}`,
    `To: ${f.to}`,
  ].map(escapeHtml);
  const quoted = escapeHtml(f.text).replace(/\r?\n/g, '<br>');
  return `${note}<br><br><div class="forwarded">${lines.join('<br>')}<br><br><blockquote>${quoted}</blockquote></div>`;
}

/** The References of a message answering `inReplyTo` in a thread whose earlier Message-IDs are `thread` (oldest first). */
export function referencesFor(thread: string[], inReplyTo: string): string[] {
  const ids = thread.filter((id) => id !== '' && id !== inReplyTo);
  return [...new Set([...ids, inReplyTo])].filter(Boolean);
}
