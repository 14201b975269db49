import {
  CreateSenderBody,
  ListSendersQuery,
  Ok,
  Sender,
  SenderIdParams,
  SenderTestResult,
  UpdateSenderBody,
} from '@blinkpost/contract';
import type { FastifyInstance } from 'fastify';
import { ListingReply, listingReply, listingRequest } from '../listing.js';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

const withIgnored = (message: string, ignored: string[]): string =>
  ignored.length === 0 ? message : `${message}; ignored unsupported field(s): ${ignored.join(', ')}`;

/** Senders (v1 only): list, read, create, change, and test a login. */
export function senderRoutes(app: FastifyInstance, s: Services): void {
  app.get<{ Querystring: ListSendersQuery }>(
    '/senders',
    {
      schema: {
        summary: 'The workspace’s senders, latest first (a flat array; never passwords or keys)',
        tags: ['v1'],
        querystring: ListSendersQuery,
        response: { 200: ListingReply(Sender) },
      },
    },
    async (request) => {
      const listing = listingRequest(request.query);
      const data = await s.senders.list(principalOf(request), { ...listing, status: request.query.status });
      return listingReply(data, listing);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/senders/:id',
    { schema: { summary: 'One sender', tags: ['v1'], params: SenderIdParams, response: { 200: Ok(Sender) } } },
    async (request) => ({
      success: true as const,
      data: await s.senders.get(principalOf(request), request.params.id),
    }),
  );

  app.post<{ Body: CreateSenderBody }>(
    '/senders',
    {
      schema: {
        summary: 'Add an SMTP sender (IMAP optional); saved without logging in — POST /senders/:id/test checks',
        tags: ['v1'],
        body: CreateSenderBody,
        response: { 200: Ok(Sender) },
      },
    },
    async (request) => {
      const { sender, ignored } = await s.senders.create(principalOf(request), request.body);
      return { success: true as const, message: withIgnored('Sender created', ignored), data: sender };
    },
  );

  app.patch<{ Params: { id: string }; Body: UpdateSenderBody }>(
    '/senders/:id',
    {
      schema: {
        summary: 'Change a sender’s settings; paused:false resumes it and clears needs-attention',
        tags: ['v1'],
        params: SenderIdParams,
        body: UpdateSenderBody,
        response: { 200: Ok(Sender) },
      },
    },
    async (request) => {
      const { sender, ignored } = await s.senders.update(principalOf(request), request.params.id, request.body);
      return {
        success: true as const,
        message: withIgnored('Sender settings updated successfully', ignored),
        data: sender,
      };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/senders/:id/test',
    {
      schema: {
        summary: 'Log in over SMTP (and IMAP when set) and report the servers’ own words; 200 even when a login fails',
        tags: ['v1'],
        params: SenderIdParams,
        response: { 200: Ok(SenderTestResult) },
      },
    },
    async (request) => {
      const data = await s.senders.test(principalOf(request), request.params.id);
      const parts = [`SMTP login ${data.smtp.ok ? 'succeeded' : 'failed'}`];
      if (data.imap) parts.push(`IMAP login ${data.imap.ok ? 'succeeded' : 'failed'}`);
      return { success: true as const, message: parts.join('; '), data };
    },
  );
}
