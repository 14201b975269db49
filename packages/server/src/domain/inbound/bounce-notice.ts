// Bounces written for people rather than machines (qmail, Exim, Exchange, Gmail, OpenSMTPD…): who sent
// them, what they are called, and where the failed address and the server's reply sit in the text.

import type { InboundMessage } from './inbound-message.js';
import { cutText } from '../cut-text.js';

const DAEMON_ADDRESS = /^(?:mailer[-_]?daemon|mail[-_]?daemon|postmaster|mdaemon|double-bounce)@/i;
const DAEMON_NAME = /\b(?:mail delivery (?:subsystem|system|service)|mailer[- ]daemon)\b/i;
const BOUNCE_SUBJECT =
  /undeliver(?:ed|able)|returned mail|returned to sender|failure notice|delivery status notification|mail delivery failed|delivery (?:has )?failed|delivery failure|could not be delivered|delayed mail|unzustellbar|non remis|no se puede entregar|non recapitabile|onbestelbaar/i;

/** Phrases that only a delivery failure uses. */
const FAILURE_PHRASE =
  /could(?: not|n't) be delivered|undeliverable|delivery (?:to the following recipients? )?(?:has )?failed|failed permanently|did not reach|(?:wasn't|was not|not) able to deliver|unable to deliver|permanent (?:fatal )?errors?|address(?:\(es\))? failed|delivery to the following recipients? has been delayed/i;

/** Words of a transient failure, for reports that give no status code. */
export const TEMPORARY_PHRASE =
  /temporar(?:y|ily)|delayed|will (?:be )?retr(?:y|ied)|retry (?:time|timeout)|expired|mailbox (?:is )?full|over ?quota|quota exceeded|failing for a long time|for too long|in the queue too long|try again later|deferred/i;

// The notice proper ends where the copy of the original message starts, or at the fields of the
// machine-readable part, which mailparser appends to the text.
const END_OF_NOTICE =
  /^[ \t-]*(?:reporting-mta:|original message|this is a copy of the message|below this line is a copy of the message|below is a copy of the original message|the original message follows|undelivered message follows|unsent message below)/im;

// The sentence that introduces the list of failed addresses.
const RECIPIENTS_INTRO =
  /following (?:recipients?|address(?:\(es\)|es)?|list of recipients)|these recipients|recipient\(s\)|permanent fatal errors/i;

const ADDRESS = String.raw`[^\s<>@:;,"'()[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+`;
// qmail, Postfix, Exim, Courier and OpenSMTPD start a recipient's block with "<a@b.c>:" or "a@b.c:".
const ADDRESS_BLOCK = new RegExp(String.raw`^[ \t]*<?(${ADDRESS})>?:(?:\s|$)`, 'm');
const ANY_ADDRESS = new RegExp(ADDRESS);

/** Why the message looks like a bounce by its envelope: sender, subject, X-Failed-Recipients. */
export function bounceSignals(message: InboundMessage): string[] {
  const signals: string[] = [];
  if (DAEMON_ADDRESS.test(message.from) || DAEMON_NAME.test(message.fromName))
    signals.push(`sender ${message.from || message.fromName}`);
  const subject = BOUNCE_SUBJECT.exec(message.subject);
  if (subject) signals.push(`subject '${message.subject}'`);
  if (message.headers.has('x-failed-recipients')) signals.push('X-Failed-Recipients header');
  return signals;
}

/** The report's own words, without the copy of the original message that follows them. */
export function noticeText(message: InboundMessage): string {
  const text = (message.text || message.body).replace(/\r\n/g, '\n');
  const end = END_OF_NOTICE.exec(text);
  return end ? text.slice(0, end.index) : text;
}

/** Whether the notice says that delivery failed, in the words bounces use. */
export const saysDeliveryFailed = (notice: string): boolean => FAILURE_PHRASE.test(notice);

/** The failed address: X-Failed-Recipients, a "<a@b.c>:" block, or the first address after the list's intro. */
export function failedRecipient(message: InboundMessage, notice: string): string {
  const header = ANY_ADDRESS.exec(message.headers.get('x-failed-recipients') ?? '');
  if (header) return header[0].toLowerCase();
  const block = ADDRESS_BLOCK.exec(notice);
  if (block) return block[1]!.toLowerCase();
  const intro = RECIPIENTS_INTRO.exec(notice);
  const listed = intro ? ANY_ADDRESS.exec(notice.slice(intro.index)) : null;
  return listed ? listed[0].toLowerCase() : '';
}

/** The paragraph of `notice` from `start` on, on one line, at most 200 characters. */
export function paragraphFrom(notice: string, start: number): string {
  const rest = notice.slice(start);
  const end = rest.search(/\n[ \t]*\n/);
  const paragraph = (end === -1 ? rest : rest.slice(0, end))
    .replace(/^[\s>:]+/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cutText(paragraph, 200);
}
