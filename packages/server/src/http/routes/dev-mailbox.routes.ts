import {
  DevMailboxMessage,
  DevMailboxMessagePage,
  DevMailboxMessagesQuery,
  DevMailboxStatus,
} from '@blinkpost/contract';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { offsetWindow } from '../../domain/paging.js';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

// Ours and for the dashboard, like /api/session: kept out of the OpenAPI document of the public API.
const tags = ['dev mailbox'];
const hide = true;
/** Largest page of caught messages. */
const MAX_PAGE = 100;

/** The dev mailbox (`serve --dev-mailbox`): whether it is on, and the messages it caught. Mounted at /api/dev-mailbox. */
export function devMailboxRoutes(app: FastifyInstance, s: Services): void {
  app.get(
    '/',
    {
      schema: {
        summary: 'Whether the server runs with --dev-mailbox, and the demo sender of this workspace',
        tags,
        hide,
        response: { 200: DevMailboxStatus },
      },
    },
    async (request) => s.devMailbox.status(principalOf(request)),
  );

  app.get<{ Querystring: DevMailboxMessagesQuery }>(
    '/messages',
    {
      schema: {
        summary: "Messages the dev mailbox caught from this workspace's senders, newest first (404 when it is off)",
        tags,
        hide,
        querystring: DevMailboxMessagesQuery,
        response: { 200: DevMailboxMessagePage },
      },
    },
    async (request) =>
      s.devMailbox.list(principalOf(request), offsetWindow(MAX_PAGE, request.query.limit, request.query.skip)),
  );

  app.get<{ Params: { id: string } }>(
    '/messages/:id',
    {
      schema: {
        summary: 'One caught message',
        tags,
        hide,
        params: Type.Object({ id: Type.String() }),
        response: { 200: DevMailboxMessage },
      },
    },
    async (request) => s.devMailbox.get(principalOf(request), request.params.id),
  );

  app.delete(
    '/messages',
    {
      schema: {
        summary: "Forget this workspace's caught messages",
        tags,
        hide,
        response: { 200: Type.Object({ deleted: Type.Integer() }) },
      },
    },
    async (request) => ({ deleted: await s.devMailbox.clear(principalOf(request)) }),
  );
}
