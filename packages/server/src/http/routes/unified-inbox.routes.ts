import {
  ForwardBody,
  InboxMessageParams,
  InboxSendResult,
  InboxThread,
  InboxThreadPage,
  InboxThreadView,
  ListInboxQuery,
  MarkThreadBody,
  MAX_INBOX_THREADS,
  Ok,
  ReplyBody,
} from '@blinkpost/contract';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

type WithMessage = { Params: { messageId: string } };

const sendNote = (r: InboxSendResult, what: string) =>
  r.status === 'scheduled' ? `${what} scheduled for ${new Date(r.scheduled_time).toISOString()}` : `${what} sent`;

/** The unified inbox of v1 §4.10: conversations of replies, a conversation, labels, replies and forwards. */
export function unifiedInboxRoutes(app: FastifyInstance, s: Services): void {
  app.get<{ Querystring: ListInboxQuery }>(
    '/inbox',
    {
      schema: {
        summary: 'Conversations with a reply, auto-reply or bounce (one per lead and sequence), latest first',
        tags: ['v1'],
        querystring: ListInboxQuery,
        response: {
          200: Ok(InboxThreadPage, {
            count: Type.Integer({ description: 'rows in this page' }),
            messageIDs: Type.Array(Type.String(), { description: 'the Message-IDs of this page’s rows' }),
            limit: Type.Integer(),
            skip: Type.Integer(),
          }),
        },
      },
    },
    async (request) => {
      const { result, total, window } = await s.unifiedInbox.list(principalOf(request), request.query);
      return {
        success: true as const,
        ...(window.clamped ? { message: `limit was clamped to ${MAX_INBOX_THREADS}` } : {}),
        data: { result, totalCount: total },
        count: result.length,
        messageIDs: result.map((r) => r.messageId),
        limit: window.limit,
        skip: window.offset,
      };
    },
  );

  app.get<WithMessage>(
    '/inbox/:messageId/thread',
    {
      schema: {
        summary:
          'A conversation, newest first: the sequence’s messages, the replies, and what was written in the inbox',
        tags: ['v1'],
        params: InboxMessageParams,
        response: { 200: Ok(InboxThreadView) },
      },
    },
    async (request) => ({
      success: true as const,
      data: await s.unifiedInbox.thread(principalOf(request), request.params.messageId),
    }),
  );

  app.patch<WithMessage & { Body: MarkThreadBody }>(
    '/inbox/:messageId',
    {
      schema: {
        summary: 'Mark a conversation read or unread and set its outcome (`do-not-contact` blocklists the lead)',
        tags: ['v1'],
        params: InboxMessageParams,
        body: MarkThreadBody,
        response: { 200: Ok(InboxThread) },
      },
    },
    async (request) => {
      const { thread, note } = await s.unifiedInbox.mark(principalOf(request), request.params.messageId, request.body);
      return { success: true as const, message: note, data: thread };
    },
  );

  app.post<WithMessage & { Body: ReplyBody }>(
    '/inbox/:messageId/reply',
    {
      schema: {
        summary: 'Reply from the conversation’s sender, threaded (In-Reply-To the reply, References the thread)',
        tags: ['v1'],
        params: InboxMessageParams,
        body: ReplyBody,
        response: { 200: Ok(InboxSendResult) },
      },
    },
    async (request) => {
      const r = await s.inboxOutbox.reply(principalOf(request), request.params.messageId, request.body);
      return { success: true as const, message: sendNote(r, 'Reply'), data: r };
    },
  );

  app.post<WithMessage & { Body: ForwardBody }>(
    '/inbox/:messageId/forward',
    {
      schema: {
        summary: 'Forward a reply, quoted, from the conversation’s sender',
        tags: ['v1'],
        params: InboxMessageParams,
        body: ForwardBody,
        response: { 200: Ok(InboxSendResult) },
      },
    },
    async (request) => {
      const r = await s.inboxOutbox.forward(principalOf(request), request.params.messageId, request.body);
      return { success: true as const, message: sendNote(r, 'Forward'), data: r };
    },
  );
}
