import { emailKey } from '../domain/email-address.js';
import type { InboundVerdict } from '../domain/inbound/index.js';
import type { OurMessage } from '../store/inbox.repo.js';
import type { SenderRecord } from '../store/sender.repo.js';
import type { Store } from '../store/store.js';

/** The addresses that are this mailbox: its from_email, its reply-to, and logins that are addresses. */
export function mailboxAddresses(s: SenderRecord): string[] {
  const all = [s.email, s.replyTo, s.smtpUser, s.imapUser].map(emailKey).filter((a) => a.includes('@'));
  return [...new Set(all)];
}

/**
 * Ties an inbound message to the message of ours it answers or bounces: by the Message-IDs it names,
 * else by its sender (for a bounce, its failed address) being a lead this mailbox emailed. `how` says which.
 */
export async function matchOurMessage(
  store: Store,
  sender: SenderRecord,
  mailbox: string[],
  v: InboundVerdict,
): Promise<{ ours: OurMessage; how: string } | undefined> {
  const ws = sender.workspaceId;
  // A long References header is cut to its newest ids: a thread's latest messages are ours if any are.
  const byId = await store.inbox.ourMessage(ws, v.refersTo.slice(-100));
  if (byId) {
    const where = v.kind === 'bounce' ? 'it names our message' : 'In-Reply-To/References name our message';
    return { ours: byId, how: `${where} ${byId.messageId}` };
  }
  const address = v.kind === 'bounce' ? (v.bounce?.recipient ?? '') : v.from;
  if (!address) return undefined;
  const senderIds = await store.inbox.sendersOfMailbox(ws, mailbox);
  const byAddress = await store.inbox.lastMessageTo(ws, senderIds, address);
  if (!byAddress) return undefined;
  const who = v.kind === 'bounce' ? `the failed address ${address}` : `the sender ${address}`;
  return { ours: byAddress, how: `${who} is a lead this mailbox emailed (last: ${byAddress.messageId})` };
}

/** Why a message was found to be none of ours. */
export function whyNotOurs(v: InboundVerdict): string {
  const ids =
    v.refersTo.length > 0 ? `names none of our Message-IDs (${v.refersTo.length} given)` : 'names no Message-ID';
  const who =
    v.kind === 'bounce' ? `its failed address ${v.bounce?.recipient || '(none)'}` : `its sender ${v.from || '(none)'}`;
  return `not ours: it ${ids}, and ${who} is not a lead this mailbox emailed`;
}
