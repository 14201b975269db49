import {
  CorrectInboundBody,
  InboundIdParams,
  InboundMessage,
  ListInboundQuery,
  MAX_INBOX_PAGE,
  Ok,
} from '@blinkpost/contract';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

type WithId = { Params: { id: string } };

/** The inbox (ours, v1 only): what was read from the senders' INBOXes, and corrections of the verdicts. */
export function inboxRoutes(app: FastifyInstance, s: Services): void {
  app.get<{ Querystring: ListInboundQuery }>(
    '/inbox/messages',
    {
      schema: {
        summary: 'Messages read from the senders’ INBOXes, latest first, with the verdict, its reason and effects',
        tags: ['v1'],
        querystring: ListInboundQuery,
        response: {
          200: Ok(Type.Array(InboundMessage), { count: Type.Integer(), limit: Type.Integer(), skip: Type.Integer() }),
        },
      },
    },
    async (request) => {
      const { messages, window } = await s.inbox.list(principalOf(request), request.query);
      return {
        success: true as const,
        ...(window.clamped ? { message: `limit was clamped to ${MAX_INBOX_PAGE}` } : {}),
        data: messages,
        count: messages.length,
        limit: window.limit,
        skip: window.offset,
      };
    },
  );

  app.get<WithId>(
    '/inbox/messages/:id',
    {
      schema: {
        summary: 'One inbound message',
        tags: ['v1'],
        params: InboundIdParams,
        response: { 200: Ok(InboundMessage) },
      },
    },
    async (request) => ({ success: true as const, data: await s.inbox.get(principalOf(request), request.params.id) }),
  );

  app.patch<WithId & { Body: CorrectInboundBody }>(
    '/inbox/messages/:id',
    {
      schema: {
        summary: 'Correct a verdict: its effects follow the new kind; nothing already stopped is restarted',
        tags: ['v1'],
        params: InboundIdParams,
        body: CorrectInboundBody,
        response: { 200: Ok(InboundMessage) },
      },
    },
    async (request) => {
      const { message, note } = await s.inbox.correct(principalOf(request), request.params.id, request.body);
      return { success: true as const, message: note, data: message };
    },
  );
}
