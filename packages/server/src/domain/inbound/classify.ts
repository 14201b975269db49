import { autoReplyReason } from './auto-reply.js';
import { findBounce } from './bounce.js';
import { readInboundMessage } from './inbound-message.js';
import type { InboundVerdict } from './inbound-verdict.js';
import { embeddedMessageIds, repliedToIds, uniqueIds } from './message-ids.js';
import { replySnippet } from './reply-snippet.js';

/**
 * Classifies a raw RFC 822 message from a sender's inbox as a bounce, an auto-reply or a person's
 * reply. Bounce rules run first: many bounces also carry `Auto-Submitted`.
 */
export async function classifyMessage(raw: Buffer | string): Promise<InboundVerdict> {
  const message = await readInboundMessage(raw);
  const common = {
    from: message.from,
    subject: message.subject,
    messageId: message.messageId,
    snippet: replySnippet(message.text),
  };
  const bounce = findBounce(message);
  if (bounce) {
    const refersTo = uniqueIds([...repliedToIds(message), ...embeddedMessageIds(message)]);
    return { kind: 'bounce', bounce: bounce.bounce, reason: bounce.reason, refersTo, ...common };
  }
  const refersTo = uniqueIds(repliedToIds(message));
  const autoReply = autoReplyReason(message);
  if (autoReply) return { kind: 'auto_reply', reason: autoReply, refersTo, ...common };
  return { kind: 'reply', reason: 'No bounce or auto-reply sign: a reply written by a person', refersTo, ...common };
}
