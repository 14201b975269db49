import type { InboundMessage } from './inbound-message.js';

/** The Message-IDs in a header value, each as `<id@host>` (ids written without angle brackets get them). */
export function messageIdsIn(value: string): string[] {
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => `<${m[1]}>`);
  if (bracketed.length > 0) return bracketed;
  return value
    .split(/[\s,]+/)
    .filter((token) => token !== '')
    .map((token) => `<${token}>`);
}

// A Message-ID header line inside quoted or attached headers; the value may be folded onto the next line.
const EMBEDDED_MESSAGE_ID = /^message-id:[ \t]*(?:\n[ \t]+)?(\S[^\n]*)$/gim;

const HEADER_PARTS = new Set(['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers']);

/**
 * The Message-IDs of the original message inside a bounce: in an attached message/rfc822 or
 * text/rfc822-headers part, or in headers quoted in the text. The raw body is searched too, because
 * some bounces carry a wrong MIME boundary and then no part can be found.
 */
export function embeddedMessageIds(message: InboundMessage): string[] {
  const sources = [
    ...message.attachments.filter((a) => HEADER_PARTS.has(a.contentType)).map((a) => a.content),
    message.text,
    message.body,
  ];
  const ids = sources.flatMap((source) =>
    [...source.replace(/\r\n/g, '\n').matchAll(EMBEDDED_MESSAGE_ID)].flatMap((m) => messageIdsIn(m[1] ?? '')),
  );
  return ids.filter((id) => id !== message.messageId);
}

/** The ids the message's own headers point at: In-Reply-To, then References. */
export function repliedToIds(message: InboundMessage): string[] {
  return [...messageIdsIn(message.inReplyTo), ...message.references.flatMap(messageIdsIn)];
}

/** `ids` without repeats, first occurrence kept. */
export const uniqueIds = (ids: string[]): string[] => [...new Set(ids)];
