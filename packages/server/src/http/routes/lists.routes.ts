import {
  ArchiveBody,
  CreateListBody,
  List,
  ListIdParams,
  ListListsQuery,
  Ok,
  OkMessage,
  UpdateListBody,
} from '@blinkpost/contract';
import type { FastifyInstance } from 'fastify';
import { ListingReply, listingReply, listingRequest } from '../listing.js';
import { principalOf } from '../plugins/auth.js';
import type { ListFilter } from '../../store/list.repo.js';
import type { Services } from '../services.js';

type ListSortBy = ListFilter['sortBy'];

/** Lists: the legacy listing, and (v1) creating one and reading one. */
export function listRoutes(app: FastifyInstance, s: Services, v1: boolean): void {
  app.get<{ Querystring: ListListsQuery }>(
    '/lists',
    {
      schema: {
        summary: 'All lists of the workspace, latest first (archived ones included, flagged)',
        description:
          'Filters: folder, integration, owned_by; order: sortBy (created_at, name, last_modified, contacts_count) and sortType.',
        tags: [v1 ? 'v1' : 'legacy'],
        querystring: ListListsQuery,
        response: { 200: ListingReply(List) },
      },
    },
    async (request) => {
      const q = request.query;
      const listing = listingRequest(q);
      const data = await s.lists.list(principalOf(request), listing, {
        folder: q.folder,
        integration: q.integration,
        ownedBy: q.owned_by,
        sortBy: q.sortBy as ListSortBy | undefined,
        ascending: q.sortType === 'asc',
      });
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

  app.patch<{ Params: { id: string }; Body: UpdateListBody }>(
    '/lists/:id',
    {
      schema: {
        summary: "Change a list's name, folder, star or settings",
        description:
          'verification, archive_invalid and archive_risky can be turned on, never off (400); archived is ignored: use PUT /lists/:id/archive.',
        tags: ['v1'],
        params: ListIdParams,
        body: UpdateListBody,
        response: { 200: Ok(List) },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'List updated',
      data: await s.lists.update(principalOf(request), request.params.id, request.body),
    }),
  );

  app.put<{ Params: { id: string }; Body: ArchiveBody }>(
    '/lists/:id/archive',
    {
      schema: {
        summary: 'Archive a list (its leads are no longer enrolled in sequences) or bring it back',
        tags: ['v1'],
        params: ListIdParams,
        body: ArchiveBody,
        response: { 200: OkMessage },
      },
    },
    async (request) => {
      await s.lists.setArchived(principalOf(request), request.params.id, request.body.archived);
      return { success: true as const, message: request.body.archived ? 'List archived' : 'List unarchived' };
    },
  );
}
