import { autoReplySubjectPhrase, looksAutomated } from './auto-reply-subject.js';
import type { InboundMessage } from './inbound-message.js';

const AUTORESPONDER_HEADERS = ['X-Autoreply', 'X-Autorespond', 'X-Autoresponder'];
const BULK_PRECEDENCE = /^(?:auto_reply|bulk|junk)$/i;

/**
 * Why the message is an automatic answer (out of office, autoresponder, read receipt), or null when
 * nothing says so. `X-Auto-Response-Suppress` is not a sign: Outlook puts it on ordinary mail too.
 */
export function autoReplyReason(message: InboundMessage): string | null {
  const autoSubmitted = message.headers.get('auto-submitted');
  if (autoSubmitted !== undefined && !/^no\b/i.test(autoSubmitted))
    return `Auto-Submitted: ${autoSubmitted} header (RFC 3834)`;

  for (const name of AUTORESPONDER_HEADERS) {
    const value = message.headers.get(name.toLowerCase());
    if (value !== undefined && !/^no\b/i.test(value)) return `${name}: ${value} header (autoresponder)`;
  }

  if (message.contentType === 'multipart/report' && message.reportType === 'disposition-notification')
    return 'Read receipt: a disposition-notification report (RFC 8098)';

  const phrase = autoReplySubjectPhrase(message.subject);
  if (phrase) return `Out-of-office subject: '${phrase}'`;

  const precedence = message.headers.get('precedence') ?? '';
  if (BULK_PRECEDENCE.test(precedence)) {
    if (/^<\s*>$/.test(message.headers.get('return-path') ?? ''))
      return `Precedence: ${precedence} with an empty Return-Path (<>)`;
    if (looksAutomated(message.subject))
      return `Precedence: ${precedence} with an automatic-looking subject: '${message.subject}'`;
  }
  return null;
}
