import {
  DEFAULT_INBOX_THREADS,
  MAX_INBOX_THREADS,
  type InboxThread,
  type InboxThreadView,
  type ListInboxQuery,
  type MarkThreadBody,
  type ThreadMessage,
} from '@blinkpost/contract';
import { invalid, notFound } from '../domain/app-error.js';
import { offsetWindow, type PageWindow } from '../domain/paging.js';
import { isoTime } from '../domain/time-filter.js';
import type { InboundMessageTable, InboxOutboundTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { OutboundRow, ThreadFilter, ThreadKey, ThreadRow } from '../store/unified-inbox.repo.js';
import type { BlocklistService } from './blocklist.js';
import type { Clock, Principal } from './ports.js';
import { cutText } from '../domain/cut-text.js';

/** A conversation as the API answers it in `GET /inbox`. */
const toThread = (r: ThreadRow): InboxThread => ({
  id: r.id,
  messageId: r.message_id,
  task_type: r.kind,
  email: r.lead_email,
  subject: r.subject,
  snippet: r.snippet,
  unread: Number(r.unread) === 1,
  outcome: r.outcome,
  auto_reply: r.kind === 'auto_reply',
  bounce: r.kind === 'bounce',
  last_at: isoTime(Number(r.received_at)),
  time: Number(r.received_at),
  sequence_id: r.sequence_id ?? '',
  lead_id: r.lead_id ?? '',
  sender: r.sender_email ?? '',
  sender_id: r.sender_id,
});

/** A message written in the inbox as a row of `GET /inbox?type=sent|scheduled`. */
const toSentRow = (r: OutboundRow): InboxThread => {
  const at = Number(r.sent_at ?? r.scheduled_at);
  return {
    id: r.id,
    messageId: r.message_id,
    task_type: r.kind,
    email: r.to_email,
    subject: r.subject,
    snippet: cutText(r.text_body, 200),
    unread: false,
    outcome: r.outcome ?? '',
    auto_reply: false,
    bounce: false,
    last_at: isoTime(at),
    time: at,
    sequence_id: r.sequence_id,
    lead_id: r.lead_id,
    sender: r.sender_email ?? '',
    sender_id: r.sender_id,
    status: r.status,
    scheduled_time: Number(r.scheduled_at),
  };
};

/** The conversation an inbound message belongs to. */
export const threadKeyOf = (r: InboundMessageTable): ThreadKey => ({
  workspaceId: r.workspace_id,
  sequenceId: r.sequence_id ?? '',
  leadId: r.lead_id ?? '',
});

/** The forms a Message-ID may come in through a path: as stored, or without its angle brackets. */
const messageIdForms = (ref: string): string[] => {
  const bare = ref.trim();
  return bare.startsWith('<') || !bare.includes('@') ? [bare] : [bare, `<${bare}>`];
};

/** `<startMs>-<endMs>` as a range. */
function dateRange(date: string | undefined): { from?: number; to?: number } {
  if (date === undefined) return {};
  const [from, to] = date.split('-').map(Number);
  if (from === undefined || to === undefined || from > to)
    throw invalid('date', 'must be "<startMs>-<endMs>" with start ≤ end');
  return { from, to };
}

/**
 * The unified inbox (v1 §4.10): one conversation per lead and sequence, built from the replies,
 * auto-replies and bounces the inbox recorded, with a person's outcome label and read state.
 */
export class UnifiedInboxService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly blocklist: BlocklistService,
  ) {}

  /** Conversations (or, for `type=sent|scheduled`, messages written in the inbox), latest first. */
  async list(p: Principal, q: ListInboxQuery): Promise<{ result: InboxThread[]; total: number; window: PageWindow }> {
    const window = offsetWindow(MAX_INBOX_THREADS, q.limit ?? DEFAULT_INBOX_THREADS, q.skip);
    const filter: ThreadFilter = {
      workspaceId: p.workspaceId,
      sequenceId: q.sequence,
      outcome: q.outcome,
      search: q.search,
      sender: q.sender,
      ...dateRange(q.date),
    };
    const type = q.type ?? 'all';
    if (type === 'draft') return { result: [], total: 0, window };
    if (type === 'all') {
      const { rows, total } = await this.store.unifiedInbox.threads(filter, window);
      return { result: rows.map(toThread), total, window };
    }
    const statuses: InboxOutboundTable['status'][] = type === 'sent' ? ['sent', 'failed'] : ['scheduled', 'sending'];
    const { rows, total } = await this.store.unifiedInbox.outbound(filter, statuses, window);
    return { result: rows.map(toSentRow), total, window };
  }

  /** The reply (auto-reply, bounce) a path names: our id or its Message-ID; a message written in the inbox names the one it answers. */
  async resolve(p: Principal, ref: string): Promise<InboundMessageTable> {
    const repo = this.store.unifiedInbox;
    for (const form of messageIdForms(ref)) {
      const inbound = await repo.findInbound(p.workspaceId, form);
      if (inbound) return inbound;
      const outbound = await repo.findOutbound(p.workspaceId, form);
      const answered = outbound && (await repo.findInbound(p.workspaceId, outbound.inbound_id));
      if (answered) return answered;
    }
    throw notFound('inbox message', ref);
  }

  /** A conversation, newest first: the sequence's messages, the lead's replies, and what was written in the inbox. */
  async thread(p: Principal, ref: string): Promise<InboxThreadView> {
    const k = threadKeyOf(await this.resolve(p, ref));
    const latest = await this.store.unifiedInbox.thread(k);
    const { sent, inbound, outbound } = await this.store.unifiedInbox.messagesOf(k);
    const at = (time: number) => ({ time, at: isoTime(time) });
    const messages: ThreadMessage[] = [
      ...sent.map((s) => ({
        id: s.id,
        direction: 'outbound' as const,
        kind: 'sequence',
        messageId: s.message_id,
        from: s.sender_email,
        to: s.recipient_email,
        subject: s.subject,
        ...at(s.time),
        snippet: '',
        step: s.step,
      })),
      ...inbound.map((r) => ({
        id: r.id,
        direction: 'inbound' as const,
        kind: r.kind,
        messageId: r.message_id,
        from: r.from_email,
        to: latest?.sender_email ?? '',
        subject: r.subject,
        ...at(Number(r.received_at)),
        snippet: r.snippet,
      })),
      ...outbound.map((o) => ({
        id: o.id,
        direction: 'outbound' as const,
        kind: o.kind,
        messageId: o.message_id,
        from: latest?.sender_email ?? '',
        to: o.to_email,
        subject: o.subject,
        ...at(Number(o.sent_at ?? o.scheduled_at)),
        snippet: cutText(o.text_body, 200),
        body: o.html,
        status: o.status,
      })),
    ];
    messages.sort((a, b) => b.time - a.time || (b.id < a.id ? -1 : 1));
    return {
      id: latest?.id ?? '',
      email: latest?.lead_email ?? '',
      sequence_id: k.sequenceId,
      lead_id: k.leadId,
      sender_id: latest?.sender_id ?? '',
      unread: Number(latest?.unread ?? 0) === 1,
      outcome: latest?.outcome ?? '',
      messages,
    };
  }

  /** Sets a conversation's read state and/or outcome; `do-not-contact` also blocklists the lead's address. */
  async mark(p: Principal, ref: string, body: MarkThreadBody): Promise<{ thread: InboxThread; note: string }> {
    if (body.unread === undefined && body.outcome === undefined) throw invalid('body', 'must set unread or outcome');
    const k = threadKeyOf(await this.resolve(p, ref));
    const latest = await this.store.unifiedInbox.thread(k);
    if (!latest) throw notFound('inbox message', ref);
    const change = {
      ...(body.outcome !== undefined ? { outcome: body.outcome } : {}),
      ...(body.unread !== undefined ? { readThrough: body.unread ? '' : latest.id } : {}),
    };
    await this.store.unifiedInbox.mark(k, change, this.clock.now());
    let note = 'Conversation updated';
    if (body.outcome === 'do-not-contact') {
      const { added } = await this.blocklist.add(p, [latest.lead_email]);
      note +=
        added.length > 0
          ? `; ${latest.lead_email} added to the blocklist`
          : `; ${latest.lead_email} was on the blocklist already`;
    }
    return { thread: toThread((await this.store.unifiedInbox.thread(k))!), note };
  }
}
