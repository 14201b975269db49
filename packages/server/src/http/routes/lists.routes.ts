import { CreateListBody, List, ListIdParams, ListListsQuery, Ok } from '@blinkpost/contract';
import type { FastifyInstance } from 'fastify';
import { ListingReply, listingReply, listingRequest } from '../listing.js';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

/** Lists: the legacy listing, and (v1) creating one and reading one. */
export function listRoutes(app: FastifyInstance, s: Services, v1: boolean): void {
  app.get<{ Querystring: ListListsQuery }>(
    '/lists',
    {
      schema: {
        summary: 'All lists of the workspace, latest first (archived ones included, flagged)',
        tags: [v1 ? 'v1' : 'legacy'],
        querystring: ListListsQuery,
        response: { 200: ListingReply(List) },
      },
    },
    async (request) => {
      const listing = listingRequest(request.query);
      const data = await s.lists.list(principalOf(request), listing);
      return listingReply(data, listing);
    },
  );
  if (!v1) return;

  app.post<{ Body: CreateListBody }>(
    '/lists',
    {
      schema: { summary: 'Create an empty list', tags: ['v1'], body: CreateListBody, response: { 200: Ok(List) } },
    },
    async (request) => ({
      success: true as const,
      message: 'List created',
      data: await s.lists.create(principalOf(request), request.body),
    }),
  );

  app.get<{ Params: { id: string } }>(
    '/lists/:id',
    { schema: { summary: 'One list', tags: ['v1'], params: ListIdParams, response: { 200: Ok(List) } } },
    async (request) => ({ success: true as const, data: await s.lists.get(principalOf(request), request.params.id) }),
  );
}
