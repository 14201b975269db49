import type {
  ForwardBody,
  InboxSendResult,
  InboxThread,
  InboxThreadView,
  ListInboxQuery,
  MarkThreadBody,
  ReplyBody,
} from '@blinkpost/contract';
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
 * id of an inbound message or its Message-ID (brackets optional); it is URL-encoded here.
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

  /** Every conversation matching `query`, page by page. */
  async *all(query: Omit<ListInboxQuery, 'skip'> = {}): AsyncGenerator<InboxThread> {
    for (let skip = 0; ;) {
      const page = await this.list({ limit: 100, ...query, skip });
      yield* page.result;
      skip += page.result.length;
      if (page.result.length === 0 || skip >= page.totalCount) return;
    }
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
}
