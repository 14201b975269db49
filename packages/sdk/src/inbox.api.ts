import {
  MAX_INBOX_PAGE,
  MAX_INBOX_THREADS,
  type CorrectInboundBody,
  type ForwardBody,
  type InboundMessage,
  type InboxSendResult,
  type InboxThread,
  type InboxThreadView,
  type ListInboundQuery,
  type ListInboxQuery,
  type MarkThreadBody,
  type ReplyBody,
} from '@blinkpost/contract';
import { byOffset, everyRow, pageSize } from './paging.js';
import { pathOf, type Requester } from './requester.js';

/** One page of `inbox.list`: the rows, how many match in all, and the page's Message-IDs. */
export interface InboxPage {
  result: InboxThread[];
  totalCount: number;
  messageIDs: string[];
  limit: number;
  skip: number;
}

/**
 * The unified inbox: conversations of replies (one per lead and sequence), a conversation, labels and
 * read state, and replies and forwards sent from the conversation's own sender. A `messageId` is our
 * id of an inbound message or its Message-ID (brackets optional); it is URL-encoded here. Also every
 * message read from the senders' INBOXes with its verdict (`messages`), which a person may correct.
 */
export class InboxApi {
  constructor(private readonly http: Requester) {}

  /** Conversations, latest first (`type: 'sent' | 'scheduled'`: messages written in the inbox). */
  async list(query: ListInboxQuery = {}): Promise<InboxPage> {
    const env = await this.http.request<{ result: InboxThread[]; totalCount: number }>('GET', '/inbox', {
      query: { ...query },
    });
    const extra = env as unknown as { messageIDs?: string[] };
    return {
      ...env.data,
      messageIDs: extra.messageIDs ?? env.data.result.map((r) => r.messageId),
      limit: env.limit ?? env.data.result.length,
      skip: env.skip ?? 0,
    };
  }

  /** Every conversation matching `query`, page by page (`limit`: the page size, default and at most 100). */
  all(query: Omit<ListInboxQuery, 'skip'> = {}): AsyncGenerator<InboxThread> {
    return byOffset(pageSize(query.limit, MAX_INBOX_THREADS), async (limit, skip) => {
      const page = await this.list({ ...query, limit, skip });
      return { rows: page.result, size: page.limit, total: page.totalCount };
    });
  }

  /** A conversation, newest message first. */
  async thread(messageId: string): Promise<InboxThreadView> {
    return (await this.http.request<InboxThreadView>('GET', pathOf('inbox', messageId, 'thread'))).data;
  }

  /** Marks a conversation read or unread and/or sets its outcome (`do-not-contact` also blocklists the lead). */
  async mark(messageId: string, body: MarkThreadBody): Promise<InboxThread> {
    return (await this.http.request<InboxThread>('PATCH', pathOf('inbox', messageId), { body })).data;
  }

  /** Replies from the conversation's sender, threaded; a later `scheduled_time` (ms) keeps it until due. */
  async reply(messageId: string, body: ReplyBody): Promise<InboxSendResult> {
    return (await this.http.request<InboxSendResult>('POST', pathOf('inbox', messageId, 'reply'), { body })).data;
  }

  /** Forwards the reply, quoted, from the conversation's sender (default recipient: the lead). */
  async forward(messageId: string, body: ForwardBody = {}): Promise<InboxSendResult> {
    return (await this.http.request<InboxSendResult>('POST', pathOf('inbox', messageId, 'forward'), { body })).data;
  }

  /** Messages read from the senders' INBOXes, latest first, each with its verdict, the reason and its effects. */
  async messages(query: ListInboundQuery = {}): Promise<InboundMessage[]> {
    return (await this.http.request<InboundMessage[]>('GET', '/inbox/messages', { query })).data;
  }

  /** Every inbound message matching `query`, page by page (`limit`: the page size, at most 100). */
  allMessages(query: Omit<ListInboundQuery, 'skip'> = {}): AsyncGenerator<InboundMessage> {
    return everyRow(this.http, { path: '/inbox/messages', query, limit: query.limit, max: MAX_INBOX_PAGE });
  }

  /** One inbound message. */
  async message(id: string): Promise<InboundMessage> {
    return (await this.http.request<InboundMessage>('GET', pathOf('inbox', 'messages', id))).data;
  }

  /** Corrects a verdict the classifier got wrong; its effects follow the new kind (nothing stopped restarts). */
  async correctMessage(id: string, body: CorrectInboundBody): Promise<InboundMessage> {
    return (await this.http.request<InboundMessage>('PATCH', pathOf('inbox', 'messages', id), { body })).data;
  }
}
