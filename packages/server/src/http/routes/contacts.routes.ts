import { AddContactsBody, AddContactsResult, Ok, RemoveContactBody, RemoveContactResult } from '@blinkpost/contract';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

/** Adding contacts to a list and removing one. */
export function contactRoutes(app: FastifyInstance, s: Services, v1: boolean): void {
  const tags = [v1 ? 'v1' : 'legacy'];
  app.post<{ Body: AddContactsBody }>(
    '/contacts',
    {
      schema: {
        summary: 'Add contacts to a list',
        description:
          'Field names match case- and separator-insensitively; unknown keys become custom fields. Invalid emails are reported by index and skipped; the rest are committed together.',
        tags,
        body: AddContactsBody,
        response: { 200: Ok(AddContactsResult) },
      },
    },
    async (request) => {
      const { result, message } = await s.contacts.add(principalOf(request), request.body);
      return { success: true as const, message, data: result };
    },
  );

  app.post<{ Body: RemoveContactBody }>(
    '/contacts/remove',
    {
      schema: {
        summary: 'Remove a lead from a list by email',
        description: 'Idempotent: an email not in the list answers removed: 0. Activity history is kept.',
        tags,
        body: RemoveContactBody,
        response: { 200: Ok(RemoveContactResult) },
      },
    },
    async (request) => {
      const data = await s.contacts.remove(principalOf(request), request.body);
      const message = data.removed === 0 ? 'No lead with that email in the list' : `${data.removed} removed`;
      return { success: true as const, message, data };
    },
  );
}
